"""``openiep recompute-deadlines [--district-id N]``: recompute stored deadlines after a law profile changes.

Writes to the case records recompute their own student's deadlines, and a calendar upload recomputes its
district; this command covers what no write announces: an updated state profile (profiles/*.toml) after
an upgrade, or a district that changed state.
"""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from tqdm import tqdm

from openiep.compliance.services import deadlines_recompute
from openiep.people.models import District, Student


class Command(BaseCommand):
    help = "Recompute every stored deadline (or one district's) from the records, law profiles and calendars."

    def add_arguments(self, parser):
        parser.add_argument("--district-id", type=int, help="Only this district")
        parser.add_argument("--quiet", action="store_true", help="No progress bar")

    def handle(self, *args, district_id: int | None = None, quiet: bool = False, **options):
        students = Student.objects.filter(Q(referrals__isnull=False) | Q(eligibility_determinations__isnull=False))
        if district_id is not None:
            if not District.objects.filter(pk=district_id).exists():
                raise CommandError(f"No district with id {district_id}.")
            students = students.filter(district_id=district_id)
        ids = list(students.values_list("pk", flat=True).distinct())
        started = time.monotonic()
        bar = tqdm(total=len(ids), unit="student", disable=quiet or not sys.stderr.isatty(), file=sys.stderr)
        report = deadlines_recompute(student_ids=ids, strict=False, progress=bar.update)
        bar.close()
        self.stdout.write(
            f"Recomputed {report.deadlines} deadlines for {report.students} students "
            f"in {time.monotonic() - started:.1f} s."
        )
        for student_id, reason in sorted(report.failed.items()):
            self.stdout.write(f"  student {student_id}: not computed: {reason}")
