"""Writes of the evaluation step: the plan by area, each evaluator's report and files, completion.

Every write is one transaction, validates before it saves (messages keyed by the form field), leaves
history, and recomputes the student's stored deadlines when a dated event changes.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import PurePath

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from openiep.access.policy import Action, allows, can
from openiep.compliance import services as compliance_services
from openiep.evaluations.models import Evaluation, EvaluationArea, EvaluationFile
from openiep.evaluations.rules import (
    EVALUATOR_ROLES,
    ScoresError,
    clean_scores,
    content_type_for,
    file_problem,
    missing_areas,
)
from openiep.people import services as people_services
from openiep.people.models import Student, TeamMembership, User
from openiep.referrals.models import AreaOfConcern, Consent, Referral

AREA_LABELS = dict(AreaOfConcern.choices)
CLOSED_REFERRAL = {
    Referral.Status.WITHDRAWN: "was withdrawn",
    Referral.Status.EVALUATION_REFUSED: "was refused with Prior Written Notice",
    Referral.Status.CLOSED: "is closed: eligibility was decided",
}


def _day(value: date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


def _area_label(code: str) -> str:
    return AREA_LABELS.get(code, code)


def _check(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _consent_problem(consent: Consent) -> str | None:
    """Why this consent does not allow an evaluation to start (None when it does)."""
    S = Consent.Status
    if consent.kind not in {Consent.Kind.INITIAL_EVALUATION, Consent.Kind.REEVALUATION}:
        return f"This consent is for “{consent.get_kind_display().lower()}”, not for an evaluation."
    if consent.status in {S.GRANTED, S.PARTIAL}:
        return None
    if consent.status == S.REQUESTED:
        return "The parent has not answered yet: the evaluation starts once consent is received (34 CFR 300.300(a))."
    if consent.status == S.REFUSED:
        return ("The parent refused consent. The evaluation cannot start; the district may use mediation or due "
                "process for an initial evaluation (34 CFR 300.300(a)(3)).")
    if consent.status == S.REVOKED:
        return "The parent revoked this consent."
    if consent.status == S.NO_RESPONSE:
        if consent.kind == Consent.Kind.REEVALUATION:
            if consent.attempts.exists():
                return None  # 34 CFR 300.300(c)(2): reasonable efforts, no answer.
            return ("A reevaluation may go ahead without an answer only after reasonable efforts to reach the "
                    "parent (34 CFR 300.300(c)(2)): record the attempts on the consent first.")
        return ("Without the parent's consent the initial evaluation cannot start (34 CFR 300.300(a)); the district "
                "may use mediation or due process.")
    return "This consent does not allow an evaluation."


def _consent_effective_on(consent: Consent) -> date:
    return consent.responded_on or consent.requested_on


def _evaluator_problem(evaluator: User, student: Student) -> str | None:
    if (evaluator.district_id != student.district_id or evaluator.role not in EVALUATOR_ROLES
            or not evaluator.is_active):
        return (f"{evaluator} is not an evaluator, related-service provider, special education teacher or case "
                "manager of this district.")
    return None


def _join_team(*, student: Student, evaluators: Iterable[User], start: date, actor: User) -> None:
    """Evaluators join the student's team, so they can open the records they are evaluating."""
    for evaluator in evaluators:
        on_team = TeamMembership.objects.filter(student=student, member=evaluator).filter(
            end_date__isnull=True
        ).exists() or TeamMembership.objects.active().filter(student=student, member=evaluator).exists()
        if not on_team:
            people_services.team_member_add(
                student=student, member=evaluator, role=TeamMembership.TeamRole.EVALUATOR, start_date=start,
                actor=actor,
            )


