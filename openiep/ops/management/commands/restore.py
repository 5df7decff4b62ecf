"""``openiep restore ARCHIVE``: put back the database and uploaded files of a backup, then compare."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openiep.ops.backup import BackupError, archive_verify, backup_restore, live_compare, read_manifest


class Command(BaseCommand):
    help = ("Restore a backup made by `openiep backup` (replaces the database and the uploaded files), "
            "or with --verify compare this system against it without changing anything.")

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--verify", action="store_true",
                            help="Change nothing: check the archive and compare it with this system")
        parser.add_argument("--yes", action="store_true", help="Do not ask before replacing the data")

    def handle(self, *args, archive, verify=False, yes=False, **options):
        try:
            if verify:
                problems = archive_verify(archive).problems
                if not problems:
                    problems = live_compare(read_manifest(archive)).problems
                if problems:
                    raise CommandError("Differences:\n" + "\n".join(problems))
                self.stdout.write("This system matches the backup: every table's rows and every file.")
                return
            if not yes:
                answer = input(f"Replace this system's database and files with {archive}? Type yes: ")
                if answer.strip().lower() != "yes":
                    raise CommandError("Nothing changed.")
            result = backup_restore(archive_path=archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if not result.ok:
            raise CommandError("Restored, but differences remain:\n" + "\n".join(result.problems))
        self.stdout.write(f"Restored {archive}: every table's rows and every file match the backup.")
