"""Reads for the case page: the facts for ``rules.locate`` and the timeline of everything that happened.

A fixed number of queries (one per kind of record) whatever the length of the student's history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from openiep.cases.rules import CaseFacts, DueDate, Step
from openiep.compliance.models import Deadline
from openiep.eligibility.models import EligibilityDetermination
from openiep.evaluations.models import Evaluation, EvaluationArea
from openiep.iep.models import IEP
from openiep.people.models import Student, TeamMembership
from openiep.prereferral.models import Concern, Review
from openiep.referrals.models import Consent, ConsentAttempt, PriorWrittenNotice, Referral


@dataclass(frozen=True)
class TimelineItem:
    on: date
    step: Step
    title: str
    detail: str = ""
    url: str = ""
    order: int = 0  # the process order of events on the same day (a consent is asked before it is given)


# Same-day events in the order the process makes them happen.
ORDER = {name: index for index, name in enumerate([
    "concern", "review", "referral", "decision", "notice", "consent_requested", "attempt", "consent_answered",
    "evaluation_planned", "area_report", "evaluation_completed", "eligibility", "iep_finalised", "iep_in_effect",
])}
DECISION_TITLES = {
    Referral.Status.EVALUATION_PROPOSED: "The district proposed an evaluation",
    Referral.Status.CLOSED: "The district proposed an evaluation",  # closed later, by the eligibility decision
    Referral.Status.EVALUATION_REFUSED: "The district refused the evaluation",
    Referral.Status.WITHDRAWN: "Referral withdrawn",
}


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


@dataclass(frozen=True)
class CaseLinks:
    """Where the next action is done, for the case page's "Next action" link."""

    referral: str = ""
    plan_evaluation: str = ""
    evaluation: str = ""
    concern: str = ""
    iep: str = ""

    def for_step(self, step: Step, status: str) -> str:
        if step is Step.PRE_REFERRAL:
            return self.concern
        if step is Step.REFERRAL:
            return self.referral
        if step is Step.IDENTIFICATION:
            if status == "Parent consented to the evaluation":
                return self.plan_evaluation
            return self.evaluation or self.referral
        if step is Step.ELIGIBILITY:
            return self.evaluation
        if step in {Step.DEVELOPMENT, Step.IMPLEMENTATION, Step.REVIEW}:
            return self.iep
        return ""


