# ruff: noqa: S603 - runs pg_dump/pg_restore found on PATH with fixed arguments (no shell, no user input)
"""Backups in one archive: the database, every uploaded file, and a manifest to check them against.

- PostgreSQL: ``pg_dump --format=custom`` of a snapshot, with the row counts taken in that same snapshot
  (``pg_export_snapshot`` + ``pg_dump --snapshot``), so the manifest and the dump agree even while people work.
- SQLite: the online backup API (``sqlite3.Connection.backup``), counted in the copy.
- ``MEDIA_ROOT``: every file, with its sha256.

The archive is a plain tar (the PostgreSQL dump is compressed already): ``manifest.json``, ``database.pgdump`` or
``database.sqlite3``, and ``media/…``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump and pg_restore, with fixed arguments
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


@dataclass
class Comparison:
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _media_files(root: Path) -> dict[str, Path]:
    if not root.is_dir():
        return {}
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def _pg_env(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    env = {**os.environ}
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed: apt-get install postgresql-client")
    return path


def _count_tables(cursor, tables: list[str], quote) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        if table.startswith("sqlite_"):  # SQLite's own bookkeeping (ANALYZE statistics), not records
            continue
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - table names from introspection
        counts[table] = cursor.fetchone()[0]
    return counts


def _dump_postgresql(target: Path, using: str) -> dict[str, int]:
    connection = connections[using]
    args, env = _pg_env(connection.settings_dict)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = connection.introspection.table_names(cursor)
        counts = _count_tables(cursor, tables, connection.ops.quote_name)
        result = subprocess.run(
            [_tool("pg_dump"), *args, "--format=custom", f"--snapshot={snapshot}", "--no-owner", "--no-privileges",
             "--file", str(target), connection.settings_dict["NAME"]],
            env=env, capture_output=True, text=True, check=False,
        )
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return counts


def _sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    names = [row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return _count_tables(db.cursor(), names, lambda n: '"' + n.replace('"', '""') + '"')


def _dump_sqlite(target: Path, using: str) -> dict[str, int]:
    connection = connections[using]
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        return _sqlite_counts(copy)
    finally:
        copy.close()


def _database_member(vendor: str) -> str:
    return {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}[vendor]


def backup_create(*, output: Path, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Write the archive to ``output``; returns the manifest."""
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in {"postgresql", "sqlite"}:
        raise BackupError(f"backups support PostgreSQL and SQLite, not {vendor}")
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="openiep-backup-") as tmp:
        db_file = Path(tmp) / _database_member(vendor)
        counts = _dump_postgresql(db_file, using) if vendor == "postgresql" else _dump_sqlite(db_file, using)
        media = _media_files(Path(settings.MEDIA_ROOT))
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": vendor,
            "database": {"member": db_file.name, "sha256": sha256_file(db_file), "size": db_file.stat().st_size},
            "tables": counts,
            "files": {name: {"sha256": sha256_file(path), "size": path.stat().st_size} for name, path in media.items()},
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            info.mode = 0o600
            archive.addfile(info, io.BytesIO(data))
            archive.add(db_file, arcname=db_file.name)
            for name, path in media.items():
                archive.add(path, arcname=f"media/{name}")
        partial.chmod(0o600)
        partial.replace(output)  # a backup killed half-way never looks like a finished one
    return manifest