@transaction.atomic
def evaluation_plan(
    *,
    student: Student,
    referral: Referral | None,
    consent: Consent | None,
    planned_on: date,
    areas: Iterable[tuple[str, User | None, date | None]],
    actor: User,
    not_needed: Mapping[str, str] | None = None,
) -> Evaluation:
    """Plan an evaluation: one row per area (area, evaluator, due date) under the parent's consent.

    Every area of suspected disability the referral names must be planned, or set aside in
    ``not_needed`` (area -> why no new assessment is needed, e.g. recent data already answer it).
    """
    errors: dict[str, list[str]] = {}
    if consent is not None:
        # Lock the consent: a double submit waits here and then finds the evaluation already planned.
        consent = Consent.objects.select_for_update(of=("self",)).get(pk=consent.pk)
    areas = list(areas)
    reasons = {code: (reason or "").strip() for code, reason in (not_needed or {}).items()}
    kind = Evaluation.Kind.INITIAL

    if referral is not None:
        if referral.student_id != student.pk:
            _add(errors, "referral", "This referral is not this student's.")
        elif referral.status in CLOSED_REFERRAL:
            _add(errors, "referral", f"This referral {CLOSED_REFERRAL[referral.status]}; it cannot be evaluated.")
        elif planned_on < referral.received_on:
            _add(errors, "planned_on",
                 f"The plan is dated before the referral was received ({_day(referral.received_on)}).")

    if consent is None:
        _add(errors, "consent", "Choose the parent's consent to evaluate (34 CFR 300.300).")
    elif consent.student_id != student.pk:
        _add(errors, "consent", "This consent is not this student's.")
    else:
        problem = _consent_problem(consent)
        if problem:
            _add(errors, "consent", problem)
        else:
            kind = (Evaluation.Kind.INITIAL if consent.kind == Consent.Kind.INITIAL_EVALUATION
                    else Evaluation.Kind.REEVALUATION)
            if planned_on < _consent_effective_on(consent):
                _add(errors, "planned_on",
                     f"The plan is dated before consent was received ({_day(_consent_effective_on(consent))}).")
            if referral is not None and consent.referral_id and consent.referral_id != referral.pk:
                _add(errors, "consent", "This consent was given for another referral.")
            if Evaluation.objects.filter(consent=consent).exclude(status=Evaluation.Status.CANCELLED).exists():
                _add(errors, "consent", "An evaluation is already planned under this consent.")
        if kind == Evaluation.Kind.INITIAL and referral is None and "consent" not in errors:
            _add(errors, "referral", "An initial evaluation answers a referral: choose it.")

    planned: list[str] = []
    evaluators: dict[int, User] = {}
    for code, evaluator, due_on in areas:
        if code not in AREA_LABELS:
            _add(errors, "areas", f"“{code}” is not an area of evaluation.")
            continue
        label = _area_label(code)
        if code in planned:
            _add(errors, "areas", f"{label} is listed twice.")
            continue
        planned.append(code)
        if evaluator is None:
            _add(errors, "areas", f"{label}: choose the evaluator.")
        elif problem := _evaluator_problem(evaluator, student):
            _add(errors, "areas", f"{label}: {problem}")
        else:
            evaluators[evaluator.pk] = evaluator
        if due_on is None:
            _add(errors, "areas", f"{label}: choose the day the report is due.")
        elif due_on < planned_on:
            _add(errors, "areas", f"{label}: the report is due before the plan's date ({_day(planned_on)}).")
    if not areas:
        _add(errors, "areas", "Plan at least one area to assess.")

    for code, reason in reasons.items():
        if code not in AREA_LABELS:
            _add(errors, "not_needed", f"“{code}” is not an area of evaluation.")
        elif code in planned:
            _add(errors, "not_needed", f"{_area_label(code)} is both planned and marked not needed.")
        elif not reason:
            _add(errors, "not_needed", f"Say why {_area_label(code)} needs no assessment.")

    if referral is not None and "referral" not in errors:
        missing = missing_areas(referral.areas_of_concern or [], planned, reasons)
        if missing:
            _add(errors, "areas",
                 "The referral names areas that are not in the plan: "
                 + ", ".join(_area_label(code) for code in missing)
                 + ". Assess each area of suspected disability (34 CFR 300.304(c)(4)), or mark it not needed and "
                   "say why.")
    _check(errors)

    evaluation = Evaluation(
        student=student, referral=referral, consent=consent, kind=kind, status=Evaluation.Status.PLANNED,
        planned_on=planned_on, created_by=actor,
        areas_not_needed=[{"area": code, "reason": reason} for code, reason in reasons.items()],
    )
    evaluation.full_clean()
    evaluation._history_user = actor
    evaluation.save()
    for code, evaluator, due_on in areas:
        area = EvaluationArea(evaluation=evaluation, area=code, evaluator=evaluator, due_on=due_on)
        area.full_clean()
        area._history_user = actor
        area.save()
    _join_team(student=student, evaluators=evaluators.values(), start=min(planned_on, timezone.localdate()),
               actor=actor)
    compliance_services.deadlines_recompute(student_ids=[student.pk])
    return evaluation


def may_record(area: EvaluationArea, actor: User) -> bool:
    """Whether the actor may write this area's report and files: the assigned evaluator, or someone who manages
    the case (case manager, administrator). The role must allow recording evaluations either way."""
    if not allows(actor, Action.RECORD_EVALUATION):
        return False
    return area.evaluator_id == actor.pk or allows(actor, Action.MANAGE_CASE)


def _check_may_record(area: EvaluationArea, actor: User) -> None:
    if not can(actor, Action.RECORD_EVALUATION, area.evaluation.student):
        raise PermissionDenied("Your role cannot record evaluation reports for this student.")
    if not may_record(area, actor):
        raise PermissionDenied("Only the evaluator assigned to this area, or the case manager, can record its report.")


