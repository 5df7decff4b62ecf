"""Writes of the procedural safeguards: notices, records and amendment requests, IEE requests, disputes.

Each function is one transaction, validates with ``full_clean`` and raises ``ValidationError`` keyed by the
form field. Messages are translated: parents reach several of these from the family portal.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openiep.evaluations.models import Evaluation
from openiep.people.models import Guardian, Guardianship, Student, User
from openiep.safeguards.models import (
    AmendmentRequest,
    Dispute,
    IEERequest,
    NoticeRequest,
    RecordsRequest,
    SafeguardsNotice,
    SafeguardsPolicy,
)

DEFAULT_IEE_RESPONSE_DAYS = SafeguardsPolicy._meta.get_field("iee_response_days").default


def _long(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _check_date(field: str, day: date | None, *, after: Iterable[tuple[date | None, str]] = ()) -> None:
    if day is None:
        raise ValidationError({field: _("Enter a date.")})
    today = timezone.localdate()
    if day > today:
        raise ValidationError({field: _("The date cannot be in the future (today is %(today)s).")
                               % {"today": _long(today)}})
    for earlier, what in after:
        if earlier is not None and day < earlier:
            raise ValidationError({field: _("The date cannot be before %(what)s (%(day)s).")
                                   % {"what": what, "day": _long(earlier)}})


def _required(field: str, value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _save(obj, actor: User) -> None:
    obj.full_clean()
    obj._history_user = actor
    obj.save()


def _check_guardian(student: Student, guardian: Guardian | None) -> None:
    if guardian is not None and not Guardianship.objects.filter(student=student, guardian=guardian).exists():
        raise ValidationError({"guardian": _("%(guardian)s is not a parent or guardian of %(student)s.")
                               % {"guardian": guardian, "student": student.full_name}})


def rights_holder(student: Student) -> Guardian | None:
    holder = (Guardianship.objects.filter(student=student, holds_educational_rights=True)
              .select_related("guardian").order_by("id").first())
    return holder.guardian if holder else None


# --- Procedural safeguards notice ------------------------------------------------------------------------------


@transaction.atomic
def notice_give(*, student: Student, given_on: date, trigger: str, method: str, actor: User,
                guardian: Guardian | None = None, given_to_name: str = "", language: str = "",
                notes: str = "") -> SafeguardsNotice:
    """Record that the procedural safeguards notice was given (34 CFR 300.504(a)): when, why, to whom, how."""
    _check_date("given_on", given_on)
    _check_guardian(student, guardian)
    if guardian is None and not (given_to_name or "").strip():
        raise ValidationError({"guardian": _("Choose the parent who received the notice, or name who did.")})
    notice = SafeguardsNotice(
        student=student, given_on=given_on, trigger=trigger, method=method, guardian=guardian,
        given_to_name=(given_to_name or "").strip(), notes=(notes or "").strip()[:300], created_by=actor,
        language=language or (guardian.preferred_language if guardian else student.home_language),
    )
    _save(notice, actor)
    return notice


def notice_for_referral(*, referral, actor: User) -> SafeguardsNotice | None:
    """The notice owed at the first referral or a parent's request for an evaluation (300.504(a)(1)).

    Called by ``referrals.services.referral_create`` in its transaction. Recorded as given the day the
    referral was received, to the parent who holds the rights, in their language; through the portal when
    the parent made the request there.
    """
    student = referral.student
    first = not student.referrals.exclude(pk=referral.pk).exists()
    if not (first or referral.is_written_parent_request):
        return None
    guardian = rights_holder(student)
    if guardian is None:
        return None  # nobody to give it to yet: the student's page shows the notice as owed
    by_parent = actor.role == User.Role.PARENT
    return notice_give(
        student=student, given_on=referral.received_on, trigger=SafeguardsNotice.Trigger.INITIAL_REFERRAL,
        method=SafeguardsNotice.Method.PORTAL if by_parent else SafeguardsNotice.Method.MAIL,
        guardian=guardian, actor=actor,
        notes="Shown in the family portal with the request." if by_parent
        else "Recorded with the referral: sent with the acknowledgement of the referral.",
    )


@transaction.atomic
def notice_request_add(*, student: Student, requested_on: date, actor: User, guardian: Guardian | None = None,
                       language: str = "") -> NoticeRequest:
    """A parent asks for a copy of the procedural safeguards notice: it is owed until staff record giving it."""
    _check_date("requested_on", requested_on)
    _check_guardian(student, guardian)
    request = NoticeRequest(student=student, guardian=guardian, requested_on=requested_on, created_by=actor,
                            language=language or (guardian.preferred_language if guardian else student.home_language))
    _save(request, actor)
    return request


# --- Records and amendments ------------------------------------------------------------------------------------


@transaction.atomic
def records_request_add(*, student: Student, requested_on: date, records_wanted: str, actor: User,
                        guardian: Guardian | None = None, requested_by_name: str = "",
                        meeting_on: date | None = None) -> RecordsRequest:
    """A parent asks to see the education records (34 CFR 300.613): the 45-day clock starts."""
    _check_date("requested_on", requested_on)
    _check_guardian(student, guardian)
    wanted = _required("records_wanted", records_wanted,
                       _("Say which records you want to see (for example: all records, or the evaluation report)."))
    if meeting_on is not None and meeting_on < requested_on:
        raise ValidationError({"meeting_on": _("The meeting cannot be before the request.")})
    if guardian is None and not (requested_by_name or "").strip():
        raise ValidationError({"guardian": _("Choose the parent who asked, or name who did.")})
    request = RecordsRequest(student=student, requested_on=requested_on, records_wanted=wanted, guardian=guardian,
                             requested_by_name=(requested_by_name or "").strip(), meeting_on=meeting_on,
                             created_by=actor)
    _save(request, actor)
    return request


@transaction.atomic
def records_request_answer(*, request: RecordsRequest, answered_on: date, answer: str, actor: User) -> RecordsRequest:
    current = RecordsRequest.objects.select_for_update().get(pk=request.pk)
    if current.answered_on is not None:
        raise ValidationError({NON_FIELD_ERRORS: _("This request was already answered on %(day)s.")
                               % {"day": _long(current.answered_on)}})
    _check_date("answered_on", answered_on, after=[(current.requested_on, _("the request"))])
    current.answer = _required("answer", answer, _("Say how the parent was given access: reviewed with whom, "
                                                   "copies sent, …"))
    current.answered_on = answered_on
    current.answered_by = actor
    _save(current, actor)
    return current


@transaction.atomic
def amendment_request_add(*, student: Student, requested_on: date, record_description: str,
                          requested_change: str, actor: User, guardian: Guardian | None = None) -> AmendmentRequest:
    """A parent asks to amend a record they think is wrong or misleading (34 CFR 300.618)."""
    _check_date("requested_on", requested_on)
    _check_guardian(student, guardian)
    request = AmendmentRequest(
        student=student, requested_on=requested_on, guardian=guardian, created_by=actor,
        record_description=_required("record_description", record_description, _("Say which record.")),
        requested_change=_required("requested_change", requested_change,
                                   _("Say what is wrong and what it should say.")),
    )
    _save(request, actor)
    return request


@transaction.atomic
def amendment_decide(*, request: AmendmentRequest, decision: str, decided_on: date, reason: str,
                     actor: User) -> AmendmentRequest:
    """The district amends the record or refuses; a refusal tells the parent of the right to a hearing (300.619)."""
    current = AmendmentRequest.objects.select_for_update().get(pk=request.pk)
    if current.decision != AmendmentRequest.Decision.PENDING:
        raise ValidationError({NON_FIELD_ERRORS: _("This request was already decided.")})
    if decision not in {AmendmentRequest.Decision.AMENDED, AmendmentRequest.Decision.REFUSED}:
        raise ValidationError({"decision": _("Choose: amended, or refused.")})
    _check_date("decided_on", decided_on, after=[(current.requested_on, _("the request"))])
    if decision == AmendmentRequest.Decision.REFUSED:
        reason = _required("decision_reason", reason, _("Give the reasons for refusing: the parent is told them "
                                                        "with the right to a hearing (34 CFR 300.618(c))."))
    current.decision, current.decided_on, current.decided_by = decision, decided_on, actor
    current.decision_reason = (reason or "").strip()
    _save(current, actor)
    return current


@transaction.atomic
def amendment_statement_add(*, request: AmendmentRequest, statement: str, added_on: date,
                            actor: User) -> AmendmentRequest:
    """The parent's statement of disagreement, kept with the record (34 CFR 300.620(b), 300.621(b))."""
    current = AmendmentRequest.objects.select_for_update().get(pk=request.pk)
    if current.decision != AmendmentRequest.Decision.REFUSED:
        raise ValidationError({NON_FIELD_ERRORS: _("A statement of disagreement is added once the district has "
                                                   "refused to amend the record.")})
    _check_date("added_on", added_on, after=[(current.decided_on, _("the district's decision"))])
    current.disagreement_statement = _required("disagreement_statement", statement,
                                               _("Write your statement of disagreement."))
    current.statement_added_on = added_on
    _save(current, actor)
    return current