def read_manifest(archive_path: Path) -> dict:
    with tarfile.open(archive_path, "r") as archive:
        member = archive.extractfile(MANIFEST)
        if member is None:
            raise BackupError("the archive has no manifest.json")
        manifest = json.load(member)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def _hash_member(archive: tarfile.TarFile, name: str) -> str | None:
    try:
        handle = archive.extractfile(name)
    except KeyError:
        return None
    if handle is None:
        return None
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def archive_verify(archive_path: Path) -> Comparison:
    """Is the archive whole? Every hash in the manifest matches; the database copy opens and has the counts."""
    result = Comparison()
    manifest = read_manifest(archive_path)
    with tarfile.open(archive_path, "r") as archive:
        db_name = manifest["database"]["member"]
        if _hash_member(archive, db_name) != manifest["database"]["sha256"]:
            result.problems.append(f"{db_name}: missing or changed")
        names = {m.name.removeprefix("media/") for m in archive.getmembers() if m.name.startswith("media/") and m.isfile()}
        for name in sorted(set(manifest["files"]) - names):
            result.problems.append(f"file {name}: listed in the manifest, missing from the archive")
        for name in sorted(names - set(manifest["files"])):
            result.problems.append(f"file {name}: in the archive, not in the manifest")
        for name in sorted(names & set(manifest["files"])):
            if _hash_member(archive, f"media/{name}") != manifest["files"][name]["sha256"]:
                result.problems.append(f"file {name}: sha256 differs from the manifest")
        if result.ok and manifest["engine"] == "sqlite":
            with tempfile.TemporaryDirectory(prefix="openiep-verify-") as tmp:
                archive.extract(db_name, tmp, filter="data")
                copy = sqlite3.connect(Path(tmp) / db_name)
                try:
                    counts = _sqlite_counts(copy)
                finally:
                    copy.close()
            result.problems += _compare_counts(manifest["tables"], counts)
        elif result.ok and manifest["engine"] == "postgresql" and shutil.which("pg_restore"):
            with tempfile.TemporaryDirectory(prefix="openiep-verify-") as tmp:
                archive.extract(db_name, tmp, filter="data")
                listed = subprocess.run([_tool("pg_restore"), "--list", str(Path(tmp) / db_name)],
                                        capture_output=True, text=True, check=False)
                if listed.returncode != 0:
                    result.problems.append(f"{db_name}: pg_restore cannot read it ({listed.stderr.strip()})")
    return result


def _compare_counts(expected: dict[str, int], actual: dict[str, int]) -> list[str]:
    problems = []
    for table in sorted(set(expected) | set(actual)):
        if expected.get(table) != actual.get(table):
            problems.append(f"table {table}: {expected.get(table, 'absent')} rows in the backup, "
                            f"{actual.get(table, 'absent')} here")
    return problems


def live_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    connection = connections[using]
    with connection.cursor() as cursor:
        return _count_tables(cursor, connection.introspection.table_names(cursor), connection.ops.quote_name)


def live_compare(manifest: dict, using: str = DEFAULT_DB_ALIAS) -> Comparison:
    """Does this system hold what the archive holds: every table's row count and every file's sha256?"""
    result = Comparison(_compare_counts(manifest["tables"], live_counts(using)))
    media = _media_files(Path(settings.MEDIA_ROOT))
    for name in sorted(set(manifest["files"]) | set(media)):
        if name not in media:
            result.problems.append(f"file {name}: in the backup, missing here")
        elif name not in manifest["files"]:
            result.problems.append(f"file {name}: here, not in the backup")
        elif sha256_file(media[name]) != manifest["files"][name]["sha256"]:
            result.problems.append(f"file {name}: differs from the backup")
    return result


def backup_restore(*, archive_path: Path, using: str = DEFAULT_DB_ALIAS) -> Comparison:
    """Replace the database and the uploaded files with the archive's, then compare. Stop the services first."""
    integrity = archive_verify(archive_path)
    if not integrity.ok:
        raise BackupError("the archive is damaged: " + "; ".join(integrity.problems))
    manifest = read_manifest(archive_path)
    connection = connections[using]
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"the archive holds a {manifest['engine']} database; this system uses {connection.vendor}")
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="openiep-restore-") as tmp:
        tmp_path = Path(tmp)
        with tarfile.open(archive_path, "r") as archive:
            archive.extractall(tmp_path, filter="data")
        db_file = tmp_path / manifest["database"]["member"]
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(db_file)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            connection.close()
            args, env = _pg_env(connection.settings_dict)
            restored = subprocess.run(
                [_tool("pg_restore"), *args, "--clean", "--if-exists", "--no-owner", "--no-privileges",
                 "--single-transaction", "--exit-on-error", "--dbname", connection.settings_dict["NAME"], str(db_file)],
                env=env, capture_output=True, text=True, check=False,
            )
            if restored.returncode != 0:
                raise BackupError(f"pg_restore failed: {restored.stderr.strip()}")
        # Files: put the archive's set in place beside the old one, then swap, so a failure leaves one whole set.
        incoming = tmp_path / "media"
        incoming.mkdir(exist_ok=True)
        staged = media_root.with_name(media_root.name + ".restoring")
        old = media_root.with_name(media_root.name + ".before-restore")
        shutil.rmtree(staged, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
        shutil.copytree(incoming, staged)
        if media_root.exists():
            media_root.rename(old)
        staged.rename(media_root)
        shutil.rmtree(old, ignore_errors=True)
    return live_compare(manifest, using)
