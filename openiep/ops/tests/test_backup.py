"""A backup restores every record and every file (SQLite here; PostgreSQL when DATABASE_URL points at one)."""

from __future__ import annotations

import json
import shutil
import tarfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from openiep.ops.backup import archive_verify, live_counts
from openiep.people.models import Student
from openiep.people.tests.factories import StudentFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor == "postgresql" and shutil.which("pg_dump") is None,
                       reason="pg_dump is not installed (apt-get install postgresql-client)"),
]


def everything() -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    out = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table.startswith("sqlite_"):  # ANALYZE statistics: SQLite's bookkeeping, not records
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            out[table] = sorted(cursor.fetchall(), key=repr)
    return out


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "evaluations" / "2026").mkdir(parents=True)
    (settings.MEDIA_ROOT / "evaluations" / "2026" / "speech-report.pdf").write_bytes(b"%PDF-1.7 report " * 500)
    (settings.MEDIA_ROOT / "consent.png").write_bytes(bytes(range(256)) * 40)
    return settings.MEDIA_ROOT


def test_a_round_trip_restores_every_record_and_every_file(cast, media, tmp_path, capsys):
    before = everything()
    files_before = {p.relative_to(media).as_posix(): p.read_bytes() for p in media.rglob("*") if p.is_file()}
    archive = tmp_path / "backup.tar"
    call_command("backup", output=archive, verify=True)
    assert "Verified" in capsys.readouterr().out

    # Life goes on after the backup: a new student, a changed file, a lost file.
    StudentFactory(district=cast.district, school=cast.lincoln, last_name="Afterwards")
    (media / "consent.png").write_bytes(b"overwritten")
    (media / "evaluations" / "2026" / "speech-report.pdf").unlink()
    with pytest.raises(CommandError, match="differs from the backup|missing here"):
        call_command("restore", archive, verify=True)

    call_command("restore", archive, yes=True)
    assert "every table's rows and every file match" in capsys.readouterr().out
    assert everything() == before
    assert not Student.objects.filter(last_name="Afterwards").exists()
    files_after = {p.relative_to(media).as_posix(): p.read_bytes() for p in media.rglob("*") if p.is_file()}
    assert files_after == files_before
    call_command("restore", archive, verify=True)


def test_the_manifest_counts_every_table_and_hashes_every_file(cast, media, tmp_path):
    archive = tmp_path / "backup.tar"
    call_command("backup", output=archive)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = tar.getnames()
    assert manifest["tables"] == live_counts()
    assert manifest["tables"]["people_student"] == 2
    assert set(manifest["files"]) == {"consent.png", "evaluations/2026/speech-report.pdf"}
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"].values())
    assert manifest["database"]["member"] in names


def test_a_damaged_archive_is_refused_before_anything_is_replaced(cast, media, tmp_path):
    archive = tmp_path / "backup.tar"
    call_command("backup", output=archive)
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member)
            if member.name == "media/consent.png":
                import io

                content = b"tampered"
                member.size = len(content)
                data = io.BytesIO(content)
            target.addfile(member, data)
    assert any("consent.png" in p for p in archive_verify(damaged).problems)
    StudentFactory(district=cast.district, school=cast.lincoln, last_name="Kept")
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", damaged, yes=True)
    assert Student.objects.filter(last_name="Kept").exists()


def test_backups_in_a_folder_keep_only_the_newest(cast, media, tmp_path, time_machine):
    folder = tmp_path / "backups"
    for hour in range(3):
        time_machine.move_to(f"2026-12-0{hour + 1} 02:30:00+00:00", tick=False)
        call_command("backup", output_dir=folder, keep=2)
    assert sorted(p.name for p in folder.iterdir()) == ["openiep-20261202T023000Z.tar", "openiep-20261203T023000Z.tar"]
