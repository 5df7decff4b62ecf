"""Pages of step 6: a student's services and their sessions, a group session, the delivery dashboard,
and the IEP at a glance for teachers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from openiep.access.policy import Action, allows, students_visible_to
from openiep.access.views import require_action, student_view
from openiep.iep.models import Service
from openiep.implementation import rules, selectors, services
from openiep.implementation.forms import (
    DashboardFilterForm,
    GroupFilterForm,
    GroupRowForm,
    GroupSessionForm,
    ServiceLogForm,
)
from openiep.implementation.models import Acknowledgement, ServiceLog
from openiep.lib.forms import add_errors
from openiep.people.models import School, Student, User

RECORD = "Services delivered (service logs)"
GLANCE_RECORD = "IEP at a glance (accommodations, modifications, goals)"
RECENT_LOGS = 12
WEEKS_SHOWN = 4


def _day(on: date) -> str:
    return f"{on:%B} {on.day}, {on.year}"


def plan_text(service: Service) -> str:
    if not (service.minutes and service.times and service.period):
        return "No amount set"
    return f"{service.minutes} minutes, {service.times} time{'s' if service.times != 1 else ''} {service.get_period_display()}"


@dataclass
class ServiceCard:
    service: Service
    plan: str
    to_date: rules.Delivery
    weeks: list[rules.PeriodRow]
    month: rules.PeriodRow | None
    logs: list[ServiceLog]
    more_logs: int


def _cards(student: Student, iep, today: date) -> list[ServiceCard]:
    closed = services.closed_days(student.district_id, today)
    cards = []
    for service in selectors.services_with_logs(iep=iep):
        plan = services.plan_of(service)
        logs = list(service.logs.all())
        sessions = [log.as_session() for log in logs]
        start = plan.start or iep.start_date or today
        last = min(today, plan.end) if plan.end else today
        to_date = rules.delivery(rules.required_minutes(plan, start, last, closed), sessions) if start <= today \
            else rules.delivery(0, [])
        weeks = rules.periods(plan, sessions, max(start, today - timedelta(days=7 * WEEKS_SHOWN - 1)), today,
                              by="week", closed=closed) if start <= today else []
        months = rules.periods(plan, sessions, max(start, today.replace(day=1)), today, by="month",
                               closed=closed) if start <= today else []
        cards.append(ServiceCard(service, plan_text(service), to_date, weeks[:WEEKS_SHOWN],
                                 months[0] if months else None, logs[:RECENT_LOGS], max(0, len(logs) - RECENT_LOGS)))
    return cards


def _log_form(student: Student, iep, data=None, today: date | None = None) -> ServiceLogForm:
    today = today or timezone.localdate()
    return ServiceLogForm(
        data, services=iep.services.all(), missed=selectors.missed_sessions(student=student),
        initial={"served_on": today},
    )


def _services_page(request: HttpRequest, student: Student, *, form: ServiceLogForm | None = None,
                   status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    iep = selectors.iep_in_effect(student=student)
    can_log = allows(request.user, Action.LOG_SERVICES)
    context = {
        "student": student, "iep": iep, "today": today, "can_log": can_log,
        "cards": _cards(student, iep, today) if iep else [],
        "form": (form or _log_form(student, iep, today=today)) if (iep and can_log) else None,
    }
    return render(request, "implementation/student_services.html", context, status=status)


@student_view(Action.VIEW_STUDENT, record=RECORD)
def student_services(request: HttpRequest, student: Student) -> HttpResponse:
    """What the IEP promises, what was delivered and what is owed, service by service."""
    return _services_page(request, student)


@require_POST
@student_view(Action.LOG_SERVICES, record=RECORD)
def service_log_add(request: HttpRequest, student: Student) -> HttpResponse:
    iep = selectors.iep_in_effect(student=student)
    if iep is None:
        messages.error(request, f"{student.full_name} has no IEP in effect: there is no service to log.")
        return redirect("student_services", student_id=student.pk)
    form = _log_form(student, iep, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            log = services.service_log_record(
                service=data["service"], served_on=data["served_on"], minutes=data["minutes"],
                grouping=data["grouping"], status=data["status"], reason=data["reason"], notes=data["notes"],
                makes_up=data["makes_up"], submission=data["submission"], actor=request.user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"Logged: {log.service.name}, {_day(log.served_on)}, {log.minutes} minutes "
                                      f"({log.get_status_display().lower()}).")
            return redirect(reverse("student_services", kwargs={"student_id": student.pk}) + "#log")
    return _services_page(request, student, form=form, status=422)


@require_POST
@student_view(Action.LOG_SERVICES, record=RECORD)
def service_log_remove(request: HttpRequest, student: Student, service_log_id: int) -> HttpResponse:
    log = get_object_or_404(selectors.logs_of(student=student), pk=service_log_id)
    try:
        services.service_log_remove(log=log, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Removed the session of {_day(log.served_on)} ({log.service.name}).")
    return redirect(reverse("student_services", kwargs={"student_id": student.pk}) + f"#service-{log.service_id}")


# A group session ---------------------------------------------------------------------------------

@dataclass
class GroupRow:
    service: Service
    form: GroupRowForm
    error: str = ""


def _default_role(user: User) -> str:
    """The services a user usually gives: their discipline, or special education for teachers."""
    if user.discipline and user.discipline in Service.ProviderRole.values:
        return user.discipline
    if user.role in {User.Role.SPED_TEACHER, User.Role.CASE_MANAGER}:
        return Service.ProviderRole.SPED_TEACHER
    return ""


@require_http_methods(["GET", "POST"])
def group_session(request: HttpRequest) -> HttpResponse:
    """One form for a session shared by several students: tick who was there, and how it went for each."""
    require_action(request.user, Action.LOG_SERVICES)
    today = timezone.localdate()
    source = request.POST if request.method == "POST" else request.GET
    filters = GroupFilterForm(source or None, roles=Service.ProviderRole.choices,
                              initial={"on": today, "provider_role": _default_role(request.user)})
    on, role = today, _default_role(request.user)
    if filters.is_bound and filters.is_valid():
        on = filters.cleaned_data["on"] or today
        role = filters.cleaned_data["provider_role"]
    on = min(on, today)
    candidates = list(selectors.group_services(user=request.user, on=on, provider_role=role)[:selectors.GROUP_ROWS + 1])
    truncated = len(candidates) > selectors.GROUP_ROWS
    candidates = candidates[:selectors.GROUP_ROWS]
    bound = request.method == "POST"
    session = GroupSessionForm(request.POST if bound else None, initial={"served_on": on, "minutes": 30})
    rows = [GroupRow(s, GroupRowForm(request.POST if bound else None, prefix=f"s{s.pk}")) for s in candidates]
    status = 200
    if bound:
        status = 422
        rows_valid = [row.form.is_valid() for row in rows]  # every row, so each shows its errors
        if session.is_valid() and all(rows_valid):
            data = session.cleaned_data
            entries = [
                services.Entry(row.service, row.form.cleaned_data["minutes"] or data["minutes"],
                               row.form.cleaned_data["status"], row.form.cleaned_data["reason"], data["notes"])
                for row in rows if row.form.cleaned_data["include"]
            ]
            try:
                logs = services.service_logs_record_group(served_on=data["served_on"], entries=entries,
                                                          submission=data["submission"], actor=request.user)
            except ValidationError as exc:
                by_row = {f"row-{row.service.pk}": row for row in rows}
                for key, errors in exc.message_dict.items():
                    if key in by_row:
                        by_row[key].error = " ".join(errors)
                    elif key == "served_on":
                        session.add_error("served_on", errors)
                    else:
                        session.add_error(None, errors)
                errored = [r for r in rows if r.error]
                if errored:
                    session.add_error(None, [f"{r.service.iep.student.full_name}: {r.error}" for r in errored])
            else:
                delivered = sum(1 for log in logs if log.status == rules.DELIVERED)
                messages.success(request, f"Logged the session of {_day(data['served_on'])} for {len(logs)} "
                                          f"student{'s' if len(logs) != 1 else ''} ({delivered} delivered).")
                url = reverse("group_session") + f"?on={data['served_on'].isoformat()}&provider_role={role}"
                return redirect(url)
    context = {"filters": filters, "session": session, "rows": rows, "on": on, "truncated": truncated,
               "limit": selectors.GROUP_ROWS, "role": role}
    return render(request, "implementation/group_session.html", context, status=status)


# The dashboard -----------------------------------------------------------------------------------

def delivery_dashboard(request: HttpRequest) -> HttpResponse:
    """Who is behind on their services and by how much: the user's students, their school or their district."""
    if not (allows(request.user, Action.LOG_SERVICES) or allows(request.user, Action.VIEW_COMPLIANCE)):
        raise PermissionDenied
    visible_schools = School.objects.filter(
        pk__in=students_visible_to(request.user).values("school_id")).order_by("name").values_list("pk", "name")
    schools = [(str(pk), name) for pk, name in visible_schools]
    filters = DashboardFilterForm(request.GET or None, schools=schools)
    school_id = int(filters.cleaned_data["school"]) if filters.is_valid() and filters.cleaned_data["school"] else None
    rows = selectors.delivery_rows(user=request.user, school_id=school_id)
    by_school = selectors.delivery_by_school(rows)
    context = {
        "filters": filters, "summary": selectors.delivery_summary(by_school),
        "by_school": by_school if not school_id and len(schools) > 1 else [],
        "behind": list(selectors.most_behind(rows)), "limit": selectors.DASHBOARD_ROWS,
        "as_of": timezone.localdate(),
    }
    return render(request, "implementation/dashboard.html", context)


