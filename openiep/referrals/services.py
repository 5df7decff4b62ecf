"""Writes for step 2: a referral, the district's decision with its Prior Written Notice, and parental consent.

Each function is one transaction, validates with ``full_clean`` and raises ``ValidationError`` keyed by
the form field; each write that changes a dated event of the case recomputes the student's deadlines
in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from openiep.compliance import services as compliance_services
from openiep.people.models import Guardian, Guardianship, Student, User
from openiep.referrals import rules
from openiep.referrals.models import AreaOfConcern, Consent, ConsentAttempt, PriorWrittenNotice, Referral

Status = Referral.Status
OPEN_STATUSES = (Status.AWAITING_DECISION,)


def _recompute_deadlines(student: Student) -> None:
    compliance_services.deadlines_recompute(student_ids=[student.pk])


def _long(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _check_date(field: str, day: date | None, *, label: str, after: Iterable[tuple[date | None, str]] = ()) -> None:
    """A recorded event's date: given, not in the future, and not before the events it follows."""
    if day is None:
        raise ValidationError({field: f"Enter the date {label}."})
    today = timezone.localdate()
    if day > today:
        raise ValidationError({field: f"The date {label} cannot be in the future (today is {_long(today)})."})
    for earlier, what in after:
        if earlier is not None and day < earlier:
            raise ValidationError({field: f"The date {label} cannot be before {what} ({_long(earlier)})."})


def _save(obj, actor: User, **kwargs) -> None:
    obj.full_clean()
    obj._history_user = actor
    obj.save(**kwargs)


# --- Referral --------------------------------------------------------------------------------------------------


@transaction.atomic
def referral_create(
    *,
    student: Student,
    received_on: date,
    source: str,
    reason: str,
    areas_of_concern: list[str],
    actor: User,
    referred_by_name: str = "",
    is_written_parent_request: bool = False,
) -> Referral:
    """Enter a referral for evaluation. The state's clock starts on the day the school received it."""
    _check_date("received_on", received_on, label="the referral was received",
                after=[(student.date_of_birth, "the student's date of birth")])
    valid = {code for code, _ in AreaOfConcern.choices}
    chosen = set(areas_of_concern or ())
    unknown = chosen - valid
    if unknown:
        raise ValidationError({"areas_of_concern": f"Unknown area of concern: {', '.join(sorted(unknown))}."})
    if not chosen:
        raise ValidationError({"areas_of_concern": "Choose at least one area of concern: the evaluation must look "
                                                   "at every area of suspected disability (34 CFR 300.304(c)(4))."})
    if is_written_parent_request and source not in {Referral.Source.PARENT, Referral.Source.STUDENT}:
        raise ValidationError({"is_written_parent_request": "A parent's written request comes from a parent (or "
                                                            "the adult student): choose that as the source."})
    pending = Referral.objects.select_for_update().filter(student=student, status__in=OPEN_STATUSES).first()
    if pending is not None:
        raise ValidationError({NON_FIELD_ERRORS: (
            f"{student.full_name} already has a referral awaiting the district's decision (received "
            f"{_long(pending.received_on)}). Decide or withdraw it before entering another."
        )})
    referral = Referral(
        student=student,
        received_on=received_on,
        source=source,
        referred_by_name=referred_by_name.strip(),
        is_written_parent_request=is_written_parent_request,
        reason=reason.strip(),
        # Stored in the order of the list of areas, whatever order they were ticked in.
        areas_of_concern=[code for code, _ in AreaOfConcern.choices if code in chosen],
        created_by=actor,
    )
    _save(referral, actor)
    # The procedural safeguards notice is owed at the first referral or a parent's request (34 CFR 300.504(a)).
    from openiep.safeguards.services import notice_for_referral

    notice_for_referral(referral=referral, actor=actor)
    _recompute_deadlines(student)
    return referral


def referral_facts(referral: Referral) -> rules.ReferralFacts:
    student = referral.student
    labels = dict(AreaOfConcern.choices)
    return rules.ReferralFacts(
        first_name=student.preferred_name or student.first_name,
        school_name=student.school.name,
        district_name=student.district.name,
        received_on=referral.received_on,
        source_label=referral.get_source_display(),
        reason=referral.reason,
        area_labels=[labels[code] for code in referral.areas_of_concern if code in labels],
        is_written_parent_request=referral.is_written_parent_request,
    )