def _check_open(evaluation: Evaluation) -> None:
    if evaluation.status == Evaluation.Status.COMPLETED:
        raise ValidationError({NON_FIELD_ERRORS: [
            f"The evaluation report was completed on {_day(evaluation.completed_on)}; it can no longer change."
        ]})
    if evaluation.status == Evaluation.Status.CANCELLED:
        raise ValidationError({NON_FIELD_ERRORS: ["This evaluation was cancelled."]})


@transaction.atomic
def evaluation_area_report(
    *,
    area: EvaluationArea,
    completed_on: date,
    instruments: str,
    scores: Iterable[Mapping[str, object]],
    summary: str,
    actor: User,
) -> EvaluationArea:
    """An evaluator's report for one area: what was used, the scores, what they mean. May be corrected until
    the evaluation is complete."""
    _check_may_record(area, actor)
    evaluation = area.evaluation
    _check_open(evaluation)
    errors: dict[str, list[str]] = {}
    if completed_on < evaluation.planned_on:
        _add(errors, "completed_on", f"The report is dated before the plan ({_day(evaluation.planned_on)}).")
    if completed_on > timezone.localdate():
        _add(errors, "completed_on", "The report cannot be dated in the future.")
    if not (instruments or "").strip():
        _add(errors, "instruments", "List the tests, observations, records and interviews used.")
    if not (summary or "").strip():
        _add(errors, "summary", "Say what the results mean for the student's education.")
    try:
        cleaned = clean_scores(scores)
    except ScoresError as exc:
        errors.setdefault("scores", []).extend(exc.messages)
        cleaned = []
    _check(errors)

    area.completed_on = completed_on
    area.instruments = instruments.strip()
    area.scores = cleaned
    area.summary = summary.strip()
    area.full_clean()
    area._history_user = actor
    area.save()
    if evaluation.status == Evaluation.Status.PLANNED:
        evaluation.status = Evaluation.Status.IN_PROGRESS
        evaluation._history_user = actor
        evaluation.save(update_fields=["status"])
    compliance_services.deadlines_recompute(student_ids=[evaluation.student_id])
    return area


@transaction.atomic
def evaluation_file_add(*, area: EvaluationArea, upload: File, title: str = "", actor: User) -> EvaluationFile:
    """Attach a report or protocol (PDF, Word, JPEG or PNG, up to 20 MB) to an area."""
    _check_may_record(area, actor)
    _check_open(area.evaluation)
    name = PurePath(upload.name or "").name
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    problem = file_problem(name, upload.size or 0, head)
    if problem:
        raise ValidationError({"file": [problem]})
    title = (title or "").strip() or PurePath(name).stem[:200]
    if len(title) > 200:
        raise ValidationError({"title": ["Use a title of at most 200 characters."]})
    suffix = PurePath(name).suffix.lower()
    attachment = EvaluationFile(
        area=area, title=title, original_name=name[:255], content_type=content_type_for(name),
        size=upload.size, uploaded_by=actor,
    )
    # A stored name that says nothing about the student and cannot be guessed.
    attachment.file.save(f"{area.area}-{secrets.token_hex(12)}{suffix}", upload, save=False)
    try:
        attachment.full_clean()
        attachment._history_user = actor
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def evaluation_complete(
    *, evaluation: Evaluation, completed_on: date, summary: str, baseline: str = "", actor: User
) -> Evaluation:
    """The evaluation report is complete: every area reported, an integrated summary, the baseline."""
    _check_open(evaluation)
    errors: dict[str, list[str]] = {}
    areas = list(evaluation.areas.select_related("evaluator"))
    missing = [a for a in areas if a.completed_on is None]
    if missing:
        _add(errors, NON_FIELD_ERRORS,
             "Each area needs its report first. Still to come: "
             + "; ".join(f"{a.get_area_display()} ({a.evaluator}, due {_day(a.due_on)})" for a in missing) + ".")
    if completed_on < evaluation.planned_on:
        _add(errors, "completed_on", f"The report is dated before the plan ({_day(evaluation.planned_on)}).")
    latest = max((a.completed_on for a in areas if a.completed_on), default=None)
    if latest and completed_on < latest:
        _add(errors, "completed_on",
             f"The last area report is dated {_day(latest)}; the evaluation ends on or after it.")
    if completed_on > timezone.localdate():
        _add(errors, "completed_on", "The report cannot be dated in the future.")
    if not (summary or "").strip():
        _add(errors, "summary", "Write the integrated summary of the results.")
    _check(errors)

    evaluation.status = Evaluation.Status.COMPLETED
    evaluation.completed_on = completed_on
    evaluation.summary = summary.strip()
    evaluation.baseline = (baseline or "").strip()
    evaluation.full_clean()
    evaluation._history_user = actor
    evaluation.save()
    compliance_services.deadlines_recompute(student_ids=[evaluation.student_id])
    return evaluation
