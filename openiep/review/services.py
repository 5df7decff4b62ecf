"""Writes of step 7. Each is one transaction, checks with messages at the form's fields, leaves history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from openiep.compliance.calendars import SchoolCalendar
from openiep.compliance.services import district_calendar
from openiep.iep.models import IEP
from openiep.people.models import Student, User
from openiep.referrals.models import Consent
from openiep.referrals.services import consent_request
from openiep.review import rules
from openiep.review.models import (
    BehaviorRecord,
    Exit,
    ExitReason,
    ManifestationReview,
    ReevaluationPlan,
    Removal,
    TransferIn,
)


def _day(on: date) -> str:
    return f"{on:%B} {on.day}, {on.year}"


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _not_future(errors: dict, field: str, on: date | None, what: str) -> None:
    if on is not None and on > timezone.localdate():
        errors.setdefault(field, f"{what} cannot be in the future.")


def _save(obj, actor: User):
    obj.full_clean()
    obj._history_user = actor
    obj.save()
    return obj


def calendar_for(student: Student) -> SchoolCalendar:
    return district_calendar(student.district_id) or SchoolCalendar.weekdays_only()


# Discipline ---------------------------------------------------------------------------------------------

@transaction.atomic
def removal_record(*, student: Student, starts_on: date, school_days: Decimal, kind: str, behavior: str,
                   actor: User, circumstance: str = "", part_of_pattern: bool | None = None,
                   services_provided: bool = False, parent_notified_on: date | None = None) -> Removal:
    errors: dict[str, str] = {}
    _not_future(errors, "starts_on", starts_on, "The first day of a removal")
    if school_days is None or school_days <= 0:
        errors["school_days"] = "Enter the school days of the removal (more than 0)."
    elif school_days > rules.IAES_SCHOOL_DAYS and kind != Removal.Kind.OUT_OF_SCHOOL:
        errors["school_days"] = f"An interim setting lasts at most {rules.IAES_SCHOOL_DAYS} school days."
    if kind == Removal.Kind.IAES_SCHOOL and not circumstance:
        errors["circumstance"] = "Say whether it was for drugs, weapons or a serious bodily injury (300.530(g))."
    if circumstance and kind not in {Removal.Kind.IAES_SCHOOL, Removal.Kind.OUT_OF_SCHOOL}:
        errors["circumstance"] = "Special circumstances apply to a removal out of school or to an interim setting."
    if not behavior.strip():
        errors["behavior"] = "Describe what happened."
    if parent_notified_on and parent_notified_on < starts_on:
        errors["parent_notified_on"] = "The notice comes on or after the day of the decision."
    _raise(errors)
    removal = Removal(student=student, starts_on=starts_on, school_days=school_days, kind=kind, circumstance=circumstance,
                      behavior=behavior.strip(), part_of_pattern=part_of_pattern, services_provided=services_provided,
                      parent_notified_on=parent_notified_on, recorded_by=actor)
    return _save(removal, actor)


@transaction.atomic
def manifestation_review_record(*, removal: Removal, held_on: date, caused_by_disability: bool,
                                failure_to_implement: bool, participants: str, actor: User,
                                notes: str = "") -> ManifestationReview:
    errors: dict[str, str] = {}
    _not_future(errors, "held_on", held_on, "The date of the review")
    if held_on and held_on < removal.starts_on:
        errors["held_on"] = "The review follows the decision to remove the student."
    if not participants.strip():
        errors["participants"] = "Name the parent and the team members who took part."
    _raise(errors)
    review = ManifestationReview(student=removal.student, removal=removal, held_on=held_on,
                                 caused_by_disability=caused_by_disability, failure_to_implement=failure_to_implement,
                                 participants=participants.strip(), notes=notes.strip(), recorded_by=actor)
    review.full_clean(validate_constraints=False)
    review._history_user = actor
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError as exc:
        raise ValidationError({"held_on": "This removal already has its review."}) from exc
    return review


@transaction.atomic
def behavior_record_add(*, student: Student, kind: str, dated_on: date, summary: str, actor: User,
                        review: ManifestationReview | None = None) -> BehaviorRecord:
    errors: dict[str, str] = {}
    _not_future(errors, "dated_on", dated_on, "The date")
    if not summary.strip():
        errors["summary"] = "Write the summary."
    _raise(errors)
    return _save(BehaviorRecord(student=student, kind=kind, dated_on=dated_on, summary=summary.strip(), review=review,
                                recorded_by=actor), actor)


# Exits --------------------------------------------------------------------------------------------------

@transaction.atomic
def exit_record(*, student: Student, exited_on: date, reason: str, actor: User, notes: str = "",
                academic_achievement: str = "", functional_performance: str = "", recommendations: str = "") -> Exit:
    """The student leaves special education: the IEP in effect ends that day (its history stays)."""
    errors: dict[str, str] = {}
    _not_future(errors, "exited_on", exited_on, "The exit date")
    if reason not in ExitReason.values:
        errors["reason"] = "Choose the reason the student left."
    if rules.needs_summary_of_performance(reason):
        for field, what in (("academic_achievement", "academic achievement"),
                            ("functional_performance", "functional performance"),
                            ("recommendations", "recommendations for the postsecondary goals")):
            if not locals()[field].strip():
                errors[field] = f"A student who graduates or ages out gets a summary of {what} (300.305(e)(3))."
    iep = IEP.objects.select_for_update(of=("self",)).filter(student=student, status=IEP.Status.IN_EFFECT).first()
    if iep and iep.start_date and exited_on and exited_on < iep.start_date:
        errors["exited_on"] = f"The IEP in effect started on {_day(iep.start_date)}; the exit comes after."
    _raise(errors)
    if iep is not None:
        iep.status, iep.ended_on = IEP.Status.ENDED, exited_on
        iep._history_user = actor
        iep.save(update_fields=["status", "ended_on", "updated_at"])
    return _save(Exit(student=student, iep=iep, exited_on=exited_on, reason=reason, notes=notes.strip(),
                      academic_achievement=academic_achievement.strip(),
                      functional_performance=functional_performance.strip(),
                      recommendations=recommendations.strip(), recorded_by=actor), actor)


# Reevaluation -------------------------------------------------------------------------------------------

def last_evaluated_on(student: Student) -> date | None:
    from openiep.evaluations.models import Evaluation

    return Evaluation.objects.filter(student=student, completed_on__isnull=False).order_by(
        "-completed_on").values_list("completed_on", flat=True).first()


@transaction.atomic
def reevaluation_plan(*, student: Student, planned_on: date, actor: User, agreed_early: bool = False,
                      not_needed_agreed_on: date | None = None, existing_data_review: str = "",
                      reviewed_on: date | None = None) -> ReevaluationPlan:
    """Plan the reevaluation and ask the parent's consent for it (or record that both agree it is not needed)."""
    last = last_evaluated_on(student)
    errors: dict[str, str] = {}
    problem = rules.reevaluation_problem(planned_on=planned_on, last_evaluated_on=last, agreed_early=agreed_early)
    if problem and not not_needed_agreed_on:
        errors["planned_on"] = problem
    _not_future(errors, "not_needed_agreed_on", not_needed_agreed_on, "The date of the agreement")
    _not_future(errors, "reviewed_on", reviewed_on, "The date of the review of existing data")
    if reviewed_on and not existing_data_review.strip():
        errors["existing_data_review"] = "Write what the review of existing data found."
    _raise(errors)
    consent = None
    if not not_needed_agreed_on:
        consent = consent_request(student=student, kind=Consent.Kind.REEVALUATION, requested_on=timezone.localdate(),
                                  actor=actor, description="Consent to reevaluate, planned for " + _day(planned_on))
    return _save(ReevaluationPlan(student=student, last_evaluated_on=last, planned_on=planned_on,
                                  agreed_early=agreed_early, not_needed_agreed_on=not_needed_agreed_on, consent=consent,
                                  existing_data_review=existing_data_review.strip(), reviewed_on=reviewed_on,
                                  recorded_by=actor), actor)