def notice_language_for(student: Student) -> str:
    """The language a notice to this family is written in: the rights holder's (34 CFR 300.503(c))."""
    if student.rights_transferred_on:
        return student.home_language
    holder = (
        Guardianship.objects.filter(student=student, holds_educational_rights=True)
        .select_related("guardian").order_by("id").first()
    )
    return holder.guardian.preferred_language if holder else student.home_language


def _date_errors(field: str, day: date | None, *, label: str, after: Iterable[tuple[date | None, str]] = ()) -> dict:
    try:
        _check_date(field, day, label=label, after=after)
    except ValidationError as exc:
        return exc.message_dict
    return {}


def _decide(
    referral: Referral, *, status: str, decided_on: date, actor: User, notes: str = "", elements: dict | None = None
) -> None:
    """Record the district's decision; every problem with it (date, missing notice elements) is reported at once."""
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.status != Status.AWAITING_DECISION:
        raise ValidationError({NON_FIELD_ERRORS: (
            f"This referral has already been decided: {current.get_status_display().lower()}"
            + (f" on {_long(current.decided_on)}." if current.decided_on else ".")
        )})
    errors = _date_errors("decided_on", decided_on, label="of the decision",
                          after=[(current.received_on, "the day the referral was received")])
    if elements is not None:
        action = PriorWrittenNotice.Action.REFUSES if status == Status.EVALUATION_REFUSED else \
            PriorWrittenNotice.Action.PROPOSES
        errors.update(rules.missing_notice_elements(elements, action))
    if errors:
        raise ValidationError(errors)
    referral.status = status
    referral.decided_on = decided_on
    referral.decided_by = actor
    referral.decision_notes = notes.strip()
    _save(referral, actor)


@transaction.atomic
def notice_issue(
    *,
    student: Student,
    action: str,
    subject: str,
    issued_on: date,
    actor: User,
    action_description: str,
    reasons: str,
    evaluation_basis: str,
    safeguards_statement: str,
    assistance_sources: str,
    options_considered: str,
    other_factors: str,
    language: str = "",
    referral: Referral | None = None,
) -> PriorWrittenNotice:
    """Issue a Prior Written Notice (34 CFR 300.503) with all seven elements of (b); any step may call this."""
    elements = {
        "action_description": action_description, "reasons": reasons, "evaluation_basis": evaluation_basis,
        "safeguards_statement": safeguards_statement, "assistance_sources": assistance_sources,
        "options_considered": options_considered, "other_factors": other_factors,
    }
    missing = rules.missing_notice_elements(elements, action)
    if missing:
        raise ValidationError(missing)
    notice = PriorWrittenNotice(
        student=student,
        referral=referral,
        action=action,
        subject=subject,
        issued_on=issued_on,
        issued_by=actor,
        language=language or notice_language_for(student),
        **{name: value.strip() for name, value in elements.items()},
    )
    _save(notice, actor)
    return notice


class EvaluationProposal(NamedTuple):
    referral: Referral
    notice: PriorWrittenNotice
    consent: Consent


@transaction.atomic
def referral_propose_evaluation(
    *,
    referral: Referral,
    decided_on: date,
    actor: User,
    action_description: str,
    reasons: str,
    evaluation_basis: str,
    safeguards_statement: str,
    assistance_sources: str,
    options_considered: str,
    other_factors: str,
    language: str = "",
    consent_description: str = "",
) -> EvaluationProposal:
    """The district proposes to evaluate: Prior Written Notice, and the parent is asked for consent the same day.

    The referral's status, the notice and the consent request are saved together or not at all.
    """
    elements = {
        "action_description": action_description, "reasons": reasons, "evaluation_basis": evaluation_basis,
        "safeguards_statement": safeguards_statement, "assistance_sources": assistance_sources,
        "options_considered": options_considered, "other_factors": other_factors,
    }
    _decide(referral, status=Status.EVALUATION_PROPOSED, decided_on=decided_on, actor=actor, elements=elements)
    notice = notice_issue(
        student=referral.student, referral=referral, action=PriorWrittenNotice.Action.PROPOSES,
        subject=PriorWrittenNotice.Subject.EVALUATION, issued_on=decided_on, actor=actor, language=language,
        **elements,
    )
    consent = Consent(
        student=referral.student,
        referral=referral,
        kind=Consent.Kind.INITIAL_EVALUATION,
        status=Consent.Status.REQUESTED,
        requested_on=decided_on,
        description=consent_description.strip() or rules.consent_description_default(referral_facts(referral)),
        created_by=actor,
    )
    _save(consent, actor)
    _recompute_deadlines(referral.student)
    return EvaluationProposal(referral, notice, consent)


