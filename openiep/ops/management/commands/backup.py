"""``openiep backup``: the database and the uploaded files in one archive with a manifest."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from openiep.ops.backup import BackupError, archive_verify, backup_create


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one archive (with row counts and sha256 sums)."

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--output", type=Path, help="The archive to write (.tar)")
        where.add_argument("--output-dir", type=Path, help="A folder: writes openiep-YYYYMMDDTHHMMSSZ.tar in it")
        parser.add_argument("--keep", type=int, default=0,
                            help="With --output-dir: keep only the newest N archives there")
        parser.add_argument("--verify", action="store_true", help="Re-read the archive and check every hash")

    def handle(self, *args, output=None, output_dir=None, keep=0, verify=False, **options):
        if output is None:
            stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
            output = output_dir / f"openiep-{stamp}.tar"
        try:
            manifest = backup_create(output=output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"Wrote {output}: {len(manifest['tables'])} tables, {rows} rows, "
                          f"{len(manifest['files'])} files.")
        if verify:
            result = archive_verify(output)
            if not result.ok:
                raise CommandError("The archive does not match its manifest:\n" + "\n".join(result.problems))
            self.stdout.write("Verified: every hash and row count matches the manifest.")
        if output_dir is not None and keep > 0:
            archives = sorted(output_dir.glob("openiep-*.tar"))
            for old in archives[:-keep]:
                old.unlink()
                self.stdout.write(f"Removed the older {old.name}.")