def case_overview(*, student: Student) -> tuple[CaseFacts, list[TimelineItem], list[Deadline], CaseLinks]:
    sid = student.pk
    manager = (
        TeamMembership.objects.active().filter(student_id=sid, role=TeamMembership.TeamRole.CASE_MANAGER)
        .select_related("member").first()
    )
    concerns = list(Concern.objects.filter(student_id=sid).select_related("raised_by").order_by("raised_on", "id"))
    reviews = list(Review.objects.filter(concern__student_id=sid).order_by("reviewed_on", "id"))
    referrals = list(Referral.objects.filter(student_id=sid).order_by("received_on", "id"))
    consents = list(Consent.objects.filter(student_id=sid).order_by("requested_on", "id"))
    attempts = list(ConsentAttempt.objects.filter(consent__student_id=sid).order_by("attempted_on", "id"))
    notices = list(PriorWrittenNotice.objects.filter(student_id=sid).order_by("issued_on", "id"))
    evaluations = list(Evaluation.objects.filter(student_id=sid).order_by("planned_on", "id"))
    areas = list(EvaluationArea.objects.filter(evaluation__student_id=sid).select_related("evaluator"))
    determinations = list(EligibilityDetermination.objects.filter(student_id=sid).order_by("determined_on", "id"))
    ieps = list(IEP.objects.filter(student_id=sid).exclude(status=IEP.Status.DISCARDED).order_by("version"))
    deadlines = list(
        Deadline.objects.filter(student_id=sid).select_related("responsible").order_by("due_on", "id")
    )

    referral = referrals[-1] if referrals else None
    initial_consents = [c for c in consents if c.kind == Consent.Kind.INITIAL_EVALUATION
                        and (referral is None or c.referral_id == referral.pk)]
    consent = initial_consents[-1] if initial_consents else None
    current_evals = [e for e in evaluations if e.status != Evaluation.Status.CANCELLED]
    evaluation = current_evals[-1] if current_evals else None
    open_areas = [a for a in areas if evaluation and a.evaluation_id == evaluation.pk and a.completed_on is None]
    determination = determinations[-1] if determinations else None
    if determination and evaluation and determination.evaluation_id != evaluation.pk:
        determination = None  # a newer evaluation awaits its own decision
    open_concern = next((c for c in reversed(concerns) if c.referral_id is None), None)
    in_effect = next((i for i in reversed(ieps) if i.status == IEP.Status.IN_EFFECT), None)
    newest_iep = ieps[-1] if ieps else None
    # The IEP in effect says where the student is, unless a newer one is on its way (a draft, an approved one).
    iep = newest_iep if newest_iep and (in_effect is None or newest_iep.status in {
        IEP.Status.DRAFT, IEP.Status.APPROVED, IEP.Status.AWAITING_CONSENT}) and newest_iep.kind != IEP.Kind.AMENDMENT \
        else (in_effect or newest_iep)

    facts = CaseFacts(
        case_manager=_name(manager.member) if manager else "",
        open_concern=open_concern is not None,
        concern_owner=_name(open_concern.raised_by) if open_concern else "",
        referral_status=referral.status if referral else None,
        consent_status=consent.status if consent else None,
        consent_attempts=sum(1 for a in attempts if consent and a.consent_id == consent.pk),
        evaluation_status=evaluation.status if evaluation else None,
        areas_open=len(open_areas),
        area_evaluators=tuple(sorted({_name(a.evaluator) for a in open_areas})),
        eligibility_result=determination.result if determination else None,
        iep_status=iep.status if iep else None,
        iep_start=iep.start_date if iep else None,
        iep_end=iep.end_date if iep else None,
        open_deadlines=tuple(
            DueDate(d.rule_id, d.label, d.due_on, d.citation)
            for d in deadlines if d.done_on is None and d.due_on and d.kind == Deadline.Kind.DEADLINE
        ),
    )

    def link(name: str, **kwargs) -> str:
        return reverse(name, kwargs={"student_id": sid, **kwargs})

    items: list[TimelineItem] = []
    for c in concerns:
        items.append(TimelineItem(c.raised_on, Step.PRE_REFERRAL, "Concern noted", f"By {_name(c.raised_by)}",
                                  link("prereferral_concern_detail", concern_id=c.pk), ORDER["concern"]))
    for r in reviews:
        items.append(TimelineItem(r.reviewed_on, Step.PRE_REFERRAL, f"Team review: {r.get_decision_display()}",
                                  url=link("prereferral_concern_detail", concern_id=r.concern_id), order=ORDER["review"]))
    for r in referrals:
        items.append(TimelineItem(r.received_on, Step.REFERRAL, "Referral received",
                                  f"From: {r.get_source_display()}" + (" (parent's written request)"
                                                                        if r.is_written_parent_request else ""),
                                  link("referral_detail", referral_id=r.pk), ORDER["referral"]))
        if r.decided_on:
            items.append(TimelineItem(r.decided_on, Step.REFERRAL,
                                      DECISION_TITLES.get(r.status, r.get_status_display()),
                                      url=link("referral_detail", referral_id=r.pk), order=ORDER["decision"]))
    for n in notices:
        items.append(TimelineItem(n.issued_on, Step.REFERRAL if n.subject == "evaluation" else Step.ELIGIBILITY,
                                  f"Prior Written Notice: {n.get_action_display().lower()} "
                                  f"{n.get_subject_display().lower()}", url=link("notice_detail", notice_id=n.pk),
                                  order=ORDER["notice"]))
    for c in consents:
        items.append(TimelineItem(c.requested_on, Step.IDENTIFICATION, f"Consent requested: {c.get_kind_display()}",
                                  order=ORDER["consent_requested"]))
        if c.responded_on:
            items.append(TimelineItem(c.responded_on, Step.IDENTIFICATION,
                                      f"Consent {c.get_status_display().lower()}: {c.get_kind_display()}",
                                      order=ORDER["consent_answered"]))
    for a in attempts:
        items.append(TimelineItem(a.attempted_on, Step.IDENTIFICATION, f"Attempt to reach the parent: "
                                  f"{a.get_method_display()}", a.outcome, order=ORDER["attempt"]))
    for e in evaluations:
        items.append(TimelineItem(e.planned_on, Step.IDENTIFICATION, f"{e.get_kind_display()} planned",
                                  url=link("evaluation_detail", evaluation_id=e.pk), order=ORDER["evaluation_planned"]))
        if e.completed_on:
            items.append(TimelineItem(e.completed_on, Step.IDENTIFICATION, "Evaluation report completed",
                                      url=link("evaluation_detail", evaluation_id=e.pk),
                                      order=ORDER["evaluation_completed"]))
    for a in areas:
        if a.completed_on:
            items.append(TimelineItem(a.completed_on, Step.IDENTIFICATION, f"{a.get_area_display()} report",
                                      f"By {_name(a.evaluator)}", order=ORDER["area_report"]))
    for d in determinations:
        items.append(TimelineItem(d.determined_on, Step.ELIGIBILITY, d.get_result_display(),
                                  d.get_primary_category_display() if d.primary_category else "",
                                  link("determination_detail", determination_id=d.pk), ORDER["eligibility"]))
    for i in ieps:
        if i.finalized_at:
            items.append(TimelineItem(i.finalized_at.date(), Step.DEVELOPMENT,
                                      f"IEP version {i.version} finalised ({i.get_kind_display().lower()})",
                                      i.get_status_display(), link("iep_detail", iep_id=i.pk), ORDER["iep_finalised"]))
    items.sort(key=lambda i: (i.on, i.order), reverse=True)
    links = CaseLinks(
        referral=link("referral_detail", referral_id=referral.pk) if referral else "",
        plan_evaluation=link("evaluation_plan") + (f"?referral={referral.pk}" if referral else ""),
        evaluation=link("evaluation_detail", evaluation_id=evaluation.pk) if evaluation else "",
        concern=link("prereferral_concern_detail", concern_id=open_concern.pk) if open_concern else "",
        iep=link("iep_detail", iep_id=iep.pk) if iep else link("iep_list"),
    )
    return facts, items, deadlines, links
