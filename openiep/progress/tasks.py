"""Background work of progress reports (django-tasks; run by ``openiep db_worker``).

``generate_progress_reports`` makes the reports of a batch of IEPs for the period around a day; the page
(or ``openiep progress-reports``) splits the district into batches so several workers share them.
"""

from __future__ import annotations

import logging
from datetime import date

from django_tasks import task

from openiep.iep.models import IEP
from openiep.people.models import User
from openiep.progress.reports import period_for, report_generate

log = logging.getLogger(__name__)
BATCH = 25


@task()
def generate_progress_reports(iep_ids: list[int], day_iso: str, actor_id: int) -> dict[str, int]:
    day = date.fromisoformat(day_iso)
    actor = User.objects.get(pk=actor_id)
    made = skipped = 0
    for iep in IEP.objects.in_effect().filter(pk__in=iep_ids).select_related("student"):
        period = period_for(iep, day)
        if period is None:
            skipped += 1
            continue
        report_generate(iep=iep, period=period, actor=actor)
        made += 1
    log.info("progress reports for %s: %s made, %s skipped", day_iso, made, skipped)
    return {"reports": made, "skipped": skipped}


def enqueue_reports(*, iep_ids: list[int], day: date, actor: User, batch: int = BATCH) -> int:
    """Queue the reports in batches; returns how many tasks were queued."""
    tasks = 0
    for i in range(0, len(iep_ids), batch):
        generate_progress_reports.enqueue(iep_ids[i:i + batch], day.isoformat(), actor.pk)
        tasks += 1
    return tasks