# Transfers ----------------------------------------------------------------------------------------------

@transaction.atomic
def transfer_in_record(*, student: Student, received_on: date, from_district: str, from_state: str,
                       comparable_services: str, actor: User, previous_iep_received: bool = False) -> TransferIn:
    errors: dict[str, str] = {}
    _not_future(errors, "received_on", received_on, "The enrolment date")
    if not from_district.strip():
        errors["from_district"] = "Name the district the student comes from."
    if not comparable_services.strip():
        errors["comparable_services"] = ("Describe the comparable services provided meanwhile, agreed with the "
                                         "parents (300.323(e), (f)).")
    _raise(errors)
    same_state = from_state.upper() == student.district.state
    transfer = TransferIn(
        student=student, received_on=received_on, from_district=from_district.strip(), from_state=from_state.upper(),
        same_state=same_state, previous_iep_received=previous_iep_received,
        comparable_services=comparable_services.strip(),
        decision=TransferIn.Decision.COMPARABLE,
        decision_due_on=rules.transfer_decision_due(received_on, same_state=same_state), recorded_by=actor)
    return _save(transfer, actor)


@transaction.atomic
def transfer_in_decide(*, transfer: TransferIn, decision: str, decided_on: date, actor: User) -> TransferIn:
    errors: dict[str, str] = {}
    allowed = {TransferIn.Decision.ADOPTED, TransferIn.Decision.NEW_IEP} if transfer.same_state else {
        TransferIn.Decision.EVALUATING, TransferIn.Decision.NEW_IEP}
    if decision not in allowed:
        errors["decision"] = ("From the same state: adopt the previous IEP or write a new one." if transfer.same_state
                              else "From another state: evaluate, or write a new IEP (300.323(f)).")
    _not_future(errors, "decided_on", decided_on, "The decision date")
    if decided_on and decided_on < transfer.received_on:
        errors["decided_on"] = "The decision comes after the student enrolled."
    _raise(errors)
    transfer.decision, transfer.decided_on = decision, decided_on
    return _save(transfer, actor)
