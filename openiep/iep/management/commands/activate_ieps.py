"""``openiep activate-ieps [--today YYYY-MM-DD] [--now]``: approved IEPs go in effect on their start date.

Enqueues ``iep.tasks.activate_due_ieps`` for the worker (``openiep db_worker``), or with ``--now`` runs it in
this process. Schedule it once a day.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openiep.iep.tasks import activate, activate_due_ieps


class Command(BaseCommand):
    help = "Put approved IEPs in effect on their start date (queued for the worker unless --now)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="The day to activate for (YYYY-MM-DD); default: today")
        parser.add_argument("--now", action="store_true", help="Run in this process instead of queueing")

    def handle(self, *args, today: str | None, now: bool, **options) -> None:
        if today:
            try:
                date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"--today: {today!r} is not a date; use YYYY-MM-DD.") from None
        if now:
            from django.utils import timezone

            count = activate(date.fromisoformat(today) if today else timezone.localdate())
            self.stdout.write(f"{count} IEP{'s' if count != 1 else ''} went in effect.")
        else:
            result = activate_due_ieps.enqueue(today)
            self.stdout.write(f"Queued ({result.id}); the worker (openiep db_worker) runs it.")