# --- Independent Educational Evaluation ------------------------------------------------------------------------


def iee_response_days(district_id: int) -> int:
    policy = SafeguardsPolicy.objects.filter(district_id=district_id).first()
    return policy.iee_response_days if policy else DEFAULT_IEE_RESPONSE_DAYS


@transaction.atomic
def iee_request_add(*, student: Student, evaluation: Evaluation | None, requested_on: date, actor: User,
                    guardian: Guardian | None = None, reason: str = "") -> IEERequest:
    """A parent who disagrees with the district's evaluation asks for an IEE at public expense (300.502(b))."""
    if evaluation is None or evaluation.student_id != student.pk:
        raise ValidationError({"evaluation": _("Choose the evaluation you disagree with.")})
    if evaluation.status != Evaluation.Status.COMPLETED:
        raise ValidationError({"evaluation": _("This evaluation is not finished yet: an independent evaluation is "
                                               "asked for once the district's report is done.")})
    _check_date("requested_on", requested_on, after=[(evaluation.completed_on, _("the evaluation report"))])
    _check_guardian(student, guardian)
    if IEERequest.objects.filter(evaluation=evaluation, response=IEERequest.Response.FUNDED).exists():
        raise ValidationError({"evaluation": _("The district has already paid for one independent evaluation of "
                                               "this evaluation; the law gives one for each evaluation "
                                               "(34 CFR 300.502(b)(5)).")})
    if IEERequest.objects.filter(evaluation=evaluation, response=IEERequest.Response.PENDING).exists():
        raise ValidationError({"evaluation": _("A request for this evaluation is already waiting for the "
                                               "district's answer.")})
    request = IEERequest(student=student, evaluation=evaluation, requested_on=requested_on, guardian=guardian,
                         reason=(reason or "").strip(), response_days=iee_response_days(student.district_id),
                         created_by=actor)
    _save(request, actor)
    return request


