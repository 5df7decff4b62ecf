"""``openiep seed --students N [--seed S] [--state XX] [--if-empty] [--quiet]``: a synthetic demo district."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openiep.demo.cases import STAGE_LABELS, Stage
from openiep.demo.seed import DEFAULT_DISTRICT, DEMO_PASSWORD, MIN_STUDENTS, seed_district
from openiep.people.models import Student, USState


class Command(BaseCommand):
    help = "Fill an empty database with a realistic synthetic district and the demo accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--students", type=int, default=600, help="Number of students (default 600)")
        parser.add_argument("--seed", type=int, default=1, help="Random seed; the same seed gives the same district")
        parser.add_argument("--state", default="OH", help="Two-letter state code of the district (default OH)")
        parser.add_argument("--district-name", default=DEFAULT_DISTRICT)
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing when the database already has students (so `make demo` can rerun)")
        parser.add_argument("--quiet", action="store_true", help="No progress bar")

    def handle(self, *args, students: int, seed: int, state: str, district_name: str, if_empty: bool,
               quiet: bool, **options) -> None:
        state = state.upper()
        if state not in USState.values:
            raise CommandError(f"Unknown state {state!r}: use a two-letter code such as OH or TX.")
        if students < MIN_STUDENTS:
            raise CommandError(f"--students must be at least {MIN_STUDENTS}.")
        existing = Student.objects.count()
        if existing:
            if if_empty:
                self.stdout.write(f"The database already has {existing:,} students: nothing seeded (--if-empty).")
                return
            raise CommandError(
                f"The database already has {existing:,} students. Seed an empty database, or pass --if-empty "
                "to skip seeding when data exists."
            )
        verbose = options.get("verbosity", 1) > 0
        if verbose:
            self.stdout.write(f"Seeding {students:,} students (seed {seed}, state {state})…")
        result = seed_district(students=students, seed=seed, state=state, district_name=district_name,
                               progress=not quiet and sys.stderr.isatty())
        if not verbose:
            return
        counts = ", ".join(f"{n:,} {name}" for name, n in result.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Seeded {result.district.name} in {result.seconds:.1f} s: {counts}."))
        self.stdout.write("")
        self.stdout.write("Students by stage of steps 1-4:")
        for stage in Stage:
            self.stdout.write(f"  {result.stages.get(stage.value, 0):>8,}  {STAGE_LABELS[stage]}")
        failures = f", {result.deadline_failures:,} students not computed (see the log)" if result.deadline_failures \
            else ""
        self.stdout.write(
            f"Deadlines: {result.deadlines:,} for {result.deadline_students:,} students computed in "
            f"{result.deadline_seconds:.1f} s (part of the total); {result.overdue:,} overdue today{failures}."
        )
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for every account: {DEMO_PASSWORD})")
        width = max(len(a.username) for a in result.demo_accounts)
        for account in result.demo_accounts:
            self.stdout.write(f"  {account.username:<{width}}  {account.name} ({account.role}): {account.summary}")
