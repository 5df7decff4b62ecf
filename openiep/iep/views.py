"""Pages of the IEP step: the versions, the editor (autosaved, with the conflict view), the banks, the
completeness check, finalising, the parent's consent, the PDF, amendments and the comparison of versions.

Every view goes through ``@student_view``; objects below the student are fetched through it. Autosave
endpoints answer JSON to the editor's script (``iep/iep-editor.js``) and redirect back for a plain form post,
so the editor works without JavaScript too.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openiep.access.policy import Action, allows
from openiep.access.views import student_view
from openiep.audit.models import AccessRecord
from openiep.documents import selectors as document_selectors
from openiep.documents import services as document_services
from openiep.documents.models import Document
from openiep.iep import rules, selectors, services
from openiep.iep.forms import (
    SECTION_FORMS,
    AccommodationForm,
    ConsentForm,
    GoalForm,
    NewAccommodationForm,
    NewGoalForm,
    NewIEPForm,
    NewServiceForm,
    ObjectiveForm,
    PaperSignatureForm,
    ServiceForm,
    SignForm,
)
from openiep.iep.models import (
    IEP,
    Accommodation,
    AccommodationBankEntry,
    Goal,
    GoalArea,
    GoalBankEntry,
    Objective,
    Service,
)
from openiep.lib.forms import add_errors
from openiep.meetings.models import Meeting
from openiep.people.models import Guardianship, Student

ROW_MODELS: dict[str, tuple[type[models.Model], type]] = {
    "goals": (Goal, GoalForm), "services": (Service, ServiceForm), "accommodations": (Accommodation, AccommodationForm),
}


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _visible_iep(request: HttpRequest, student: Student, iep_id: int) -> IEP:
    """The IEP, if this user may see it: the family sees a draft only once it was shared with them."""
    iep = selectors.iep_detail(student=student, iep_id=iep_id)
    if request.user.is_family and iep.status == IEP.Status.DRAFT and iep.shared_with_parents_at is None:
        raise Http404("No such IEP")
    if iep.status == IEP.Status.DISCARDED and request.user.is_family:
        raise Http404("No such IEP")
    return iep


def _draft(student: Student, iep_id: int) -> IEP:
    return get_object_or_404(IEP.objects.select_related("student"), pk=iep_id, student=student)


def _page_url(student: Student, iep: IEP, anchor: str = "") -> str:
    url = reverse("iep_detail", kwargs={"student_id": student.pk, "iep_id": iep.pk})
    return f"{url}#{anchor}" if anchor else url


# ------------------------------------------------------------------------------------------ versions
@require_GET
@student_view(Action.VIEW_STUDENT, record="IEPs (list of versions)")
def iep_list(request: HttpRequest, student: Student) -> HttpResponse:
    ieps = list(selectors.ieps_for_student(student=student))
    if request.user.is_family:
        ieps = [i for i in ieps if i.status != IEP.Status.DRAFT or i.shared_with_parents_at]
    can_draft = allows(request.user, Action.MANAGE_CASE)
    meetings = Meeting.objects.filter(student=student).exclude(status=Meeting.Status.CANCELLED).order_by("-starts_at")
    return render(request, "iep/iep_list.html", {
        "student": student, "ieps": ieps, "can_draft": can_draft,
        "has_draft": any(i.status == IEP.Status.DRAFT for i in ieps),
        "in_effect": next((i for i in ieps if i.status == IEP.Status.IN_EFFECT), None),
        "new_form": NewIEPForm(meetings=meetings, initial={"kind": _default_kind(ieps)}) if can_draft else None,
    })


def _default_kind(ieps: list[IEP]) -> str:
    return IEP.Kind.ANNUAL if any(i.is_final for i in ieps) else IEP.Kind.INITIAL


@require_POST
@student_view(Action.MANAGE_CASE, record=None)
def iep_new(request: HttpRequest, student: Student) -> HttpResponse:
    meetings = Meeting.objects.filter(student=student).exclude(status=Meeting.Status.CANCELLED)
    form = NewIEPForm(request.POST, meetings=meetings)
    if form.is_valid():
        try:
            iep = services.iep_create(student=student, kind=form.cleaned_data["kind"], actor=request.user,
                                      meeting=form.cleaned_data["meeting"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"Draft IEP (version {iep.version}) started. Everything you type is saved "
                                      "as you go.")
            return redirect(_page_url(student, iep))
    else:
        messages.error(request, "Choose what kind of IEP to start.")
    return redirect("iep_list", student_id=student.pk)


@require_POST
@student_view(Action.MANAGE_CASE, record=None)
def iep_amend(request: HttpRequest, student: Student, iep_id: int) -> HttpResponse:
    iep = get_object_or_404(IEP, pk=iep_id, student=student, status__in=[IEP.Status.IN_EFFECT, IEP.Status.APPROVED])
    meeting = None
    if request.POST.get("meeting"):
        meeting = Meeting.objects.filter(student=student, pk=request.POST["meeting"]).first()
    try:
        draft = services.iep_create(student=student, kind=IEP.Kind.AMENDMENT, actor=request.user, meeting=meeting)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(_page_url(student, iep))
    messages.success(request, f"Amendment started from version {iep.version}: change what needs changing; the "
                              "rest is carried over.")
    return redirect(_page_url(student, draft))


@require_POST
@student_view(Action.MANAGE_CASE, record=None)
def iep_discard(request: HttpRequest, student: Student, iep_id: int) -> HttpResponse:
    iep = _draft(student, iep_id)
    try:
        services.iep_discard(iep=iep, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_page_url(student, iep))
    messages.success(request, f"Draft version {iep.version} discarded (kept in the history).")
    return redirect("iep_list", student_id=student.pk)


# -------------------------------------------------------------------------------------------- editor
def _section_forms(iep: IEP) -> list[dict[str, Any]]:
    out = []
    for name, form_class in SECTION_FORMS.items():
        form = form_class(instance=iep)
        out.append({"name": name, "title": rules.SECTION_TITLES[name], "citation": rules.SECTION_CITATIONS[name],
                    "form": form})
    return out


def _row_forms(iep: IEP) -> dict[str, list[tuple[models.Model, Any]]]:
    return {
        "goals": [(g, GoalForm(instance=g, auto_id=f"id_goal{g.pk}_%s")) for g in iep.goals.all()],
        "services": [(s, ServiceForm(instance=s, auto_id=f"id_service{s.pk}_%s")) for s in iep.services.all()],
        "accommodations": [(a, AccommodationForm(instance=a, auto_id=f"id_acc{a.pk}_%s"))
                           for a in iep.accommodations.all()],
    }


def _editor_context(request: HttpRequest, student: Student, iep: IEP, **extra: Any) -> dict[str, Any]:
    editable = iep.is_editable and allows(request.user, Action.DRAFT_IEP)
    facts = selectors.facts_for(iep)
    problems = rules.completeness_problems(facts) if iep.is_editable else []
    sections = _section_forms(iep) if editable else []
    transition = rules.needs_transition_plan(facts)
    majority = rules.needs_majority_statement(facts)
    context = {
        "student": student, "iep": iep, "editable": editable,
        "can_manage": allows(request.user, Action.MANAGE_CASE),
        "can_sign": allows(request.user, Action.ACT_AS_PARENT),
        "sections": sections, "sections_by_name": {s["name"]: s for s in sections},
        "rows": _row_forms(iep) if editable else None,
        "problems": problems, "problem_count": len(problems),
        "needs_transition": transition, "needs_majority": majority,
        "minutes_total": sum(rules.minutes_per_week(s.minutes, s.times, s.period) for s in iep.services.all()),
        "percent_inside": rules.percent_inside_regular_class(iep.school_week_minutes, iep.minutes_outside_regular_class),
        "environment_label": rules.ENVIRONMENT_LABELS.get(iep.environment_code, ""),
        "new_goal_form": NewGoalForm(auto_id="id_newgoal_%s"), "new_service_form": NewServiceForm(auto_id="id_newservice_%s"),
        "new_accommodation_form": NewAccommodationForm(auto_id="id_newacc_%s"),
        "objective_form": ObjectiveForm(auto_id=False),
        "goal_areas": GoalArea.choices, "grade_band": selectors.grade_band_of(student),
        "titles": rules.SECTION_TITLES, "citations": rules.SECTION_CITATIONS,
        "changes_from_previous": _changes_from_previous(iep) if iep.previous_id and iep.is_editable else None,
        "document": document_selectors.latest_for(source=iep, source_hash=iep.content_hash, kind=Document.Kind.IEP) if iep.is_final else None,
        "now": timezone.now(),
    }
    context.update(extra)
    return context


def _changes_from_previous(iep: IEP) -> list[rules.Change]:
    previous = iep.previous
    if previous is None or not previous.snapshot:
        return []
    return rules.compare_snapshots(previous.snapshot, services.snapshot_of(iep), labels=FIELD_LABELS,
                                   row_fields=ROW_DIFF_FIELDS, show=show_value)


FIELD_LABELS = {f.name: str(f.verbose_name) for f in IEP._meta.get_fields() if hasattr(f, "verbose_name")}
CHOICES = {
    ("goals", "area"): dict(GoalArea.choices),
    ("goals", "measurement_method"): dict(Goal._meta.get_field("measurement_method").choices),
    ("services", "kind"): dict(Service.Kind.choices),
    ("services", "provider_role"): dict(Service.ProviderRole.choices),
    ("services", "period"): dict(Service.Period.choices),
    ("services", "location"): dict(Service.Location.choices),
    ("services", "delivery"): dict(Service.Delivery.choices),
    ("accommodations", "applies_to"): dict(Accommodation.AppliesTo.choices),
}


def show_value(collection: str, name: str, value: object) -> str:
    """A snapshot value as a teacher reads it: choices by their label, dates as dates."""
    if value in (None, ""):
        return ""
    label = CHOICES.get((collection, name), {}).get(value)
    if label:
        return str(label)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return value
        return f"{day:%B} {day.day}, {day.year}"
    return str(value)


ROW_DIFF_FIELDS = {
    "goals": [("statement", "Goal"), ("baseline", "Baseline"), ("criterion", "Criterion"),
              ("measurement_method", "Measured by"), ("measurement_schedule", "How often"),
              ("responsible", "Responsible"), ("target_value", "Target"), ("objectives_text", "Objectives")],
    "services": [("name", "Service"), ("kind", "Kind"), ("provider_role", "Provider"), ("minutes", "Minutes"),
                 ("times", "Times"), ("period", "Per"), ("location", "Where"), ("start_date", "From"),
                 ("end_date", "To")],
    "accommodations": [("description", "Accommodation"), ("applies_to", "Applies to"), ("conditions", "When")],
}


@require_GET
@student_view(Action.VIEW_STUDENT, record="IEP")
def iep_detail(request: HttpRequest, student: Student, iep_id: int) -> HttpResponse:
    iep = _visible_iep(request, student, iep_id)
    return render(request, "iep/iep_detail.html", _editor_context(request, student, iep))


@require_GET
@student_view(Action.DRAFT_IEP, record=None)
def iep_check(request: HttpRequest, student: Student, iep_id: int) -> HttpResponse:
    """The completeness list, refreshed by the editor after each save (htmx fragment)."""
    iep = selectors.iep_detail(student=student, iep_id=iep_id)
    problems = rules.completeness_problems(selectors.facts_for(iep)) if iep.is_editable else []
    return render(request, "iep/iep_detail.html#completeness",
                  {"student": student, "iep": iep, "problems": problems, "problem_count": len(problems),
                   "editable": True, "titles": rules.SECTION_TITLES})


def _save_response(request: HttpRequest, result: services.SaveResult, *, back: str, labels: dict[str, str]) -> HttpResponse:
    values = {name: _as_text(value) for name, value in result.values.items()}
    if result.conflicts:
        html = render_to_string("iep/iep_detail.html#conflict", {
            "conflicts": [{"field": c.field, "label": labels.get(c.field, c.field), "theirs": _as_text(c.theirs),
                           "yours": _as_text(c.yours)} for c in result.conflicts],
            "saved_by": result.saved_by, "saved_at": result.saved_at,
        }, request=request)
        if _wants_json(request):
            return JsonResponse({"status": "conflict", "saved": result.saved, "values": values, "html": html,
                                 "conflicts": [{"field": c.field, "theirs": _as_text(c.theirs),
                                                "yours": _as_text(c.yours)} for c in result.conflicts]}, status=409)
        messages.error(request, "Someone else changed " + ", ".join(labels.get(c.field, c.field) for c in result.conflicts)
                       + " while you were editing: your text was not saved there. Compare and save again.")
        return redirect(back)
    if _wants_json(request):
        return JsonResponse({"status": "saved", "saved": result.saved, "values": values,
                             "at": timezone.localtime().strftime("%-I:%M %p")})
    messages.success(request, "Saved.")
    return redirect(back)


def _invalid_response(request: HttpRequest, exc: ValidationError, back: str) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    if _wants_json(request):
        return JsonResponse({"status": "invalid", "errors": errors}, status=422)
    for name, problems in errors.items():
        for problem in problems:
            messages.error(request, problem if name == NON_FIELD_ERRORS else f"{FIELD_LABELS.get(name, name)}: {problem}")
    return redirect(back)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _submitted(request: HttpRequest, allowed: tuple[str, ...]) -> tuple[dict[str, str], dict[str, str]]:
    values = {name: request.POST.get(name, "") for name in allowed if name in request.POST}
    # A checkbox that is not ticked is not posted: the form says which checkboxes it holds.
    for name in request.POST.getlist("checkbox"):
        if name in allowed and name not in request.POST:
            values[name] = "false"
    original = {name: request.POST.get(f"original-{name}", "") for name in values if f"original-{name}" in request.POST}
    return values, original


@require_POST
@student_view(Action.DRAFT_IEP, record=None)
def iep_autosave(request: HttpRequest, student: Student, iep_id: int) -> HttpResponse:
    iep = _draft(student, iep_id)
    back = _page_url(student, iep, request.POST.get("section", ""))
    values, original = _submitted(request, tuple(rules.FIELD_SECTION))
    try:
        result = services.iep_sections_save(iep=iep, values=values, original=original, actor=request.user)
    except ValidationError as exc:
        return _invalid_response(request, exc, back)
    return _save_response(request, result, back=back, labels=FIELD_LABELS)


def _row(student: Student, iep_id: int, kind: str, row_id: int) -> models.Model:
    if kind not in ROW_MODELS:
        raise Http404("No such part")
    model = ROW_MODELS[kind][0]
    return get_object_or_404(model.objects.select_related("iep"), pk=row_id, iep_id=iep_id, iep__student=student)


@require_POST
@student_view(Action.DRAFT_IEP, record=None)
def row_autosave(request: HttpRequest, student: Student, iep_id: int, kind: str, row_id: int) -> HttpResponse:
    row = _row(student, iep_id, kind, row_id)
    model, form_class = ROW_MODELS[kind]
    back = _page_url(student, row.iep, f"{model.__name__.lower()}-{row.pk}")
    values, original = _submitted(request, services.ROW_FIELDS[model])
    try:
        result = services.row_save(row=row, values=values, original=original, actor=request.user)
    except ValidationError as exc:
        return _invalid_response(request, exc, back)
    labels = {name: str(f.label) for name, f in form_class.base_fields.items()}
    return _save_response(request, result, back=back, labels=labels)


NEW_ROW_FORMS = {"goals": NewGoalForm, "services": NewServiceForm, "accommodations": NewAccommodationForm}


@require_POST
@student_view(Action.DRAFT_IEP, record=None)
def row_add(request: HttpRequest, student: Student, iep_id: int, kind: str) -> HttpResponse:
    if kind not in ROW_MODELS:
        raise Http404("No such part")
    iep = _draft(student, iep_id)
    model = ROW_MODELS[kind][0]
    form = NEW_ROW_FORMS[kind](request.POST)
    if not form.is_valid():
        for name, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[name].label if name in form.fields else ''}: {error}".lstrip(": "))
        return redirect(_page_url(student, iep, kind))
    try:
        row = services.row_add(iep=iep, model=model, values=form.cleaned_data, actor=request.user)
    except ValidationError as exc:
        return _invalid_response(request, exc, _page_url(student, iep, kind))
    messages.success(request, f"{model._meta.verbose_name.capitalize()} added: fill in the rest below.")
    return redirect(_page_url(student, iep, f"{model.__name__.lower()}-{row.pk}"))


@require_POST
@student_view(Action.DRAFT_IEP, record=None)
def row_delete(request: HttpRequest, student: Student, iep_id: int, kind: str, row_id: int) -> HttpResponse:
    row = _row(student, iep_id, kind, row_id)
    try:
        services.row_delete(row=row, actor=request.user)
    except ValidationError as exc:
        return _invalid_response(request, exc, _page_url(student, row.iep, kind))
    messages.success(request, f"{row._meta.verbose_name.capitalize()} removed.")
    return redirect(_page_url(student, row.iep, kind))


@require_POST
@student_view(Action.DRAFT_IEP, record=None)
def objective_add(request: HttpRequest, student: Student, iep_id: int, goal_id: int) -> HttpResponse:
    goal = _row(student, iep_id, "goals", goal_id)
    form = ObjectiveForm(request.POST)
    back = _page_url(student, goal.iep, f"goal-{goal.pk}")
    if not form.is_valid():
        messages.error(request, "Describe the short-term objective or benchmark (and a valid date, if any).")
        return redirect(back)
    try:
        services.objective_add(goal=goal, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        return _invalid_response(request, exc, back)
    messages.success(request, "Short-term objective added.")
    return redirect(back)


@require_POST
@student_view(Action.DRAFT_IEP, record=None)
def objective_delete(request: HttpRequest, student: Student, iep_id: int, objective_id: int) -> HttpResponse:
    objective = get_object_or_404(Objective.objects.select_related("goal__iep"), pk=objective_id,
                                  goal__iep_id=iep_id, goal__iep__student=student)
    back = _page_url(student, objective.goal.iep, f"goal-{objective.goal_id}")
    try:
        services.objective_delete(objective=objective, actor=request.user)
    except ValidationError as exc:
        return _invalid_response(request, exc, back)
    messages.success(request, "Short-term objective removed.")
    return redirect(back)


# --------------------------------------------------------------------------------------------- banks
@require_GET
@student_view(Action.DRAFT_IEP, record=None)
def goal_bank(request: HttpRequest, student: Student, iep_id: int) -> HttpResponse:
    iep = _draft(student, iep_id)
    query = request.GET.get("q", "")[:100]
    area = request.GET.get("area", "")
    area = area if area in GoalArea.values else ""
    band = request.GET.get("band", selectors.grade_band_of(student))
    entries = selectors.goal_bank_search(query=query, area=area, grade_band=band if request.GET.get("band", "x") else "",
                                         district_id=student.district_id)
    return render(request, "iep/_goals_editor.html#goal-bank-results", {
        "student": student, "iep": iep, "entries": entries, "query": query,
        "previews": {e.key: services.bank_goal_values(e, student=student)["statement"] for e in entries},
    })


@require_GET
@student_view(Action.DRAFT_IEP, record=None)
def accommodation_bank(request: HttpRequest, student: Student, iep_id: int) -> HttpResponse:
    iep = _draft(student, iep_id)
    query = request.GET.get("q", "")[:100]
    entries = selectors.accommodation_bank_search(query=query, applies_to=request.GET.get("applies_to", ""),
                                                  district_id=student.district_id)
    return render(request, "iep/_accommodations_editor.html#accommodation-bank-results",
                  {"student": student, "iep": iep, "entries": entries, "query": query})


@require_POST
@student_view(Action.DRAFT_IEP, record=None)
def bank_insert(request: HttpRequest, student: Student, iep_id: int, kind: str) -> HttpResponse:
    iep = _draft(student, iep_id)
    key = request.POST.get("key", "")
    try:
        if kind == "goals":
            entry = GoalBankEntry.objects.filter(key=key).first()
            if entry is None:
                raise Http404("No such bank entry")
            row = services.goal_from_bank(iep=iep, entry=entry, actor=request.user)
            anchor = f"goal-{row.pk}"
        elif kind == "accommodations":
            entry = AccommodationBankEntry.objects.filter(key=key).first()
            if entry is None:
                raise Http404("No such bank entry")
            row = services.accommodation_from_bank(iep=iep, entry=entry, actor=request.user)
            anchor = f"accommodation-{row.pk}"
        else:
            raise Http404("No such bank")
    except ValidationError as exc:
        return _invalid_response(request, exc, _page_url(student, iep, kind))
    messages.success(request, f"“{entry.title}” inserted: now make it {student.first_name}'s own (replace each "
                              "[placeholder] and add the baseline).")
    return redirect(_page_url(student, iep, anchor))


# ---------------------------------------------------------------------------------------- lifecycle
@require_POST
@student_view(Action.MANAGE_CASE, record=None)
def iep_share(request: HttpRequest, student: Student, iep_id: int) -> HttpResponse:
    iep = _draft(student, iep_id)
    try:
        services.iep_share_with_parents(iep=iep, actor=request.user)
    except ValidationError as exc:
        return _invalid_response(request, exc, _page_url(student, iep))
    messages.success(request, "The draft is shared with the parents: they can read it (and download it) in the "
                              "family portal before the meeting.")
    return redirect(_page_url(student, iep))


@require_http_methods(["GET", "POST"])
@student_view(Action.MANAGE_CASE, record="IEP (finalising)")
def iep_finalize(request: HttpRequest, student: Student, iep_id: int) -> HttpResponse:
    iep = selectors.iep_detail(student=student, iep_id=iep_id)
    if not iep.is_editable:
        messages.info(request, "This IEP is already finalised.")
        return redirect(_page_url(student, iep))
    facts = selectors.facts_for(iep)
    problems = rules.completeness_problems(facts)
    error = ""
    if request.method == "POST":
        try:
            iep = services.iep_finalize(iep=iep, actor=request.user, facts=facts)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            _store_documents(iep, request.user)
            if iep.status == IEP.Status.AWAITING_CONSENT:
                messages.success(request, "The IEP is finalised. The parent's consent to services is requested: they "
                                          "can sign in the family portal, or record a paper signature here.")
            else:
                messages.success(request, f"The IEP is finalised and {iep.get_status_display().lower()}.")
            return redirect(_page_url(student, iep))
    return render(request, "iep/iep_finalize.html", {
        "student": student, "iep": iep, "problems": problems, "error": error, "titles": rules.SECTION_TITLES,
        "meeting": iep.meeting, "without_meeting": iep.kind == IEP.Kind.AMENDMENT and iep.meeting_id is None,
        "agreement": iep.signatures.filter(purpose="amendment_agreement").first(),
    }, status=422 if error else 200)


def _pdf_context(iep: IEP) -> dict[str, Any]:
    student = iep.student
    facts = selectors.facts_for(iep, check_provider_roles=False)
    guardians = list(Guardianship.objects.filter(student=student, holds_educational_rights=True)
                     .select_related("guardian"))
    return {
        "student": student, "iep": iep, "goals": list(iep.goals.all()), "services": list(iep.services.all()),
        "accommodations": list(iep.accommodations.all()), "guardians": guardians,
        "needs_transition": rules.needs_transition_plan(facts), "needs_majority": rules.needs_majority_statement(facts),
        "percent_inside": rules.percent_inside_regular_class(iep.school_week_minutes, iep.minutes_outside_regular_class),
        "environment_label": rules.ENVIRONMENT_LABELS.get(iep.environment_code, ""),
        "minutes": {s.pk: rules.minutes_per_week(s.minutes, s.times, s.period) for s in iep.services.all()},
        "document_title": f"IEP for {student.full_name}",
        "generated_at": timezone.now(),
    }


def _store_pdf(iep: IEP, actor) -> Document:
    iep = selectors.iep_detail(student=iep.student, iep_id=iep.pk)
    return document_services.document_render(
        student=iep.student, kind=Document.Kind.IEP,
        title=f"IEP for {iep.student.full_name}, version {iep.version} ({iep.get_kind_display()})",
        template="iep/iep_pdf.html", context=_pdf_context(iep), actor=actor, source=iep,
        source_hash=iep.content_hash,
    )


def _store_documents(iep: IEP, actor) -> list[Document]:
    """The documents given to the parents when an IEP is finalised: the IEP, its Prior Written Notice and, for
    an initial IEP, the consent form."""
    stored = [_store_pdf(iep, actor)]
    student = iep.student
    language = iep.notice.language if iep.notice else "en"
    if iep.notice is not None:
        from openiep.referrals import rules as referral_rules

        notice = iep.notice
        stored.append(document_services.document_render(
            student=student, kind=Document.Kind.PRIOR_WRITTEN_NOTICE, language=language,
            title=f"Prior Written Notice of {notice.issued_on:%B} {notice.issued_on.day}, {notice.issued_on.year}: "
                  f"the district {notice.get_action_display().lower()} the IEP (version {iep.version})",
            template="referrals/notice_pdf.html", actor=actor, source=notice,
            context={"student": student, "notice": notice, "document_title": "Prior Written Notice",
                     "citation": referral_rules.PWN_CITATION,
                     "sections": referral_rules.notice_sections(
                         {f: getattr(notice, f) for f in referral_rules.NOTICE_FIELDS}, notice.action)},
        ))
    if iep.status == IEP.Status.AWAITING_CONSENT:
        stored.append(document_services.document_render(
            student=student, kind=Document.Kind.CONSENT_FORM, language=language,
            title=f"Consent form: initial special education services (IEP version {iep.version})",
            template="iep/consent_form_pdf.html", actor=actor, source=iep, source_hash=iep.content_hash,
            context={"student": student, "iep": iep, "services": list(iep.services.all()),
                     "document_title": "Consent for services"},
        ))
    return stored


@require_GET
@student_view(Action.VIEW_STUDENT, record="IEP (PDF)", kind=AccessRecord.Kind.DOWNLOAD)
def iep_pdf(request: HttpRequest, student: Student, iep_id: int) -> HttpResponse:
    """The IEP as a PDF: the stored document of a finalised IEP, or a draft rendered now and marked DRAFT."""
    iep = _visible_iep(request, student, iep_id)
    if iep.is_final:
        document = document_selectors.latest_for(source=iep, source_hash=iep.content_hash, kind=Document.Kind.IEP) or _store_pdf(iep, request.user)
        data = document.file.open("rb").read()
        digest = document.sha256
    else:
        data = document_services.render_pdf(template="iep/iep_pdf.html", context=_pdf_context(iep))
        digest = document_services.sha256(data)
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if request.GET.get("inline") == "1" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="IEP-{student.local_id}-v{iep.version}.pdf"'
    response["X-Content-SHA256"] = digest
    return response


def _guardian_for(request: HttpRequest, student: Student):
    link = Guardianship.objects.filter(student=student, guardian__user=request.user).select_related("guardian").first()
    return link


@require_http_methods(["GET", "POST"])
@student_view(Action.ACT_AS_PARENT, record="IEP (consent to services)")
def iep_consent(request: HttpRequest, student: Student, iep_id: int) -> HttpResponse:
    """The parent (or the student who holds the rights) consents, consents in part, or refuses, by typing
    their name over the hash of the IEP they read."""
    iep = _visible_iep(request, student, iep_id)
    link = _guardian_for(request, student)
    holds_rights = (link is not None and link.holds_educational_rights) or (
        student.rights_transferred_on is not None and student.user_id == request.user.pk)
    if iep.status != IEP.Status.AWAITING_CONSENT:
        messages.info(request, "This IEP is not waiting for consent.")
        return redirect(_page_url(student, iep))
    form = ConsentForm(request.POST or None, initial={"document_hash": iep.content_hash})
    if request.method == "POST" and form.is_valid():
        if not holds_rights:
            form.add_error(None, "Only a parent who holds the educational rights can answer for this student.")
        else:
            data = form.cleaned_data
            try:
                services.iep_consent_record(iep=iep, decision=data["decision"], actor=request.user,
                                            signature=services.SignatureInput(
                                                signer_name=data["signer_name"], method="electronic",
                                                document_hash=data["document_hash"], signer=request.user,
                                                guardian=link.guardian if link else None,
                                                signer_role="Parent" if link else "Student",
                                                declined_services=data["declined_services"]))
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "Thank you: your answer is recorded with the date and time. A copy is in "
                                          "your documents.")
                return redirect(_page_url(student, iep))
    return render(request, "iep/iep_consent.html", {
        "student": student, "iep": iep, "form": form, "holds_rights": holds_rights,
        "services": list(iep.services.all()),
    }, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@student_view(Action.MANAGE_CASE, record="IEP (recording a signature)")
def iep_consent_paper(request: HttpRequest, student: Student, iep_id: int) -> HttpResponse:
    """Staff record the parent's answer given on paper (with the scan) or in person."""
    iep = selectors.iep_detail(student=student, iep_id=iep_id)
    if iep.status != IEP.Status.AWAITING_CONSENT:
        messages.info(request, "This IEP is not waiting for consent.")
        return redirect(_page_url(student, iep))
    form = PaperSignatureForm(request.POST or None, request.FILES or None)
    guardians = list(Guardianship.objects.filter(student=student, holds_educational_rights=True).select_related("guardian"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.iep_consent_record(iep=iep, decision=data["decision"], actor=request.user,
                                        signature=services.SignatureInput(
                                            signer_name=data["signer_name"], method=data["method"],
                                            document_hash=iep.content_hash, scan=data["scan"],
                                            guardian=guardians[0].guardian if guardians else None,
                                            declined_services=data["declined_services"]))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "The parent's answer is recorded.")
            return redirect(_page_url(student, iep))
    return render(request, "iep/iep_consent_paper.html", {"student": student, "iep": iep, "form": form},
                  status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@student_view(Action.VIEW_STUDENT, record="IEP amendment (agreement without a meeting)")
def iep_agreement(request: HttpRequest, student: Student, iep_id: int) -> HttpResponse:
    """The parent's written agreement to an amendment without a meeting (300.324(a)(4)), over the draft's hash."""
    iep = _visible_iep(request, student, iep_id)
    if iep.kind != IEP.Kind.AMENDMENT or not iep.is_editable:
        raise Http404("No amendment to agree to")
    can_sign = allows(request.user, Action.ACT_AS_PARENT)
    if not can_sign:
        raise Http404("Only the parent agrees to an amendment")
    link = _guardian_for(request, student)
    current_hash = services.content_hash(services.snapshot_of(iep))
    form = SignForm(request.POST or None, initial={"document_hash": current_hash})
    if request.method == "POST" and form.is_valid():
        if link is None or not link.holds_educational_rights:
            form.add_error(None, "Only a parent who holds the educational rights can agree for this student.")
        else:
            try:
                services.iep_amendment_agreement_record(iep=iep, actor=request.user, signature=services.SignatureInput(
                    signer_name=form.cleaned_data["signer_name"], method="electronic",
                    document_hash=form.cleaned_data["document_hash"], signer=request.user, guardian=link.guardian))
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "Your agreement to the amendment is recorded.")
                return redirect(_page_url(student, iep))
    changes = _changes_from_previous(iep)
    return render(request, "iep/iep_agreement.html", {"student": student, "iep": iep, "form": form,
                                                      "changes": changes}, status=422 if form.errors else 200)


@require_GET
@student_view(Action.VIEW_STUDENT, record="IEP versions compared")
def iep_compare(request: HttpRequest, student: Student) -> HttpResponse:
    ieps = [i for i in selectors.ieps_for_student(student=student)
            if not request.user.is_family or i.status != IEP.Status.DRAFT or i.shared_with_parents_at]
    by_id = {str(i.pk): i for i in ieps}
    older, newer = by_id.get(request.GET.get("a", "")), by_id.get(request.GET.get("b", ""))
    if older is None or newer is None:
        if len(ieps) >= 2:
            newer, older = ieps[0], ieps[1]
        else:
            older = newer = None
    changes = None
    if older is not None and newer is not None:
        if older.version > newer.version:
            older, newer = newer, older
        changes = rules.compare_snapshots(_snapshot(older), _snapshot(newer), labels=FIELD_LABELS,
                                          row_fields=ROW_DIFF_FIELDS, show=show_value)
    return render(request, "iep/iep_compare.html", {"student": student, "ieps": ieps, "older": older, "newer": newer,
                                                    "changes": changes})


def _snapshot(iep: IEP) -> dict[str, Any]:
    if iep.snapshot:
        return iep.snapshot
    return services.snapshot_of(selectors.iep_detail(student=iep.student, iep_id=iep.pk))