@transaction.atomic
def iee_respond(*, request: IEERequest, response: str, responded_on: date, actor: User,
                notes: str = "") -> IEERequest:
    """The district pays for the IEE, or files for a hearing (which opens a due process complaint it filed)."""
    current = IEERequest.objects.select_for_update().select_related("student").get(pk=request.pk)
    if current.response != IEERequest.Response.PENDING:
        raise ValidationError({NON_FIELD_ERRORS: _("This request was already answered.")})
    if response not in {IEERequest.Response.FUNDED, IEERequest.Response.HEARING_FILED,
                        IEERequest.Response.WITHDRAWN}:
        raise ValidationError({"response": _("Choose the district's answer.")})
    _check_date("responded_on", responded_on, after=[(current.requested_on, _("the request"))])
    current.response, current.responded_on, current.responded_by = response, responded_on, actor
    current.response_notes = (notes or "").strip()
    try:
        with transaction.atomic():
            _save(current, actor)
    except (IntegrityError, ValidationError) as exc:
        if isinstance(exc, ValidationError) and "__all__" not in exc.message_dict:
            raise
        raise ValidationError({"response": _("The district already pays for one independent evaluation of this "
                                             "evaluation (34 CFR 300.502(b)(5)).")}) from exc
    if response == IEERequest.Response.HEARING_FILED:
        dispute_add(student=current.student, kind=Dispute.Kind.DUE_PROCESS, filed_by=Dispute.FiledBy.DISTRICT,
                    filed_on=responded_on, actor=actor,
                    summary=f"The district asks a hearing officer to find its evaluation appropriate, in answer to "
                            f"the request for an independent evaluation of {_long(current.requested_on)}.")
    return current


