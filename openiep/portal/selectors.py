"""Reads of the family portal: each child of the signed-in parent, in a fixed number of queries.

``family_overview`` answers, for every child at once (one query per kind of record, never one per child):
where the child is in the process (``cases.rules.locate`` on the same facts the case page uses), the
documents the district has given the parent, the consents waiting for an answer, and the parent's open
requests with the date the district owes an answer.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openiep.cases.rules import CaseFacts, Step, Whereabouts, locate
from openiep.eligibility.models import EligibilityDetermination
from openiep.evaluations.models import Evaluation
from openiep.people import selectors as people_selectors
from openiep.people.models import Guardianship, Student, User
from openiep.prereferral.models import Concern
from openiep.referrals.models import Consent, PriorWrittenNotice, Referral
from openiep.safeguards import selectors as safeguards_selectors
from openiep.safeguards.models import Dispute, IEERequest, RecordsRequest

# Where the child is, in words for a parent (the case page's words are for staff).
STEP_FOR_PARENTS = {
    Step.NOT_IN_PROCESS: _("No special-education process is open. If you think your child may need special "
                           "education, you can ask for an evaluation."),
    Step.PRE_REFERRAL: _("The school is trying extra help in class and tracking how well it works."),
    Step.REFERRAL: _("The school received a request to evaluate your child and must decide whether to evaluate. "
                     "If it says no, it must explain why in writing."),
    Step.IDENTIFICATION: _("Evaluation: with your permission, the school tests and observes your child to learn "
                           "what help they need."),
    Step.ELIGIBILITY: _("The team, with you, decides whether your child has a disability and needs special "
                        "education."),
    Step.DEVELOPMENT: _("Your child can receive special education. The team, with you, writes the plan (the "
                        "IEP)."),
    Step.IMPLEMENTATION: _("Your child receives the services written in the IEP."),
    Step.REVIEW: _("The team reviews the IEP at least once a year."),
}
STEP_NAMES = {
    Step.NOT_IN_PROCESS: _("Not in special education"),
    Step.PRE_REFERRAL: _("Step 1 of 7: help in class"),
    Step.REFERRAL: _("Step 2 of 7: request for an evaluation"),
    Step.IDENTIFICATION: _("Step 3 of 7: evaluation"),
    Step.ELIGIBILITY: _("Step 4 of 7: eligibility"),
    Step.DEVELOPMENT: _("Step 5 of 7: writing the IEP"),
    Step.IMPLEMENTATION: _("Step 6 of 7: services"),
    Step.REVIEW: _("Step 7 of 7: review"),
}
STOPPED_FOR_PARENTS = {
    "evaluation_refused": _("The school decided not to evaluate and sent you a letter (Prior Written Notice) "
                            "explaining why. If you disagree, you have several options below."),
    "consent_refused": _("No evaluation happens without your permission. You can change your mind and ask for an "
                         "evaluation at any time."),
    "not_eligible": _("The team decided your child does not need special education now. If you disagree, you can "
                      "ask for an independent evaluation or use the other options below."),
}


@dataclass
class Document:
    on: date
    title: str
    url: str = ""
    status: str = ""


@dataclass
class OpenRequest:
    title: str
    since: date
    clock: dict | None


@dataclass
class Child:
    student: Student
    where: Whereabouts
    step_name: str
    explanation: str
    holds_rights: bool = False
    documents: list[Document] = field(default_factory=list)
    pending_consents: list[Consent] = field(default_factory=list)
    revocable_consents: list[Consent] = field(default_factory=list)
    open_requests: list[OpenRequest] = field(default_factory=list)
    can_request_evaluation: bool = True


def _latest(rows, key):
    latest = {}
    for row in rows:
        latest[key(row)] = row  # rows come oldest first: the last one wins
    return latest


def family_overview(*, user: User, today: date) -> list[Child]:
    children = list(people_selectors.student_list(user=user).order_by("first_name", "id"))
    ids = [c.pk for c in children]
    if not ids:
        return []
    rights = set(Guardianship.objects.filter(student_id__in=ids, guardian__user=user, holds_educational_rights=True)
                 .values_list("student_id", flat=True))
    referrals = list(Referral.objects.filter(student_id__in=ids).order_by("received_on", "id"))
    consents = list(Consent.objects.filter(student_id__in=ids).order_by("requested_on", "id"))
    notices = list(PriorWrittenNotice.objects.filter(student_id__in=ids).order_by("issued_on", "id"))
    evaluations = list(Evaluation.objects.filter(student_id__in=ids).exclude(status=Evaluation.Status.CANCELLED)
                       .order_by("planned_on", "id").only("id", "student_id", "status", "kind", "completed_on"))
    determinations = list(EligibilityDetermination.objects.filter(student_id__in=ids)
                          .order_by("determined_on", "id").only("id", "student_id", "evaluation_id", "result",
                                                                "determined_on"))
    # The children's concerns by the student index, filtered here: "referral IS NULL" in SQL made SQLite
    # walk every open concern of the district (the referral index) instead.
    open_concerns = {sid for sid, referral_id in Concern.objects.filter(student_id__in=ids).order_by()
                     .values_list("student_id", "referral_id") if referral_id is None}
    records = list(RecordsRequest.objects.filter(student_id__in=ids, answered_on__isnull=True))
    iees = list(IEERequest.objects.filter(student_id__in=ids, response=IEERequest.Response.PENDING))
    disputes = list(Dispute.objects.filter(student_id__in=ids, status=Dispute.Status.OPEN))

    referral_of = _latest(referrals, lambda r: r.student_id)
    evaluation_of = _latest(evaluations, lambda e: e.student_id)
    determination_of = _latest(determinations, lambda d: d.student_id)
    by_student: dict[int, list[Document]] = defaultdict(list)
    consents_of: dict[int, list[Consent]] = defaultdict(list)
    for c in consents:
        consents_of[c.student_id].append(c)
    for n in notices:
        by_student[n.student_id].append(Document(
            n.issued_on, str(_("Prior Written Notice: the school %(action)s %(subject)s") % {
                "action": _("proposes") if n.action == PriorWrittenNotice.Action.PROPOSES else _("refuses"),
                "subject": NOTICE_SUBJECTS.get(n.subject, n.get_subject_display())}),
            reverse("notice_detail", kwargs={"student_id": n.student_id, "notice_id": n.pk})))
    for c in consents:
        by_student[c.student_id].append(Document(
            c.requested_on, str(_("Consent request: %(kind)s") % {"kind": CONSENT_KINDS.get(c.kind, c.kind)}),
            reverse("portal_consent", kwargs={"student_id": c.student_id, "consent_id": c.pk}), str(CONSENT_STATUSES.get(c.status, c.status))))
    for d in determinations:
        by_student[d.student_id].append(Document(
            d.determined_on, str(_("Eligibility decision")), reverse("determination_detail", kwargs={"student_id": d.student_id, "determination_id": d.pk}),
            str(_("Eligible")) if d.result == "eligible" else str(_("Not eligible"))))
    requests: dict[int, list[OpenRequest]] = defaultdict(list)
    for r in records:
        requests[r.student_id].append(OpenRequest(str(_("You asked to see the records")), r.requested_on,
                                                  _status(safeguards_selectors.records_clock(r), today)))
    for r in iees:
        requests[r.student_id].append(OpenRequest(str(_("You asked for an independent evaluation")), r.requested_on,
                                                  _status(safeguards_selectors.iee_clock(r), today)))
    for d in disputes:
        requests[d.student_id].append(OpenRequest(str(DISPUTE_KINDS.get(d.kind, d.kind)), d.filed_on, None))

    result = []
    for child in children:
        sid = child.pk
        referral = referral_of.get(sid)
        own = consents_of.get(sid, [])
        initial = [c for c in own if c.kind == Consent.Kind.INITIAL_EVALUATION
                   and (referral is None or c.referral_id == referral.pk)]
        evaluation = evaluation_of.get(sid)
        determination = determination_of.get(sid)
        if determination and evaluation and determination.evaluation_id != evaluation.pk:
            determination = None
        facts = CaseFacts(
            open_concern=sid in open_concerns,
            referral_status=referral.status if referral else None,
            consent_status=initial[-1].status if initial else None,
            evaluation_status=evaluation.status if evaluation else None,
            eligibility_result=determination.result if determination else None,
        )
        where = locate(facts)
        explanation = STEP_FOR_PARENTS[where.step]
        if where.stopped:
            key = ("evaluation_refused" if facts.referral_status == "evaluation_refused" and not facts.consent_status
                   else "not_eligible" if facts.eligibility_result == "not_eligible" else "consent_refused")
            explanation = STOPPED_FOR_PARENTS[key]
        result.append(Child(
            student=child, where=where, step_name=str(STEP_NAMES[where.step]), explanation=str(explanation),
            holds_rights=sid in rights,
            documents=sorted(by_student.get(sid, []), key=lambda d: d.on, reverse=True),
            pending_consents=[c for c in own if c.status == Consent.Status.REQUESTED],
            revocable_consents=[c for c in own if c.kind == Consent.Kind.INITIAL_SERVICES
                                and c.status in (Consent.Status.GRANTED, Consent.Status.PARTIAL)],
            open_requests=requests.get(sid, []),
            # Nothing open, or the process stopped (a refusal, not eligible): a new request makes sense.
            can_request_evaluation=where.step in (Step.NOT_IN_PROCESS, Step.PRE_REFERRAL) or where.stopped,
        ))
    return result


def _status(clock, today: date) -> dict:
    return {"clock": clock, "status": clock.status(today)}


CONSENT_KINDS = {
    Consent.Kind.INITIAL_EVALUATION: _("a first evaluation"),
    Consent.Kind.INITIAL_SERVICES: _("starting special-education services"),
    Consent.Kind.REEVALUATION: _("a new evaluation (reevaluation)"),
    Consent.Kind.RELEASE_OF_RECORDS: _("sharing records with someone outside the school"),
    Consent.Kind.EXCUSAL: _("a team member missing a meeting"),
    Consent.Kind.OTHER: _("other"),
}
CONSENT_STATUSES = {
    Consent.Status.REQUESTED: _("Waiting for your answer"),
    Consent.Status.GRANTED: _("You agreed"),
    Consent.Status.PARTIAL: _("You agreed in part"),
    Consent.Status.REFUSED: _("You did not agree"),
    Consent.Status.NO_RESPONSE: _("No answer received"),
    Consent.Status.REVOKED: _("You withdrew your consent"),
}
NOTICE_SUBJECTS = {
    PriorWrittenNotice.Subject.EVALUATION: _("to evaluate your child"),
    PriorWrittenNotice.Subject.IDENTIFICATION: _("a decision about eligibility"),
    PriorWrittenNotice.Subject.PLACEMENT: _("a change of placement"),
    PriorWrittenNotice.Subject.FAPE: _("special-education services"),
    PriorWrittenNotice.Subject.EXIT: _("to end special-education services"),
}
DISPUTE_KINDS = {
    Dispute.Kind.STATE_COMPLAINT: _("State complaint"),
    Dispute.Kind.MEDIATION: _("Request for mediation"),
    Dispute.Kind.DUE_PROCESS: _("Due process complaint"),
    Dispute.Kind.EXPEDITED: _("Expedited due process complaint"),
}
