# ruff: noqa: S603 - the tests start this project's own command with fixed arguments
"""A command killed with SIGKILL half-way leaves no partial rows, and running it again finishes the work.

Each command runs in its own process against a scratch database: an SQLite file (WAL), and a PostgreSQL
database when the suite runs on PostgreSQL. A small
wrapper sends the process SIGKILL to itself at a fixed point *inside* the work: after the first batch of
rows has been written but before the transaction commits. Nothing can run after SIGKILL: no ``finally``,
no rollback, no atexit; what is left is whatever the database made durable.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from openiep.roster.tests.builders import big_district, write_export

ROOT = Path(__file__).resolve().parents[3]

# Runs `openiep ARGS…`; with KILL_AT set, SIGKILLs itself at that point (see the module docstring).
RUNNER = r'''
import os, signal, sys
kill_at = os.environ.get("KILL_AT")
def die():
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)
if kill_at:
    import django
    django.setup()
if kill_at == "roster":
    from openiep.roster import services
    original = services._RosterImport.batches
    def batches(self, objects, desc):
        for batch in original(self, objects, desc):
            yield batch
            if desc == "Saving new students":
                die()  # one batch of students written, the transaction still open
    services._RosterImport.batches = batches
elif kill_at == "deadlines":
    from django.db.models.query import QuerySet
    original = QuerySet.bulk_create
    def bulk_create(self, objs, *args, **kwargs):
        result = original(self, objs, *args, **kwargs)
        if self.model.__name__ == "Deadline":
            die()  # the first chunk of deadlines written, the transaction still open
        return result
    QuerySet.bulk_create = bulk_create
from openiep.cli import main
main(["openiep", *sys.argv[1:]])
'''


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "OPENIEP_DEBUG": "true",
            "DJANGO_SETTINGS_MODULE": "openiep.settings", "OPENIEP_LOG_LEVEL": "WARNING"}


def openiep(url: str, *args: str, kill_at: str | None = None) -> subprocess.CompletedProcess:
    env = _env(url)
    if kill_at:
        env["KILL_AT"] = kill_at
    return subprocess.run([sys.executable, "-c", RUNNER, *args], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def query(url: str, sql: str, *, write: bool = False) -> list[tuple]:
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            rows = conn.execute(sql).fetchall()
            if write:
                conn.commit()
            return rows
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else []


def counts(url: str) -> dict[str, int]:
    if url.startswith("sqlite:///"):
        listing = ("SELECT name FROM sqlite_master WHERE type='table' "
                   "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'django_%'")
    else:
        listing = ("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'django_%'")
    tables = [r[0] for r in query(url, listing)]
    return {t: query(url, f'SELECT COUNT(*) FROM "{t}"')[0][0] for t in tables}  # noqa: S608


def _postgres_server() -> str | None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"


ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    _postgres_server() is None, reason="the suite runs on SQLite; DATABASE_URL=postgres://… runs this too"))]


@pytest.fixture(scope="module", params=ENGINES)
def migrated(request, tmp_path_factory):
    """A migrated scratch database of each kind, and how to make a fresh copy of it for one test."""
    if request.param == "sqlite":
        template = tmp_path_factory.mktemp("kill9") / "template.sqlite3"
        done = openiep(f"sqlite:///{template}", "migrate", "--noinput", "-v", "0")
        assert done.returncode == 0, done.stderr
        query(f"sqlite:///{template}", "PRAGMA wal_checkpoint(TRUNCATE)")

        def fresh(tmp_path: Path) -> str:
            db = tmp_path / "openiep.sqlite3"
            shutil.copy(template, db)
            return f"sqlite:///{db}"

        yield fresh
        return
    import psycopg

    server = _postgres_server()
    admin = server.replace("postgres://", "postgresql://", 1) + "/postgres"
    name = f"openiep_kill9_{os.getpid()}"
    made: list[str] = []
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    done = openiep(f"{server}/{name}", "migrate", "--noinput", "-v", "0")
    assert done.returncode == 0, done.stderr

    def fresh(tmp_path: Path) -> str:
        copy = f"{name}_{len(made)}"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
        made.append(copy)
        return f"{server}/{copy}"

    yield fresh
    with psycopg.connect(admin, autocommit=True) as conn:
        for db in [*made, name]:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


@pytest.fixture
def database(migrated, tmp_path) -> str:
    return migrated(tmp_path)


def test_a_roster_import_killed_half_way_leaves_nothing_and_a_rerun_imports_everything(database, tmp_path):
    export = write_export(tmp_path / "export", big_district(students=1200))
    empty = counts(database)

    killed = openiep(database, "import-roster", str(export), "--state", "OH", "--quiet", kill_at="roster")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert counts(database) == empty, "rows of the killed import survived"

    rerun = openiep(database, "import-roster", str(export), "--state", "OH", "--quiet")
    assert rerun.returncode == 0, rerun.stderr
    after = counts(database)
    assert after["people_student"] == 1200 and after["people_guardian"] == 1200


def test_a_deadline_recompute_killed_half_way_leaves_the_old_deadlines_and_a_rerun_completes(database):
    seeded = openiep(database, "seed", "--students", "300", "--seed", "3", "--quiet")
    assert seeded.returncode == 0, seeded.stderr
    columns = "student_id, rule_id, cycle, label, due_on, done_on"
    before = sorted(query(database, f"SELECT {columns} FROM compliance_deadline"), key=repr)  # noqa: S608
    query(database, "DELETE FROM compliance_deadline WHERE done_on IS NULL AND id % 2 = 0", write=True)  # work to do
    thinned = sorted(query(database, "SELECT * FROM compliance_deadline"), key=repr)
    assert before and len(thinned) < len(before)

    killed = openiep(database, "recompute-deadlines", "--quiet", kill_at="deadlines")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert sorted(query(database, "SELECT * FROM compliance_deadline"), key=repr) == thinned

    rerun = openiep(database, "recompute-deadlines", "--quiet")
    assert rerun.returncode == 0, rerun.stderr
    rows = sorted(query(database, f"SELECT {columns} FROM compliance_deadline"), key=repr)  # noqa: S608
    assert rows == before
