# ruff: noqa: S603 - the tests start this project's own command with fixed arguments
"""A command killed with SIGKILL half-way leaves no partial rows, and running it again finishes the work.

Each command runs in its own process against an SQLite file (WAL, as in production on SQLite). A small
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


def _env(db: Path) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "OPENIEP_DEBUG": "true",
            "DJANGO_SETTINGS_MODULE": "openiep.settings", "OPENIEP_LOG_LEVEL": "WARNING"}


def openiep(db: Path, *args: str, kill_at: str | None = None) -> subprocess.CompletedProcess:
    env = _env(db)
    if kill_at:
        env["KILL_AT"] = kill_at
    return subprocess.run([sys.executable, "-c", RUNNER, *args], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                             "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'django_%'")]
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("kill9") / "template.sqlite3"
    done = openiep(db, "migrate", "--noinput", "-v", "0")
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


@pytest.fixture
def database(migrated, tmp_path) -> Path:
    db = tmp_path / "openiep.sqlite3"
    shutil.copy(migrated, db)
    return db


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
    with sqlite3.connect(database) as conn:
        before = sorted(conn.execute(f"SELECT {columns} FROM compliance_deadline").fetchall(), key=repr)  # noqa: S608
        conn.execute("DELETE FROM compliance_deadline WHERE done_on IS NULL AND id % 2 = 0")  # some work to do
        conn.commit()
        thinned = sorted(conn.execute("SELECT * FROM compliance_deadline").fetchall())
    assert before and len(thinned) < len(before)

    killed = openiep(database, "recompute-deadlines", "--quiet", kill_at="deadlines")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    with sqlite3.connect(database) as conn:
        assert sorted(conn.execute("SELECT * FROM compliance_deadline").fetchall()) == thinned

    rerun = openiep(database, "recompute-deadlines", "--quiet")
    assert rerun.returncode == 0, rerun.stderr
    with sqlite3.connect(database) as conn:
        rows = sorted(conn.execute(f"SELECT {columns} FROM compliance_deadline").fetchall(), key=repr)  # noqa: S608
    assert rows == before