# The IEP at a glance -----------------------------------------------------------------------------

@student_view(Action.VIEW_STUDENT, record=GLANCE_RECORD)
def iep_at_a_glance(request: HttpRequest, student: Student) -> HttpResponse:
    iep = selectors.iep_in_effect(student=student)
    acknowledgement = None
    acknowledgements = []
    if iep is not None:
        acknowledgement = Acknowledgement.objects.filter(iep=iep, user=request.user).first()
        if allows(request.user, Action.MANAGE_CASE):
            acknowledgements = list(iep.acknowledgements.select_related("user").order_by("acknowledged_at"))
    context = {
        "student": student, "iep": iep, "acknowledgement": acknowledgement, "acknowledgements": acknowledgements,
        "can_acknowledge": iep is not None and allows(request.user, Action.ACKNOWLEDGE_IEP),
        "accommodations": list(iep.accommodations.all()) if iep else [],
        "goals": list(iep.goals.all()) if iep else [],
    }
    return render(request, "implementation/glance.html", context)


@require_POST
@student_view(Action.ACKNOWLEDGE_IEP, record=None)
def iep_acknowledge(request: HttpRequest, student: Student) -> HttpResponse:
    iep = selectors.iep_in_effect(student=student)
    if iep is None:
        messages.error(request, f"{student.full_name} has no IEP in effect.")
    else:
        services.iep_acknowledge(iep=iep, actor=request.user)
        messages.success(request, "Thank you: your acknowledgement is recorded.")
    return redirect("iep_at_a_glance", student_id=student.pk)
