"""The student's step-7 page: annual review, reevaluation, transfers in, exits and discipline, with their clocks."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from openiep.access.policy import Action, allows
from openiep.access.views import student_view
from openiep.audit.models import AccessRecord
from openiep.iep.models import IEP
from openiep.lib.forms import add_errors
from openiep.people.models import Student
from openiep.review import records, rules, services
from openiep.review.forms import (
    BehaviorForm,
    ExitForm,
    ReevaluationForm,
    RemovalForm,
    ReviewForm,
    TransferDecisionForm,
    TransferInForm,
)
from openiep.review.models import Removal, TransferIn

RECORD = "Reviews, reevaluations, transfers, exits and discipline"
FORMS = {"removal": RemovalForm, "behavior": BehaviorForm, "exit": ExitForm, "reevaluation": ReevaluationForm,
         "transfer": TransferInForm}


def school_year(calendar, today: date) -> tuple[date, date]:
    year = calendar.year_ending_after(today)
    if year is not None and year.first_day <= today:
        return year.first_day, year.last_day
    first = date(today.year if today.month >= 7 else today.year - 1, 7, 1)
    return first, date(first.year + 1, 6, 30)


def _page(request: HttpRequest, student: Student, *, bound: dict | None = None, status: int = 200,
          review_forms: dict | None = None, decision_forms: dict | None = None) -> HttpResponse:
    today = timezone.localdate()
    calendar = services.calendar_for(student)
    first, last = school_year(calendar, today)
    removals = list(student.removals.prefetch_related("reviews"))
    clock = rules.discipline_clock(
        [rules.RemovalFact(r.pk, r.starts_on, r.school_days, r.part_of_pattern, r.is_interim_setting) for r in removals],
        year_first=first, year_last=last, is_school_day=calendar.is_school_day)
    interim_ends = {r.pk: rules.interim_setting_ends(r.starts_on, calendar.is_school_day)
                    for r in removals if r.is_interim_setting}
    can_manage = allows(request.user, Action.MANAGE_CASE)
    bound, review_forms, decision_forms = bound or {}, review_forms or {}, decision_forms or {}
    forms = {}
    if can_manage:
        forms = {name: bound.get(name) or cls(prefix=name) for name, cls in FORMS.items()}
        if clock.trigger and not any(r.reviews.all() for r in removals if r.pk == clock.trigger.id):
            review_forms.setdefault(clock.trigger.id, ReviewForm(prefix=f"mdr{clock.trigger.id}",
                                                                 initial={"held_on": today}))
    transfers = list(student.transfers_in.all())
    if can_manage:
        for t in transfers:
            if t.decided_on is None:
                decision_forms.setdefault(t.pk, TransferDecisionForm(prefix=f"t{t.pk}"))
    last_eval = services.last_evaluated_on(student)
    context = {
        "student": student, "today": today, "can_manage": can_manage, "forms": forms,
        "iep": IEP.objects.filter(student=student, status=IEP.Status.IN_EFFECT).first(),
        "year_first": first, "year_last": last, "clock": clock, "removals": removals, "interim_ends": interim_ends,
        "review_forms": review_forms, "decision_forms": decision_forms,
        "behavior_records": list(student.behavior_records.all()),
        "exits": list(student.special_education_exits.select_related("iep")),
        "plans": list(student.reevaluation_plans.select_related("consent")),
        "last_evaluated_on": last_eval, "window": rules.reevaluation_window(last_eval) if last_eval else None,
        "transfers": transfers, "calendar_note": calendar.description,
    }
    return render(request, "review/student_review.html", context, status=status)


@student_view(Action.VIEW_STUDENT, record=RECORD)
def student_review(request: HttpRequest, student: Student) -> HttpResponse:
    return _page(request, student)


def _url(student: Student, anchor: str) -> str:
    return reverse("student_review", kwargs={"student_id": student.pk}) + f"#{anchor}"


def _post(request, student, name, save, done: str, anchor: str) -> HttpResponse:
    form = FORMS[name](request.POST, prefix=name)
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(_url(student, anchor))
    return _page(request, student, bound={name: form}, status=422)


@require_POST
@student_view(Action.MANAGE_CASE, record=RECORD)
def removal_add(request: HttpRequest, student: Student) -> HttpResponse:
    return _post(request, student, "removal",
                 lambda data: services.removal_record(student=student, actor=request.user, **data),
                 "Removal recorded.", "discipline")


@require_POST
@student_view(Action.MANAGE_CASE, record=RECORD)
def behavior_add(request: HttpRequest, student: Student) -> HttpResponse:
    return _post(request, student, "behavior",
                 lambda data: services.behavior_record_add(student=student, actor=request.user, **data),
                 "Saved.", "behavior")


@require_POST
@student_view(Action.MANAGE_CASE, record=RECORD)
def exit_add(request: HttpRequest, student: Student) -> HttpResponse:
    return _post(request, student, "exit",
                 lambda data: services.exit_record(student=student, actor=request.user, **data),
                 "Exit recorded; the IEP in effect has ended.", "exits")


@require_POST
@student_view(Action.MANAGE_CASE, record=RECORD)
def reevaluation_add(request: HttpRequest, student: Student) -> HttpResponse:
    return _post(request, student, "reevaluation",
                 lambda data: services.reevaluation_plan(student=student, actor=request.user, **data),
                 "Reevaluation planned.", "reevaluation")


@require_POST
@student_view(Action.MANAGE_CASE, record=RECORD)
def transfer_add(request: HttpRequest, student: Student) -> HttpResponse:
    return _post(request, student, "transfer",
                 lambda data: services.transfer_in_record(student=student, actor=request.user, **data),
                 "Transfer recorded: comparable services until the decision.", "transfers")


@require_POST
@student_view(Action.MANAGE_CASE, record=RECORD)
def manifestation_review_add(request: HttpRequest, student: Student, removal_id: int) -> HttpResponse:
    removal = get_object_or_404(Removal, pk=removal_id, student=student)
    form = ReviewForm(request.POST, prefix=f"mdr{removal.pk}")
    if form.is_valid():
        try:
            review = services.manifestation_review_record(removal=removal, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Review recorded: " + (
                "the conduct is a manifestation of the disability. Do an FBA and a behaviour plan (or review the one "
                "in place), and return the student to the placement unless the parent and the district agree "
                "otherwise (300.530(f))." if review.is_manifestation else
                "the conduct is not a manifestation of the disability; the usual discipline may apply, with "
                "services continuing (300.530(c), (d))."))
            return redirect(_url(student, "discipline"))
    return _page(request, student, review_forms={removal.pk: form}, status=422)


@require_GET
@student_view(Action.MANAGE_CASE, record="Records package for a transfer (IEPs, evaluations, progress)",
              kind=AccessRecord.Kind.EXPORT)
def records_export(request: HttpRequest, student: Student) -> HttpResponse:
    """The records package as JSON (``openiep.records/1``), for the district the student moves to."""
    response = HttpResponse(records.dumps(records.export_student(student)), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="records-{student.local_id}.json"'
    return response


@require_POST
@student_view(Action.MANAGE_CASE, record=RECORD)
def transfer_decide(request: HttpRequest, student: Student, transfer_id: int) -> HttpResponse:
    transfer = get_object_or_404(TransferIn, pk=transfer_id, student=student)
    form = TransferDecisionForm(request.POST, prefix=f"t{transfer.pk}")
    if form.is_valid():
        try:
            services.transfer_in_decide(transfer=transfer, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Decision recorded.")
            return redirect(_url(student, "transfers"))
    return _page(request, student, decision_forms={transfer.pk: form}, status=422)