@transaction.atomic
def referral_refuse_evaluation(
    *,
    referral: Referral,
    decided_on: date,
    actor: User,
    action_description: str,
    reasons: str,
    evaluation_basis: str,
    safeguards_statement: str,
    assistance_sources: str,
    options_considered: str,
    other_factors: str,
    language: str = "",
) -> PriorWrittenNotice:
    """The district refuses to evaluate: a Prior Written Notice with every element of 300.503(b) is required."""
    elements = {
        "action_description": action_description, "reasons": reasons, "evaluation_basis": evaluation_basis,
        "safeguards_statement": safeguards_statement, "assistance_sources": assistance_sources,
        "options_considered": options_considered, "other_factors": other_factors,
    }
    # Every missing element is named at once, with any problem with the date, so the form shows them all.
    _decide(referral, status=Status.EVALUATION_REFUSED, decided_on=decided_on, actor=actor, notes=reasons,
            elements=elements)
    notice = notice_issue(
        student=referral.student, referral=referral, action=PriorWrittenNotice.Action.REFUSES,
        subject=PriorWrittenNotice.Subject.EVALUATION, issued_on=decided_on, actor=actor, language=language,
        **elements,
    )
    _recompute_deadlines(referral.student)
    return notice


@transaction.atomic
def referral_withdraw(*, referral: Referral, withdrawn_on: date, reason: str, actor: User) -> Referral:
    """The referral is withdrawn before the district decides (the parent or referrer takes it back)."""
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.status != Status.AWAITING_DECISION:
        raise ValidationError({NON_FIELD_ERRORS: (
            "Only a referral awaiting the district's decision can be withdrawn; this one is "
            f"{current.get_status_display().lower()}. Once an evaluation is proposed, record the parent's answer "
            "to the consent request instead."
        )})
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say who withdrew the referral and why."})
    _check_date("withdrawn_on", withdrawn_on, label="the referral was withdrawn",
                after=[(referral.received_on, "the day the referral was received")])
    referral.status = Status.WITHDRAWN
    referral.decided_on = withdrawn_on
    referral.decided_by = actor
    referral.decision_notes = reason.strip()
    _save(referral, actor)
    _recompute_deadlines(referral.student)
    return referral


# --- Consent ---------------------------------------------------------------------------------------------------

ANSWERS = (Consent.Status.GRANTED, Consent.Status.PARTIAL, Consent.Status.REFUSED)
AGREED = (Consent.Status.GRANTED, Consent.Status.PARTIAL)
AWAITING = (Consent.Status.REQUESTED, Consent.Status.NO_RESPONSE)


def _locked(consent: Consent) -> Consent:
    return Consent.objects.select_for_update(of=("self",)).select_related("referral").get(pk=consent.pk)


def _consent_after(consent: Consent) -> list[tuple[date | None, str]]:
    earlier = []
    if consent.referral_id:
        earlier.append((consent.referral.received_on, "the day the referral was received"))
    earlier.append((consent.requested_on, "the day consent was requested"))
    return earlier


@transaction.atomic
def consent_request(
    *,
    student: Student,
    kind: str,
    requested_on: date,
    actor: User,
    description: str = "",
    referral: Referral | None = None,
) -> Consent:
    """Ask the parent for consent (any kind; the initial evaluation's request comes with its proposal)."""
    _check_date("requested_on", requested_on, label="consent was requested",
                after=[(referral.received_on if referral else None, "the day the referral was received")])
    consent = Consent(student=student, referral=referral, kind=kind, requested_on=requested_on,
                      description=description.strip(), created_by=actor)
    _save(consent, actor)
    _recompute_deadlines(student)
    return consent


