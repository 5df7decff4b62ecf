"""The safeguards pages: each student's notices, requests and disputes, and the staff list of open ones."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from openiep.access.policy import Action, allows
from openiep.access.views import require_action, student_view
from openiep.evaluations.models import Evaluation
from openiep.lib.forms import add_errors
from openiep.people.models import Guardian, Student
from openiep.referrals.services import notice_language_for
from openiep.safeguards import forms, selectors, services
from openiep.safeguards.models import AmendmentRequest, Dispute, IEERequest, RecordsRequest

RECORD = "Procedural safeguards: notices, records requests, evaluations requested and disputes"


def _guardians(student: Student):
    return Guardian.objects.filter(guardianships__student=student).order_by("last_name", "first_name")


def evaluation_label(evaluation: Evaluation) -> str:
    day = evaluation.completed_on
    return f"{evaluation.get_kind_display()}, report of {day:%B} {day.day}, {day.year}" if day else \
        evaluation.get_kind_display()


def _new_forms(student: Student, data=None, only: str = "") -> dict[str, object]:
    """The forms for new records; only the one posted is bound."""
    today = timezone.localdate()
    guardians = _guardians(student)
    made = {}
    for name, cls, initial in (
        ("notice_form", forms.NoticeForm, {"given_on": today, "language": notice_language_for(student)}),
        ("records_form", forms.RecordsRequestForm, {"requested_on": today}),
        ("amendment_form", forms.AmendmentRequestForm, {"requested_on": today}),
        ("iee_form", forms.IEERequestForm, {"requested_on": today}),
        ("dispute_form", forms.DisputeForm, {"filed_on": today}),
    ):
        form = cls(data if name == only else None, initial=initial)
        form.set_guardians(guardians)
        if name == "iee_form":
            form.fields["evaluation"].queryset = Evaluation.objects.filter(
                student=student, status=Evaluation.Status.COMPLETED)
            form.fields["evaluation"].label_from_instance = evaluation_label
        made[name] = form
    return made


def _render(request: HttpRequest, student: Student, *, status: int = 200, bound: dict | None = None) -> HttpResponse:
    today = timezone.localdate()
    can_manage = allows(request.user, Action.MANAGE_SAFEGUARDS)
    context = {
        "student": student, "today": today, "data": selectors.student_safeguards(student=student, today=today),
        "can_manage": can_manage, "bound": bound or {},
    }
    if can_manage:
        # Only the form asked for (?new=records) or the one posted is built: five empty forms cost more to
        # render than the rest of the page.
        wanted = f"{request.GET.get('new', '')}_form"
        context.update({k: v for k, v in _new_forms(student).items() if k == wanted})
        context.update({k: v for k, v in (bound or {}).items() if k.endswith("_form")})
    return render(request, "safeguards/student.html", context, status=status)


@student_view(Action.VIEW_COMPLIANCE, record=RECORD)
def student_safeguards(request: HttpRequest, student: Student) -> HttpResponse:
    return _render(request, student)


def _handle(request: HttpRequest, student: Student, form, save: Callable[[dict], object], done: str,
            bound: dict) -> HttpResponse:
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("student_safeguards", student_id=student.pk)
    return _render(request, student, status=422, bound=bound)


def _adder(form_name: str, service: Callable, done: str):
    @require_POST
    @student_view(Action.MANAGE_SAFEGUARDS, record=RECORD)
    def view(request: HttpRequest, student: Student) -> HttpResponse:
        form = _new_forms(student, request.POST, only=form_name)[form_name]
        return _handle(request, student, form, lambda data: service(student=student, actor=request.user, **data),
                       done, {form_name: form})

    view.__name__ = f"{form_name.removesuffix('_form')}_add"
    return view


notice_add = _adder("notice_form", services.notice_give, "Recorded: the procedural safeguards notice was given.")
records_request_add = _adder("records_form", services.records_request_add,
                             "Records request entered: access is due within 45 days and before any meeting.")
amendment_request_add = _adder("amendment_form", services.amendment_request_add, "Amendment request entered.")
iee_request_add = _adder("iee_form", services.iee_request_add,
                         "IEE request entered: pay for it or file for a hearing by the date shown.")
dispute_add = _adder("dispute_form", services.dispute_add, "Entered, with its clocks.")


@require_POST
@student_view(Action.MANAGE_SAFEGUARDS, record=RECORD)
def records_request_answer(request: HttpRequest, student: Student, records_request_id: int) -> HttpResponse:
    item = get_object_or_404(RecordsRequest, pk=records_request_id, student=student)
    form = forms.RecordsAnswerForm(request.POST)
    return _handle(request, student, form,
                   lambda data: services.records_request_answer(request=item, actor=request.user, **data),
                   "Recorded: access to the records was given.", {"records_answer": (item.pk, form)})


@require_POST
@student_view(Action.MANAGE_SAFEGUARDS, record=RECORD)
def amendment_decide(request: HttpRequest, student: Student, amendment_id: int) -> HttpResponse:
    item = get_object_or_404(AmendmentRequest, pk=amendment_id, student=student)
    form = forms.AmendmentDecisionForm(request.POST)
    return _handle(request, student, form,
                   lambda data: services.amendment_decide(request=item, actor=request.user, decision=data["decision"],
                                                          decided_on=data["decided_on"],
                                                          reason=data["decision_reason"]),
                   "Decision recorded.", {"amendment_decision": (item.pk, form)})


@require_POST
@student_view(Action.MANAGE_SAFEGUARDS, record=RECORD)
def iee_respond(request: HttpRequest, student: Student, iee_request_id: int) -> HttpResponse:
    item = get_object_or_404(IEERequest, pk=iee_request_id, student=student)
    form = forms.IEEResponseForm(request.POST)
    return _handle(request, student, form,
                   lambda data: services.iee_respond(request=item, actor=request.user, **data),
                   "The district's answer is recorded.", {"iee_response": (item.pk, form)})


@require_POST
@student_view(Action.MANAGE_SAFEGUARDS, record=RECORD)
def dispute_update(request: HttpRequest, student: Student, dispute_id: int) -> HttpResponse:
    item = get_object_or_404(Dispute, pk=dispute_id, student=student)
    form = forms.DisputeUpdateForm(request.POST)
    return _handle(request, student, form,
                   lambda data: services.dispute_update(dispute=item, actor=request.user, **data),
                   "Saved.", {"dispute_update": (item.pk, form)})


@require_POST
@student_view(Action.MANAGE_SAFEGUARDS, record=RECORD)
def dispute_close(request: HttpRequest, student: Student, dispute_id: int) -> HttpResponse:
    item = get_object_or_404(Dispute, pk=dispute_id, student=student)
    form = forms.DisputeCloseForm(request.POST)
    return _handle(request, student, form,
                   lambda data: services.dispute_close(dispute=item, actor=request.user, **data),
                   "Closed.", {"dispute_close": (item.pk, form)})


def open_list(request: HttpRequest) -> HttpResponse:
    """Staff: every open records request, amendment request, IEE request and dispute they may see, oldest first."""
    require_action(request.user, Action.VIEW_COMPLIANCE)
    today = timezone.localdate()
    return render(request, "safeguards/open_list.html", {
        "lists": selectors.open_lists(user=request.user, today=today), "today": today,
        "limit": selectors.LIST_LIMIT,
    })
