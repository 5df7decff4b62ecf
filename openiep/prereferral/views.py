"""Pages of the pre-referral step: a student's concerns, the interventions tried, their scores, the team's reviews."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from openiep.access.policy import Action, allows
from openiep.access.views import student_view
from openiep.lib.forms import add_errors
from openiep.people.models import Student
from openiep.prereferral import selectors, services
from openiep.prereferral.chart import Chart, progress_chart
from openiep.prereferral.forms import (
    AccommodationForm,
    AccommodationOutcomeForm,
    ConcernForm,
    DataPointForm,
    DataRowsForm,
    InterventionForm,
    ReviewForm,
)
from openiep.prereferral.models import Accommodation, Concern, Intervention, Review
from openiep.prereferral.rules import format_value

RECORD = "Pre-referral concerns and interventions (general education)"


def _day(on) -> str:
    return f"{on:%B} {on.day}, {on.year}"


# The concern page -----------------------------------------------------------------------------------

@dataclass
class InterventionCard:
    """One intervention on the concern page: its chart and, for those who record, its entry forms."""

    intervention: Intervention
    chart: Chart
    point_form: DataPointForm | None = None
    rows_form: DataRowsForm | None = None
    announce: str = ""


@dataclass
class AccommodationRow:
    accommodation: Accommodation
    form: AccommodationOutcomeForm | None = None


@dataclass
class ConcernPage:
    cards: list[InterventionCard] = field(default_factory=list)
    accommodations: list[AccommodationRow] = field(default_factory=list)


def _point_prefix(intervention: Intervention) -> str:
    return f"i{intervention.pk}"


def _rows_prefix(intervention: Intervention) -> str:
    return f"r{intervention.pk}"


def _card(intervention: Intervention, *, can_record: bool, point_form: DataPointForm | None = None,
          rows_form: DataRowsForm | None = None, announce: str = "", focus_entry: bool = False) -> InterventionCard:
    points = [(p.measured_on, p.value) for p in intervention.data_points.all()]
    chart = progress_chart(
        points=points, baseline=intervention.baseline, goal=intervention.goal, start=intervention.start_date,
        end=intervention.end_date, unit=intervention.unit, title=f"Progress: {intervention.measure}",
    )
    if can_record:
        point_form = point_form or DataPointForm(
            prefix=_point_prefix(intervention), unit=intervention.unit,
            initial={"measured_on": timezone.localdate()},
        )
        rows_form = rows_form or DataRowsForm(prefix=_rows_prefix(intervention))
        if focus_entry:  # after a score goes in, the next one can be typed at once
            point_form.fields["measured_on"].widget.attrs["autofocus"] = True
    return InterventionCard(intervention, chart, point_form, rows_form, announce)


def _concern_page(request: HttpRequest, student: Student, concern: Concern, *, status: int = 200,
                  bound: dict[int, dict] | None = None, accommodation_form: AccommodationForm | None = None,
                  outcome_forms: dict[int, AccommodationOutcomeForm] | None = None) -> HttpResponse:
    """Render the concern page; ``bound`` carries forms with errors for one intervention."""
    can_record = allows(request.user, Action.RECORD_PREREFERRAL)
    bound, outcome_forms = bound or {}, outcome_forms or {}
    page = ConcernPage()
    for intervention in concern.interventions.all():
        page.cards.append(_card(intervention, can_record=can_record, **bound.get(intervention.pk, {})))
    for accommodation in concern.accommodations.all():
        form = None
        if can_record:
            form = outcome_forms.get(accommodation.pk) or AccommodationOutcomeForm(
                instance=accommodation, prefix=f"a{accommodation.pk}")
        page.accommodations.append(AccommodationRow(accommodation, form))
    if can_record and accommodation_form is None:
        accommodation_form = AccommodationForm(prefix="accommodation")
    context = {
        "student": student,
        "concern": concern,
        "page": page,
        "can_record": can_record,
        "accommodation_form": accommodation_form,
    }
    return render(request, "prereferral/concern_detail.html", context, status=status)


def _intervention_fragment(request: HttpRequest, student: Student, intervention_id: int, *, status: int = 200,
                           **card_kwargs) -> HttpResponse:
    intervention = get_object_or_404(selectors.interventions_with_scores(student=student), pk=intervention_id)
    card = _card(intervention, can_record=True, **card_kwargs)
    return render(request, "prereferral/concern_detail.html#intervention",
                  {"student": student, "card": card, "can_record": True}, status=status)


def _concern_url(student: Student, concern_id: int, anchor: str = "") -> str:
    url = reverse("prereferral_concern_detail", kwargs={"student_id": student.pk, "concern_id": concern_id})
    return f"{url}#{anchor}" if anchor else url


@student_view(Action.VIEW_STUDENT, record=RECORD)
def concern_list(request: HttpRequest, student: Student) -> HttpResponse:
    """The student's concerns and where each stands: interventions under way, last team decision, referral."""
    context = {
        "student": student,
        "concerns": selectors.concerns_for_student(student=student),
        "can_record": allows(request.user, Action.RECORD_PREREFERRAL),
        "decisions": Review.Decision,
    }
    return render(request, "prereferral/concern_list.html", context)