@transaction.atomic
def consent_record_response(
    *,
    consent: Consent,
    status: str,
    responded_on: date,
    method: str,
    guardian: Guardian | None,
    signed_name: str,
    actor: User,
    notes: str = "",
) -> Consent:
    """The parent's answer: granted, granted in part (where the kind allows it) or refused."""
    current = _locked(consent)
    if current.status not in AWAITING:
        raise ValidationError({NON_FIELD_ERRORS: (
            f"This consent has already been answered: {current.get_status_display().lower()}"
            + (f" on {_long(current.responded_on)}." if current.responded_on else ".")
        )})
    if status not in ANSWERS:
        raise ValidationError({"status": "Choose the parent's answer: granted, granted in part or refused."})
    if status == Consent.Status.PARTIAL and not rules.partial_allowed(current.kind):
        raise ValidationError({"status": f"{current.get_kind_display()} is agreed to or refused as a whole; it "
                                         "cannot be granted in part."})
    _check_date("responded_on", responded_on, label="of the parent's answer", after=_consent_after(current))
    student = current.student
    rights_with_student = bool(student.rights_transferred_on and responded_on >= student.rights_transferred_on)
    if guardian is not None and not Guardianship.objects.filter(
        student=student, guardian=guardian, holds_educational_rights=True
    ).exists():
        raise ValidationError({"guardian": f"{guardian} does not hold educational rights for {student.full_name}: "
                                           "only a parent who does can answer (34 CFR 300.30)."})
    if status in AGREED:
        if guardian is None and not rights_with_student:
            raise ValidationError({"guardian": "Choose the parent who gave consent."})
        if not method:
            raise ValidationError({"method": "Say how the consent was signed."})
        if not (signed_name or "").strip():
            raise ValidationError({"signed_name": "Enter the name as signed: consent must be in writing "
                                                  "(34 CFR 300.9(b))."})
    if status == Consent.Status.PARTIAL and not (notes or "").strip():
        raise ValidationError({"notes": "Write down what the parent agreed to and what they did not."})
    current.status = status
    current.responded_on = responded_on
    current.method = method or ""
    current.guardian = guardian
    current.signed_name = (signed_name or "").strip()
    if notes.strip():
        current.notes = "\n".join(filter(None, [current.notes, notes.strip()]))
    _save(current, actor)
    _recompute_deadlines(student)
    _sync(consent, current)
    return current


@transaction.atomic
def consent_revoke(*, consent: Consent, revoked_on: date, actor: User) -> Consent:
    """The parent revokes consent in writing (34 CFR 300.9(c)); the revocation is not retroactive."""
    current = _locked(consent)
    if current.status not in AGREED:
        raise ValidationError({NON_FIELD_ERRORS: (
            "Only consent that was given can be revoked; this consent is "
            f"{current.get_status_display().lower()}."
        )})
    _check_date("revoked_on", revoked_on, label="of the written revocation",
                after=[(current.responded_on, "the day consent was given")])
    current.status = Consent.Status.REVOKED
    current.revoked_on = revoked_on
    _save(current, actor)
    _recompute_deadlines(current.student)
    _sync(consent, current)
    return current


@transaction.atomic
def consent_attempt_add(
    *, consent: Consent, attempted_on: date, method: str, outcome: str, actor: User
) -> ConsentAttempt:
    """One try to reach the parent about consent: the evidence of reasonable efforts."""
    current = _locked(consent)
    if current.status not in AWAITING:
        raise ValidationError({NON_FIELD_ERRORS: (
            f"The parent has already answered ({current.get_status_display().lower()}); attempts to reach them are "
            "logged only while consent is awaited."
        )})
    _check_date("attempted_on", attempted_on, label="of the attempt", after=_consent_after(current))
    if not (outcome or "").strip():
        raise ValidationError({"outcome": "Say what happened: no answer, message left, form sent home…"})
    attempt = ConsentAttempt(consent=current, attempted_on=attempted_on, method=method, outcome=outcome.strip(),
                             by=actor)
    attempt.full_clean()
    attempt._history_user = actor
    attempt.save()
    return attempt


@transaction.atomic
def consent_mark_no_response(*, consent: Consent, actor: User) -> Consent:
    """Record that the parent did not respond despite reasonable efforts: two attempts on different days."""
    current = _locked(consent)
    if current.status != Consent.Status.REQUESTED:
        raise ValidationError({NON_FIELD_ERRORS: (
            f"Only a consent still waiting for the parent can be marked \"no response\"; this one is "
            f"{current.get_status_display().lower()}."
        )})
    dates = list(current.attempts.values_list("attempted_on", flat=True))
    if not rules.reasonable_efforts_shown(dates):
        raise ValidationError({NON_FIELD_ERRORS: rules.no_response_message(dates)})
    current.status = Consent.Status.NO_RESPONSE
    _save(current, actor)
    _recompute_deadlines(current.student)
    _sync(consent, current)
    return current


def _sync(target: Consent, source: Consent) -> None:
    """Keep the caller's instance in step with what was saved."""
    for name in ("status", "responded_on", "revoked_on", "method", "guardian_id", "signed_name", "notes"):
        setattr(target, name, getattr(source, name))
