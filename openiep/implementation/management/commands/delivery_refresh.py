"""``openiep delivery-refresh``: each morning, the delivery totals of every service of an IEP in effect.

The minutes a service requires grow with every school day; the totals the dashboards read are refreshed
after each logged session and, for the days nobody logs anything, by this command (cron or a timer).
"""

from __future__ import annotations

import time
from datetime import date

from django.core.management.base import BaseCommand

from openiep.implementation.services import delivery_refresh_all


class Command(BaseCommand):
    help = "Recompute the delivery totals of every service of an IEP in effect (run each morning)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=date.fromisoformat, default=None, help="The day to count to (today)")

    def handle(self, *args, as_of=None, **options):
        started = time.perf_counter()
        count = delivery_refresh_all(as_of=as_of)
        self.stdout.write(f"Delivery totals of {count} services refreshed in {time.perf_counter() - started:.1f} s.")