@student_view(Action.VIEW_STUDENT, record=RECORD)
def concern_detail(request: HttpRequest, student: Student, concern_id: int) -> HttpResponse:
    concern = get_object_or_404(selectors.concern_page(student=student), pk=concern_id)
    return _concern_page(request, student, concern)


@require_http_methods(["GET", "POST"])
@student_view(Action.RECORD_PREREFERRAL, record=RECORD)
def concern_create(request: HttpRequest, student: Student) -> HttpResponse:
    form = ConcernForm(request.POST or None, initial={"raised_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            concern = services.concern_create(student=student, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Concern recorded. Now add the interventions the school is trying.")
            return redirect(_concern_url(student, concern.pk))
    return render(request, "prereferral/concern_form.html", {"student": student, "form": form, "concern": None})


@require_http_methods(["GET", "POST"])
@student_view(Action.RECORD_PREREFERRAL, record=RECORD)
def concern_edit(request: HttpRequest, student: Student, concern_id: int) -> HttpResponse:
    concern = get_object_or_404(Concern, pk=concern_id, student=student)
    form = ConcernForm(request.POST or None, instance=concern)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.concern_update(concern=Concern.objects.get(pk=concern.pk), data=data, actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Saved.")
            return redirect(_concern_url(student, concern.pk))
    return render(request, "prereferral/concern_form.html", {"student": student, "form": form, "concern": concern})


# Interventions --------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@student_view(Action.RECORD_PREREFERRAL, record=RECORD)
def intervention_add(request: HttpRequest, student: Student, concern_id: int) -> HttpResponse:
    concern = get_object_or_404(Concern, pk=concern_id, student=student)
    initial = {"start_date": timezone.localdate(), "area": next(iter(concern.areas_of_concern), ""), "tier": 1}
    form = InterventionForm(request.POST or None, initial=initial, areas=concern.areas_of_concern,
                            staff=selectors.staff_who_may_deliver(student=student))
    if request.method == "POST" and form.is_valid():
        try:
            intervention = services.intervention_add(concern=concern, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Intervention added. Enter the scores as you measure them.")
            return redirect(_concern_url(student, concern.pk, f"intervention-{intervention.pk}"))
    context = {"student": student, "concern": concern, "form": form, "intervention": None}
    return render(request, "prereferral/intervention_form.html", context)


@require_http_methods(["GET", "POST"])
@student_view(Action.RECORD_PREREFERRAL, record=RECORD)
def intervention_edit(request: HttpRequest, student: Student, intervention_id: int) -> HttpResponse:
    intervention = get_object_or_404(selectors.intervention_of(student=student), pk=intervention_id)
    concern = intervention.concern
    form = InterventionForm(request.POST or None, instance=intervention, areas=concern.areas_of_concern,
                            staff=selectors.staff_who_may_deliver(student=student))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            fresh = selectors.intervention_of(student=student).get(pk=intervention.pk)
            services.intervention_update(intervention=fresh, data=data, actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Saved.")
            return redirect(_concern_url(student, concern.pk, f"intervention-{intervention.pk}"))
    context = {"student": student, "concern": concern, "form": form, "intervention": intervention}
    return render(request, "prereferral/intervention_form.html", context)


# Scores ----------------------------------------------------------------------------------------------

def _scores_answer(request: HttpRequest, student: Student, intervention: Intervention, announce: str) -> HttpResponse:
    if request.htmx:
        return _intervention_fragment(request, student, intervention.pk, announce=announce, focus_entry=True)
    messages.success(request, announce)
    return redirect(_concern_url(student, intervention.concern_id, f"intervention-{intervention.pk}"))


def _scores_invalid(request: HttpRequest, student: Student, intervention: Intervention, **forms) -> HttpResponse:
    if request.htmx:
        return _intervention_fragment(request, student, intervention.pk, status=422, **forms)
    concern = get_object_or_404(selectors.concern_page(student=student), pk=intervention.concern_id)
    return _concern_page(request, student, concern, bound={intervention.pk: forms})


@require_POST
@student_view(Action.RECORD_PREREFERRAL, record=RECORD)
def data_point_add(request: HttpRequest, student: Student, intervention_id: int) -> HttpResponse:
    intervention = get_object_or_404(selectors.intervention_of(student=student), pk=intervention_id)
    form = DataPointForm(request.POST, prefix=_point_prefix(intervention), unit=intervention.unit)
    if form.is_valid():
        try:
            point = services.data_point_add(intervention=intervention, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            said = f"Score {format_value(point.value)} {intervention.unit} on {_day(point.measured_on)} is recorded."
            return _scores_answer(request, student, intervention, said)
    return _scores_invalid(request, student, intervention, point_form=form)


@require_POST
@student_view(Action.RECORD_PREREFERRAL, record=RECORD)
def data_points_add(request: HttpRequest, student: Student, intervention_id: int) -> HttpResponse:
    intervention = get_object_or_404(selectors.intervention_of(student=student), pk=intervention_id)
    form = DataRowsForm(request.POST, prefix=_rows_prefix(intervention))
    if form.is_valid():
        try:
            added = services.data_points_add(intervention=intervention, rows=form.cleaned_data["rows"],
                                             actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            said = (f"{len(added)} score{'s' if len(added) != 1 else ''} added." if added
                    else "These scores were already recorded; nothing changed.")
            return _scores_answer(request, student, intervention, said)
    return _scores_invalid(request, student, intervention, rows_form=form)


@require_POST
@student_view(Action.RECORD_PREREFERRAL, record=RECORD)
def data_point_remove(request: HttpRequest, student: Student, intervention_point_id: int) -> HttpResponse:
    point = get_object_or_404(selectors.data_points_of(student=student), pk=intervention_point_id)
    intervention = point.intervention
    said = f"Score {format_value(point.value)} on {_day(point.measured_on)} removed."
    services.data_point_remove(data_point=point, actor=request.user)
    return _scores_answer(request, student, intervention, said)


# Accommodations -------------------------------------------------------------------------------------

@require_POST
@student_view(Action.RECORD_PREREFERRAL, record=RECORD)
def accommodation_add(request: HttpRequest, student: Student, concern_id: int) -> HttpResponse:
    concern = get_object_or_404(Concern, pk=concern_id, student=student)
    form = AccommodationForm(request.POST, prefix="accommodation")
    if form.is_valid():
        try:
            services.accommodation_add(concern=concern, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Accommodation recorded.")
            return redirect(_concern_url(student, concern.pk, "accommodations"))
    page = get_object_or_404(selectors.concern_page(student=student), pk=concern.pk)
    return _concern_page(request, student, page, accommodation_form=form)


@require_POST
@student_view(Action.RECORD_PREREFERRAL, record=RECORD)
def accommodation_update(request: HttpRequest, student: Student, concern_accommodation_id: int) -> HttpResponse:
    accommodation = get_object_or_404(selectors.accommodations_of(student=student), pk=concern_accommodation_id)
    form = AccommodationOutcomeForm(request.POST, instance=accommodation, prefix=f"a{accommodation.pk}")
    if form.is_valid():
        try:
            fresh = selectors.accommodations_of(student=student).get(pk=accommodation.pk)
            services.accommodation_update(accommodation=fresh, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"Saved: {accommodation.description}.")
            return redirect(_concern_url(student, accommodation.concern_id, "accommodations"))
    page = get_object_or_404(selectors.concern_page(student=student), pk=accommodation.concern_id)
    return _concern_page(request, student, page, outcome_forms={accommodation.pk: form})


# Team review ------------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@student_view(Action.RECORD_PREREFERRAL, record=RECORD)
def review_record(request: HttpRequest, student: Student, concern_id: int) -> HttpResponse:
    concern = get_object_or_404(selectors.concern_page(student=student), pk=concern_id)
    form = ReviewForm(request.POST or None, initial={"reviewed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["decision"] == Review.Decision.REFER and not allows(request.user, Action.START_REFERRAL):
            form.add_error("decision", "Your role cannot make a referral; ask the case manager or an administrator.")
        else:
            try:
                review = services.review_record(concern=concern, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                if review.decision == Review.Decision.REFER:
                    received = Concern.objects.select_related("referral").get(pk=concern.pk).referral.received_on
                    messages.success(request, (
                        f"{student.full_name} is referred for a special-education evaluation. The referral counts "
                        f"as received on {_day(received)}; the evaluation timeline runs from that day."
                    ))
                else:
                    messages.success(request, "Team review recorded.")
                return redirect(_concern_url(student, concern.pk, "reviews"))
    cards = [_card(i, can_record=False) for i in concern.interventions.all()]
    context = {"student": student, "concern": concern, "form": form, "cards": cards}
    return render(request, "prereferral/review_form.html", context)