# --- Disputes --------------------------------------------------------------------------------------------------


@transaction.atomic
def dispute_add(*, student: Student, kind: str, filed_on: date, summary: str, actor: User,
                filed_by: str = Dispute.FiledBy.PARENT, guardian: Guardian | None = None,
                proposed_resolution: str = "", stay_put_placement: str = "") -> Dispute:
    """Record a state complaint, a request for mediation, or a due process complaint; its clocks start."""
    if kind not in Dispute.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of disagreement this is.")})
    _check_date("filed_on", filed_on)
    _check_guardian(student, guardian)
    dispute = Dispute(
        student=student, kind=kind, filed_on=filed_on, filed_by=filed_by, guardian=guardian, created_by=actor,
        summary=_required("summary", summary, _("Describe the problem, with the facts.")),
        proposed_resolution=(proposed_resolution or "").strip(), stay_put_placement=(stay_put_placement or "").strip(),
    )
    _save(dispute, actor)
    return dispute


DISPUTE_DATES = ("district_response_on", "resolution_meeting_on", "hearing_on")


@transaction.atomic
def dispute_update(*, dispute: Dispute, actor: User, stay_put_placement: str | None = None,
                   district_response_on: date | None = None, resolution_meeting_on: date | None = None,
                   resolution_waived: bool | None = None, hearing_on: date | None = None) -> Dispute:
    """Record what happened on a dispute: the stay-put placement, the response, the resolution meeting, the hearing."""
    current = Dispute.objects.select_for_update().get(pk=dispute.pk)
    if current.status != Dispute.Status.OPEN:
        raise ValidationError({NON_FIELD_ERRORS: _("This dispute is closed.")})
    values = {"district_response_on": district_response_on, "resolution_meeting_on": resolution_meeting_on,
              "hearing_on": hearing_on}
    for name, day in values.items():
        if day is not None:
            if name != "hearing_on":  # a hearing date may be set ahead
                _check_date(name, day, after=[(current.filed_on, _("the filing"))])
            elif day < current.filed_on:
                raise ValidationError({name: _("The hearing cannot be before the filing.")})
            setattr(current, name, day)
    if stay_put_placement is not None:
        current.stay_put_placement = stay_put_placement.strip()
    if resolution_waived is not None:
        current.resolution_waived = resolution_waived
    _save(current, actor)
    return current


@transaction.atomic
def dispute_close(*, dispute: Dispute, status: str, closed_on: date, outcome: str, actor: User) -> Dispute:
    current = Dispute.objects.select_for_update().get(pk=dispute.pk)
    if current.status != Dispute.Status.OPEN:
        raise ValidationError({NON_FIELD_ERRORS: _("This dispute is already closed.")})
    if status not in {Dispute.Status.RESOLVED, Dispute.Status.DECIDED, Dispute.Status.WITHDRAWN}:
        raise ValidationError({"status": _("Choose how it ended.")})
    _check_date("closed_on", closed_on, after=[(current.filed_on, _("the filing"))])
    current.status, current.closed_on = status, closed_on
    current.outcome = _required("outcome", outcome, _("Write down the decision or the agreement."))
    _save(current, actor)
    return current
