"""How the permission harness builds a data point or a progress report for a given student."""

from __future__ import annotations

from django.utils import timezone

from openiep.progress.models import ProgressReport
from openiep.progress.tests.factories import ProgressPointFactory, in_effect_goal


def _report(student) -> int:
    goal = in_effect_goal(student)
    today = timezone.localdate()
    return ProgressReport.objects.create(iep=goal.iep, student=student, period_number=1, period_first=today,
                                         period_last=today, period_label="Quarter 1", generated_at=timezone.now()).pk


# <goal_id> is built by openiep/iep/tests/harness.py (a goal of the student's draft IEP): the progress pages take
# any goal of the student and refuse data on one whose IEP is not in effect.
URL_PARAMETERS = {
    "progress_point_id": lambda student: ProgressPointFactory(student=student).pk,
    "progress_report_id": _report,
}
