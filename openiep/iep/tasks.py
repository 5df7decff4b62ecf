"""Background work of the IEP app (django-tasks; run by ``openiep db_worker``).

``activate_due_ieps`` puts approved IEPs in effect on their start date (superseding the one before) and
recomputes those students' deadlines. ``openiep activate-ieps`` enqueues it; schedule it daily (cron or a
systemd timer), shortly after midnight in the district's time zone.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from openiep.compliance import services as compliance_services
from openiep.iep.models import IEP
from openiep.iep.services import iep_activate_due


def activate(day: date) -> int:
    with transaction.atomic():
        students = list(IEP.objects.filter(status=IEP.Status.APPROVED, start_date__lte=day)
                        .values_list("student_id", flat=True).distinct())
        count = iep_activate_due(today=day, student_ids=students)
        if students:
            compliance_services.deadlines_recompute(student_ids=students)
    return count


@task()
def activate_due_ieps(day: str | None = None) -> int:
    return activate(date.fromisoformat(day) if day else timezone.localdate())
