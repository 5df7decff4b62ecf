"""``openiep send-digests [--today YYYY-MM-DD] [--now]``: the daily deadline emails.

Enqueues ``compliance.tasks.send_deadline_digests`` for the worker (``openiep db_worker``), or with
``--now`` sends them in this process. Schedule it once a day (cron or a systemd timer).
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from openiep.compliance.tasks import send_deadline_digests


class Command(BaseCommand):
    help = ("Email each staff member their overdue deadlines and those due within 7 days. Queued for the "
            "background worker (openiep db_worker) unless --now is given.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="The day the digest is for (YYYY-MM-DD); default: today")
        parser.add_argument("--now", action="store_true", help="Send in this process instead of queueing")

    def handle(self, *args, today: str | None, now: bool, **options) -> None:
        if today:
            try:
                day = date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"--today: {today!r} is not a date; use YYYY-MM-DD.") from None
        else:
            day = timezone.localdate()
        if now:
            result = send_deadline_digests.call(day.isoformat())
            self.stdout.write(f"Sent {result['emails']} emails listing {result['deadlines']} deadlines.")
            return
        queued = send_deadline_digests.enqueue(day.isoformat())
        self.stdout.write(f"Queued the digest for {day.isoformat()} (task {queued.id}); "
                          "the worker (openiep db_worker) sends it.")
