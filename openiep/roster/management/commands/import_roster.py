"""``openiep import-roster PATH``: import a OneRoster export (folder or zip) from the student information system."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openiep.roster.oneroster import ExportError
from openiep.roster.services import roster_import


class Command(BaseCommand):
    help = (
        "Import schools, students, staff, parents and classes from a OneRoster 1.1 or 1.2 CSV export "
        "(a folder or a .zip). Safe to run again: it updates and never duplicates."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="The export: a folder of CSV files or a .zip")
        parser.add_argument("--state", help="Two-letter state of the district (needed when the import creates it)")
        parser.add_argument("--district-name", default="",
                            help="The district to import into, when the export has no district org")
        parser.add_argument("--dry-run", action="store_true", help="Check everything, save nothing")
        parser.add_argument("--quiet", action="store_true", help="No progress bar")
        parser.add_argument("--errors-csv", metavar="FILE", help="Write every row error and warning to this CSV")

    def handle(self, *args, path: str, state: str | None, district_name: str, dry_run: bool, quiet: bool,
               errors_csv: str | None, **options) -> None:
        show_progress = not quiet and sys.stderr.isatty()
        try:
            report = roster_import(source=path, district_name=district_name, state=state, dry_run=dry_run,
                                   show_progress=show_progress)
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        except Exception as exc:
            # The import is one transaction, so this is true; --traceback shows the details.
            raise CommandError(f"The import stopped on an unexpected error and nothing was saved: {exc!r}") from exc
        verbosity = options.get("verbosity", 1)
        if verbosity >= 1:
            self.stdout.write(report.summary(limit=None if verbosity >= 2 else 50))
        if errors_csv:
            report.write_issues_csv(errors_csv)
            if verbosity >= 1:
                self.stdout.write(f"\nRow errors and warnings written to {Path(errors_csv)}.")
