"""Progress reports to the parents: one per student per reporting period, the same template as HTML and PDF.

``report_generate`` renders the report of one IEP for one period (each goal's rating, narrative and chart),
stores the PDF as a ``documents.Document`` with its SHA-256, and emails the parents that it is ready.
A second run for the same period stores a new PDF and points the report at it (the report row stays). The PDF
is made and stored by ``openiep.documents.services`` (WeasyPrint, offline, with its SHA-256).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from openiep.documents.models import Document
from openiep.documents.services import document_store, render_pdf
from openiep.iep.models import IEP, Goal
from openiep.people.models import Guardianship, User
from openiep.progress import rules
from openiep.progress.chart import GoalChart, goal_chart
from openiep.progress.models import ProgressPoint, ProgressRating, ProgressReport
from openiep.progress.services import periods_of


@dataclass
class GoalSection:
    goal: Goal
    chart: GoalChart
    rating: ProgressRating | None
    points: list[ProgressPoint]


def chart_for(goal: Goal, iep: IEP, points, through: date | None = None) -> GoalChart:
    shown = [(p.measured_on, p.value) for p in points if through is None or p.measured_on <= through]
    return goal_chart(points=shown, baseline=goal.baseline_value, target=goal.target_value, start=iep.start_date,
                      end=iep.end_date, unit=goal.unit, title=f"Goal {goal.order}: {goal.get_area_display()}")


def report_sections(iep: IEP, period: rules.Period) -> list[GoalSection]:
    """Each goal with its points to the end of the period and its rating for it: three queries."""
    goals = list(iep.goals.all())
    points: dict[int, list[ProgressPoint]] = {g.pk: [] for g in goals}
    for p in ProgressPoint.objects.filter(goal__in=goals, measured_on__lte=period.last).order_by("measured_on"):
        points[p.goal_id].append(p)
    ratings = {r.goal_id: r for r in ProgressRating.objects.filter(goal__in=goals, period_number=period.number)}
    return [GoalSection(g, chart_for(g, iep, points[g.pk]), ratings.get(g.pk), points[g.pk]) for g in goals]


def report_context(iep: IEP, period: rules.Period) -> dict:
    return {"iep": iep, "student": iep.student, "period": period, "sections": report_sections(iep, period),
            "generated_on": timezone.localdate()}


def parent_emails(iep: IEP) -> list[str]:
    rows = Guardianship.objects.filter(student_id=iep.student_id, has_record_access=True).values_list(
        "guardian__email", "guardian__user__email")
    return sorted({own or account for own, account in rows if own or account})


def notify_parents(report: ProgressReport, emails: list[str]) -> bool:
    if not emails:
        return False
    student = report.student
    body = render_to_string("progress/email/report_ready.txt", {"report": report, "student": student})
    EmailMessage(subject=f"Progress report for {student.full_name}: {report.period_label}", body=body,
                 from_email=settings.DEFAULT_FROM_EMAIL, to=emails).send()
    return True


@transaction.atomic
def report_generate(*, iep: IEP, period: rules.Period, actor: User, notify: bool = True) -> ProgressReport:
    student = iep.student
    pdf = render_pdf(template="progress/report_pdf.html", context=report_context(iep, period))
    document = document_store(student=student, kind=Document.Kind.PROGRESS_REPORT, actor=actor,
                              title=f"Progress report, {period.label}", content=pdf, source=iep,
                              source_hash=iep.content_hash)
    report = ProgressReport.objects.select_for_update().filter(iep=iep, period_number=period.number).first()
    if report is None:
        report = ProgressReport(iep=iep, student=student, period_number=period.number)
    report.period_first, report.period_last, report.period_label = period.first, period.last, period.label
    report.document, report.generated_at = document, timezone.now()
    report.save()
    if notify and notify_parents(report, parent_emails(iep)):
        report.parents_notified_at = timezone.now()
        report.save(update_fields=["parents_notified_at"])
    return report


def period_for(iep: IEP, day: date) -> rules.Period | None:
    return rules.period_on(periods_of(iep), day)
