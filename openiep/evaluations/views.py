"""Pages of the evaluation step: the plan, the evaluation with its team and reports, an evaluator's report
form and files, completion, and each evaluator's worklist."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openiep.access.policy import Action, allows
from openiep.access.views import require_action, student_view
from openiep.audit.models import AccessRecord
from openiep.evaluations import selectors, services
from openiep.evaluations.forms import (
    AreaFormSet,
    AreaReportForm,
    CompleteForm,
    FileForm,
    PlanForm,
    ScoreFormSet,
)
from openiep.evaluations.models import Evaluation, EvaluationArea, EvaluationFile
from openiep.lib.forms import add_errors
from openiep.people.models import Student, User

SCORE_BLANK_ROWS = 3
AREA_BLANK_ROWS = 3


def get_evaluation(student: Student, evaluation_id: int) -> Evaluation:
    evaluation = selectors.evaluation_detail(student=student, evaluation_id=evaluation_id)
    if evaluation is None:
        raise Http404("No such evaluation")
    evaluation.student = student
    return evaluation


def evaluation_context(request: HttpRequest, student: Student, evaluation: Evaluation, **extra: object) -> dict:
    """Everything the evaluation page shows; the eligibility step re-renders it with its bound form."""
    from openiep.eligibility import selectors as eligibility_selectors
    from openiep.eligibility.forms import DetermineForm, VoteFormSet, initial_votes, vote_members

    user: User = request.user
    areas = list(evaluation.areas.all())
    case_manager = selectors.case_manager_of(student=student)
    evaluators: list[User] = []
    for area in areas:
        if area.evaluator not in evaluators:
            evaluators.append(area.evaluator)
    determinations = list(evaluation.eligibility_determinations.select_related("notice").order_by("-determined_on"))
    can_manage = allows(user, Action.MANAGE_CASE)
    context = {
        "student": student,
        "evaluation": evaluation,
        "areas": areas,
        "missing_areas": [a for a in areas if a.completed_on is None],
        "not_needed": [(services.AREA_LABELS.get(item.get("area"), item.get("area")), item.get("reason", ""))
                       for item in evaluation.areas_not_needed or []],
        "case_manager": case_manager,
        "evaluators": evaluators,
        "determinations": determinations,
        "can_manage": can_manage,
        "can_record": allows(user, Action.RECORD_EVALUATION),
        "is_open": evaluation.status in {Evaluation.Status.PLANNED, Evaluation.Status.IN_PROGRESS},
    }
    wants_decision = (can_manage and evaluation.status == Evaluation.Status.COMPLETED and not determinations)
    if wants_decision and "determine_form" not in extra:
        today = timezone.localdate()
        extra["determine_form"] = DetermineForm(initial={"determined_on": today, "report_given_to_parent_on": today})
        extra["vote_formset"] = VoteFormSet(
            prefix="votes",
            initial=initial_votes(student=student, evaluation=evaluation, case_manager=case_manager,
                                  guardians=eligibility_selectors.rights_holders(student=student)),
            form_kwargs={"members": vote_members(student=student)},
        )
    context.update(extra)
    return context


@require_GET
@student_view(Action.VIEW_STUDENT, record="Evaluations and eligibility decisions")
def evaluation_list(request: HttpRequest, student: Student) -> HttpResponse:
    from openiep.eligibility.selectors import determinations_for

    return render(request, "evaluations/evaluation_list.html", {
        "student": student,
        "evaluations": selectors.evaluations_for(student=student),
        "determinations": determinations_for(student=student),
        "can_manage": allows(request.user, Action.MANAGE_CASE),
    })


def _plan_rows(referral) -> list[dict]:
    rows = [{"area": code} for code in (referral.areas_of_concern if referral else [])]
    return rows + [{} for _ in range(AREA_BLANK_ROWS)]


@require_http_methods(["GET", "POST"])
@student_view(Action.MANAGE_CASE, record="Evaluation plan")
def evaluation_plan(request: HttpRequest, student: Student) -> HttpResponse:
    referrals = selectors.referrals_to_evaluate(student=student)
    consents = selectors.consents_to_evaluate(student=student)
    evaluators = selectors.evaluator_candidates(student=student)
    row_kwargs = {"evaluators": evaluators, "evaluator_choices": selectors.evaluator_choices(student=student)}
    form_kwargs = {"referrals": referrals, "consents": consents}
    if request.method == "POST":
        form = PlanForm(request.POST, **form_kwargs)
        formset = AreaFormSet(request.POST, prefix="areas", form_kwargs=row_kwargs)
        if form.is_valid() & formset.is_valid():
            areas, not_needed = [], {}
            for row in formset.cleaned_data:
                if not row.get("area"):
                    continue
                if row.get("not_needed"):
                    not_needed[row["area"]] = row.get("reason", "")
                else:
                    areas.append((row["area"], row.get("evaluator"), row.get("due_on")))
            try:
                evaluation = services.evaluation_plan(
                    student=student, referral=form.cleaned_data["referral"], consent=form.cleaned_data["consent"],
                    planned_on=form.cleaned_data["planned_on"], areas=areas, not_needed=not_needed,
                    actor=request.user,
                )
            except ValidationError as exc:
                add_errors(form, exc, {"areas": formset, "not_needed": formset})
            else:
                messages.success(request, "Evaluation planned. Each evaluator finds their areas under "
                                          "“My evaluation areas”.")
                return redirect("evaluation_detail", student_id=student.pk, evaluation_id=evaluation.pk)
    else:
        referral = referrals.first()
        raw = request.GET.get("referral", "")
        if raw:
            # isascii: "²".isdigit() is true, and int("²") is not a number a query can use.
            referral = referrals.filter(pk=int(raw)).first() if raw.isascii() and raw.isdigit() else None
        consent = consents.filter(referral=referral).first() if referral else consents.first()
        form = PlanForm(initial={"referral": referral, "consent": consent, "planned_on": timezone.localdate()},
                        **form_kwargs)
        formset = AreaFormSet(prefix="areas", initial=_plan_rows(referral), form_kwargs=row_kwargs)
    return render(request, "evaluations/evaluation_plan.html", {"student": student, "form": form, "formset": formset})


@require_GET
@student_view(Action.VIEW_STUDENT, record="Evaluation: plan, reports and scores")
def evaluation_detail(request: HttpRequest, student: Student, evaluation_id: int) -> HttpResponse:
    evaluation = get_evaluation(student, evaluation_id)
    return render(request, "evaluations/evaluation_detail.html", evaluation_context(request, student, evaluation))


def _area(student: Student, evaluation_id: int, area_id: int) -> EvaluationArea:
    area = get_object_or_404(
        EvaluationArea.objects.select_related("evaluation", "evaluator"),
        pk=area_id, evaluation_id=evaluation_id, evaluation__student=student,
    )
    area.evaluation.student = student
    return area


def _render_report(request: HttpRequest, area: EvaluationArea, form=None, formset=None, file_form=None,
                   status: int = 200) -> HttpResponse:
    if form is None:
        form = AreaReportForm(initial={
            "completed_on": area.completed_on or timezone.localdate(),
            "instruments": area.instruments, "summary": area.summary,
        })
    if formset is None:
        rows = list(area.scores or []) + [{} for _ in range(SCORE_BLANK_ROWS)]
        formset = ScoreFormSet(prefix="scores", initial=rows)
    files = list(area.files.select_related("uploaded_by"))
    return render(request, "evaluations/area_report.html", {
        "student": area.evaluation.student, "evaluation": area.evaluation, "area": area,
        "form": form, "formset": formset, "file_form": file_form or FileForm(), "files": files,
        "is_open": area.evaluation.status in {Evaluation.Status.PLANNED, Evaluation.Status.IN_PROGRESS},
    }, status=status)


@require_http_methods(["GET", "POST"])
@student_view(Action.RECORD_EVALUATION, record="Evaluation area report")
def area_report(request: HttpRequest, student: Student, evaluation_id: int, area_id: int) -> HttpResponse:
    area = _area(student, evaluation_id, area_id)
    if not services.may_record(area, request.user):
        raise PermissionDenied("Only the evaluator assigned to this area, or the case manager, writes its report.")
    if request.method == "GET":
        return _render_report(request, area)
    form = AreaReportForm(request.POST)
    formset = ScoreFormSet(request.POST, prefix="scores")
    if form.is_valid() & formset.is_valid():
        try:
            services.evaluation_area_report(
                area=area, completed_on=form.cleaned_data["completed_on"],
                instruments=form.cleaned_data["instruments"], summary=form.cleaned_data["summary"],
                scores=[row.row() for row in formset.forms if row.cleaned_data], actor=request.user,
            )
        except ValidationError as exc:
            add_errors(form, exc, {"scores": formset})
        else:
            messages.success(request, f"{area.get_area_display()}: report saved.")
            return redirect("evaluation_detail", student_id=student.pk, evaluation_id=evaluation_id)
    return _render_report(request, area, form=form, formset=formset)


@require_POST
@student_view(Action.RECORD_EVALUATION, record="Evaluation area report")
def area_file_add(request: HttpRequest, student: Student, evaluation_id: int, area_id: int) -> HttpResponse:
    area = _area(student, evaluation_id, area_id)
    if not services.may_record(area, request.user):
        raise PermissionDenied("Only the evaluator assigned to this area, or the case manager, adds its files.")
    file_form = FileForm(request.POST, request.FILES)
    if file_form.is_valid():
        try:
            attachment = services.evaluation_file_add(
                area=area, upload=file_form.cleaned_data["file"], title=file_form.cleaned_data["title"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_errors(file_form, exc)
        else:
            messages.success(request, f"Attached “{attachment.title}”.")
            return redirect("area_report", student_id=student.pk, evaluation_id=evaluation_id, area_id=area.pk)
    return _render_report(request, area, file_form=file_form)


@require_GET
@student_view(Action.VIEW_STUDENT, record="Evaluation file", kind=AccessRecord.Kind.DOWNLOAD)
def evaluation_file_download(request: HttpRequest, student: Student, evaluation_id: int, file_id: int) -> HttpResponse:
    """The file, through the access policy; the decorator enters the download in the record of access."""
    attachment = get_object_or_404(
        EvaluationFile, pk=file_id, area__evaluation_id=evaluation_id, area__evaluation__student=student
    )
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("The stored file is missing") from exc
    filename = attachment.original_name or PurePath(attachment.file.name).name
    return FileResponse(handle, as_attachment=True, filename=filename,
                        content_type=attachment.content_type or "application/octet-stream")


@require_http_methods(["GET", "POST"])
@student_view(Action.MANAGE_CASE, record="Evaluation report (completion)")
def evaluation_complete(request: HttpRequest, student: Student, evaluation_id: int) -> HttpResponse:
    evaluation = get_evaluation(student, evaluation_id)
    if request.method == "POST":
        form = CompleteForm(request.POST)
        if form.is_valid():
            try:
                services.evaluation_complete(evaluation=evaluation, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "The evaluation report is complete. The team can now decide eligibility.")
                return redirect("evaluation_detail", student_id=student.pk, evaluation_id=evaluation.pk)
    else:
        form = CompleteForm(initial={"completed_on": timezone.localdate(), "summary": evaluation.summary,
                                     "baseline": evaluation.baseline})
    areas = list(evaluation.areas.all())
    return render(request, "evaluations/evaluation_complete.html", {
        "student": student, "evaluation": evaluation, "form": form, "areas": areas,
        "missing_areas": [a for a in areas if a.completed_on is None],
    })


@require_GET
def worklist(request: HttpRequest) -> HttpResponse:
    """An evaluator's areas, on students they may see: what is due first."""
    require_action(request.user, Action.RECORD_EVALUATION)
    to_do, done = selectors.worklist(user=request.user)
    return render(request, "evaluations/worklist.html", {"to_do": to_do, "done": done,
                                                         "today": timezone.localdate()})
