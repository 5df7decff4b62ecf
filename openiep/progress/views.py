"""Pages of progress monitoring: each goal's data and chart, ratings per period, progress reports."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openiep.access.policy import Action, allows
from openiep.access.views import require_action, student_view
from openiep.audit.models import AccessRecord
from openiep.iep.models import Goal
from openiep.implementation.selectors import iep_in_effect
from openiep.lib.forms import add_errors
from openiep.people.models import Student
from openiep.prereferral.rules import format_value
from openiep.progress import reports, selectors, services
from openiep.progress.chart import GoalChart
from openiep.progress.forms import DataPointForm, DataRowsForm, GenerateReportsForm, RatingForm
from openiep.progress.models import ProgressRating
from openiep.progress.tasks import enqueue_reports

RECORD = "Progress on IEP goals"
REPORT_RECORD = "Progress report"


def _day(on) -> str:
    return f"{on:%B} {on.day}, {on.year}"


@dataclass
class GoalCard:
    goal: Goal
    chart: GoalChart
    rating: ProgressRating | None


@student_view(Action.VIEW_STUDENT, record=RECORD)
def goal_progress_list(request: HttpRequest, student: Student) -> HttpResponse:
    """Every goal of the IEP in effect: its chart, whether it is on track, its rating this period."""
    iep = iep_in_effect(student=student)
    cards, period = [], None
    if iep is not None:
        period = reports.period_for(iep, timezone.localdate())
        for goal in selectors.goals_with_data(iep=iep):
            points = list(goal.progress_points.all())
            rating = next((r for r in goal.progress_ratings.all() if period and r.period_number == period.number), None)
            cards.append(GoalCard(goal, reports.chart_for(goal, iep, points), rating))
    context = {
        "student": student, "iep": iep, "cards": cards, "period": period,
        "reports": list(selectors.reports_of(student=student)),
        "can_record": allows(request.user, Action.RECORD_PROGRESS),
    }
    return render(request, "progress/goal_list.html", context)


def _goal_page(request: HttpRequest, student: Student, goal: Goal, *, status: int = 200,
               point_form: DataPointForm | None = None, rows_form: DataRowsForm | None = None,
               rating_form: RatingForm | None = None) -> HttpResponse:
    iep = goal.iep
    points = list(goal.progress_points.all())
    periods = services.periods_of(iep)
    current = reports.period_for(iep, timezone.localdate())
    ratings = {r.period_number: r for r in goal.progress_ratings.all()}
    can_record = allows(request.user, Action.RECORD_PROGRESS) and iep.status == iep.Status.IN_EFFECT
    if can_record:
        point_form = point_form or DataPointForm(prefix="point", unit=goal.unit,
                                                 initial={"measured_on": timezone.localdate()})
        rows_form = rows_form or DataRowsForm(prefix="rows")
        started = [p for p in periods if p.first <= timezone.localdate()]
        rating_form = rating_form or RatingForm(prefix="rating", periods=started,
                                                initial={"period_number": current.number if current else None})
    context = {
        "student": student, "iep": iep, "goal": goal, "points": points, "periods": periods,
        "period_rows": [(p, ratings.get(p.number)) for p in periods],
        "gc": reports.chart_for(goal, iep, points), "can_record": can_record,
        "point_form": point_form, "rows_form": rows_form, "rating_form": rating_form,
    }
    return render(request, "progress/goal_detail.html", context, status=status)


def _goal(student: Student, goal_id: int) -> Goal:
    goal = selectors.goal_with_data(student=student, goal_id=goal_id)
    if goal is None:
        raise Http404("No such goal")
    return goal


def _goal_url(student: Student, goal_id: int, anchor: str = "") -> str:
    url = reverse("goal_progress_detail", kwargs={"student_id": student.pk, "goal_id": goal_id})
    return f"{url}#{anchor}" if anchor else url


@student_view(Action.VIEW_STUDENT, record=RECORD)
def goal_progress_detail(request: HttpRequest, student: Student, goal_id: int) -> HttpResponse:
    return _goal_page(request, student, _goal(student, goal_id))


@require_POST
@student_view(Action.RECORD_PROGRESS, record=RECORD)
def point_add(request: HttpRequest, student: Student, goal_id: int) -> HttpResponse:
    goal = _goal(student, goal_id)
    form = DataPointForm(request.POST, prefix="point", unit=goal.unit)
    if form.is_valid():
        try:
            point = services.point_add(goal=goal, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{format_value(point.value)} {goal.unit} on {_day(point.measured_on)} is recorded.")
            return redirect(_goal_url(student, goal.pk, "entry"))
    return _goal_page(request, student, goal, point_form=form, status=422)


@require_POST
@student_view(Action.RECORD_PROGRESS, record=RECORD)
def points_add(request: HttpRequest, student: Student, goal_id: int) -> HttpResponse:
    goal = _goal(student, goal_id)
    form = DataRowsForm(request.POST, prefix="rows")
    if form.is_valid():
        try:
            added = services.points_add(goal=goal, rows=form.cleaned_data["rows"], actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{len(added)} data point{'s' if len(added) != 1 else ''} added." if added
                             else "These data points were already recorded; nothing changed.")
            return redirect(_goal_url(student, goal.pk, "entry"))
    return _goal_page(request, student, goal, rows_form=form, status=422)


@require_POST
@student_view(Action.RECORD_PROGRESS, record=RECORD)
def point_remove(request: HttpRequest, student: Student, progress_point_id: int) -> HttpResponse:
    point = get_object_or_404(selectors.points_of(student=student), pk=progress_point_id)
    goal_id = point.goal_id
    services.point_remove(point=point, actor=request.user)
    messages.success(request, f"Removed the data point of {_day(point.measured_on)}.")
    return redirect(_goal_url(student, goal_id, "data"))


@require_POST
@student_view(Action.RECORD_PROGRESS, record=RECORD)
def rating_record(request: HttpRequest, student: Student, goal_id: int) -> HttpResponse:
    goal = _goal(student, goal_id)
    periods = services.periods_of(goal.iep)
    form = RatingForm(request.POST, prefix="rating", periods=periods)
    if form.is_valid():
        try:
            services.rating_record(goal=goal, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Rating saved.")
            return redirect(_goal_url(student, goal.pk, "ratings"))
    return _goal_page(request, student, goal, rating_form=form, status=422)


# Reports -------------------------------------------------------------------------------------------

@student_view(Action.VIEW_STUDENT, record=REPORT_RECORD)
def report_detail(request: HttpRequest, student: Student, progress_report_id: int) -> HttpResponse:
    report = get_object_or_404(selectors.reports_of(student=student), pk=progress_report_id)
    period = next((p for p in services.periods_of(report.iep) if p.number == report.period_number), None)
    if period is None:
        raise Http404("The IEP's reporting periods changed")
    context = {**reports.report_context(report.iep, period), "report": report}
    return render(request, "progress/report_detail.html", context)


@require_GET
@student_view(Action.VIEW_STUDENT, record=REPORT_RECORD, kind=AccessRecord.Kind.DOWNLOAD)
def report_pdf(request: HttpRequest, student: Student, progress_report_id: int) -> HttpResponse:
    report = get_object_or_404(selectors.reports_of(student=student), pk=progress_report_id)
    if report.document is None:
        raise Http404("No PDF yet")
    try:
        handle = report.document.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("The stored file is missing") from exc
    return FileResponse(handle, as_attachment=True, content_type="application/pdf",
                        filename=f"progress-report-{student.local_id}-{report.period_number}.pdf")


@require_POST
@student_view(Action.RECORD_PROGRESS, record=None)
def report_generate(request: HttpRequest, student: Student) -> HttpResponse:
    """The report of the current period for one student, made now (the district's go to the background)."""
    iep = iep_in_effect(student=student)
    period = reports.period_for(iep, timezone.localdate()) if iep else None
    if period is None:
        messages.error(request, "There is no IEP in effect with a reporting period today.")
        return redirect("goal_progress_list", student_id=student.pk)
    report = reports.report_generate(iep=iep, period=period, actor=request.user)
    told = " The parents were emailed." if report.parents_notified_at else " No parent email on file: give it to them."
    messages.success(request, f"Progress report for {period.label} made.{told}")
    return redirect("progress_report_detail", student_id=student.pk, progress_report_id=report.pk)


@require_http_methods(["GET", "POST"])
def reports_bulk(request: HttpRequest) -> HttpResponse:
    """The period's progress reports for every IEP in effect the user can see, made in the background."""
    require_action(request.user, Action.RECORD_PROGRESS)
    form = GenerateReportsForm(request.POST or None, initial={"day": timezone.localdate()})
    ieps = selectors.ieps_for_reports(user=request.user)
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["day"]
        if day > timezone.localdate():
            form.add_error("day", "Choose today or a day before.")
        else:
            ids = list(ieps.values_list("pk", flat=True))
            tasks = enqueue_reports(iep_ids=ids, day=day, actor=request.user)
            messages.success(request, f"{len(ids)} progress report{'s' if len(ids) != 1 else ''} queued in {tasks} "
                                      f"batch{'es' if tasks != 1 else ''}. They appear below as they are made.")
            return redirect("progress_reports_bulk")
    context = {"form": form, "count": ieps.count(), "recent": list(selectors.recent_reports(user=request.user))}
    return render(request, "progress/reports_bulk.html", context, status=422 if form.errors else 200)
