"""Where is this student in the seven steps, and what happens next? A pure rule: facts in, answer out.

The facts are a snapshot of the newest record of each step (``CaseFacts``); ``locate`` returns the
step, the next action, who owes it and by when. No database access here, so every branch is tested
directly; ``cases.selectors`` reads the facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum


class Step(IntEnum):
    NOT_IN_PROCESS = 0
    PRE_REFERRAL = 1
    REFERRAL = 2
    IDENTIFICATION = 3
    ELIGIBILITY = 4
    DEVELOPMENT = 5
    IMPLEMENTATION = 6
    REVIEW = 7

    @property
    def label(self) -> str:
        return STEP_LABELS[self]


STEP_LABELS = {
    Step.NOT_IN_PROCESS: "General education (no special-education process open)",
    Step.PRE_REFERRAL: "1. Pre-referral: interventions in general education",
    Step.REFERRAL: "2. Referral",
    Step.IDENTIFICATION: "3. Identification: consent and evaluation",
    Step.ELIGIBILITY: "4. Eligibility",
    Step.DEVELOPMENT: "5. Development: the IEP meeting and the IEP",
    Step.IMPLEMENTATION: "6. Implementation",
    Step.REVIEW: "7. Review",
}


@dataclass(frozen=True)
class DueDate:
    rule_id: str
    label: str
    due_on: date
    citation: str = ""


@dataclass(frozen=True)
class CaseFacts:
    """The newest record of each step for one student (None where the step has no record)."""

    case_manager: str = ""
    open_concern: bool = False
    concern_owner: str = ""
    referral_status: str | None = None  # referrals.models.Referral.Status values
    consent_status: str | None = None  # initial-evaluation consent: Consent.Status values
    consent_attempts: int = 0
    evaluation_status: str | None = None  # Evaluation.Status values
    areas_open: int = 0
    area_evaluators: tuple[str, ...] = ()
    eligibility_result: str | None = None  # "eligible" / "not_eligible"
    iep_status: str | None = None  # the newest IEP's status (iep.models.IEP.Status values)
    iep_start: date | None = None
    iep_end: date | None = None
    open_deadlines: tuple[DueDate, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Whereabouts:
    step: Step
    status: str
    next_action: str
    owed_by: str
    due: DueDate | None
    stopped: bool = False  # the process ended or paused here (refusal, not eligible)


def _due(facts: CaseFacts, *rule_ids: str) -> DueDate | None:
    wanted = [d for d in facts.open_deadlines if d.rule_id in rule_ids]
    return min(wanted, key=lambda d: d.due_on) if wanted else None


def _day(value: date | None) -> str:
    return f"{value:%B} {value.day}, {value.year}" if value else ""


def _locate_iep(facts: CaseFacts, manager: str) -> Whereabouts | None:
    status = facts.iep_status
    if status == "in_effect":
        return Whereabouts(
            Step.IMPLEMENTATION, f"IEP in effect until {_day(facts.iep_end)}",
            "Deliver the services, record progress on the goals, and review the IEP at least once a year.",
            manager, _due(facts, "annual_review", "reevaluation_due"),
        )
    if status == "approved":
        return Whereabouts(
            Step.DEVELOPMENT, f"IEP finalised: services begin {_day(facts.iep_start)}",
            "Get ready to deliver the services from the start date.", manager, None,
        )
    if status == "awaiting_consent":
        return Whereabouts(
            Step.DEVELOPMENT, "Waiting for the parent's consent to services",
            "The parent consents, in part or in full, or refuses (34 CFR 300.300(b)); follow up with them.",
            manager, None,
        )
    if status == "consent_refused":
        return Whereabouts(
            Step.DEVELOPMENT, "The parent refused consent to special education services",
            "No services may start; the district may not override the refusal (34 CFR 300.300(b)(3)).",
            manager, None, stopped=True,
        )
    if status == "draft":
        return Whereabouts(
            Step.DEVELOPMENT, "IEP draft in progress",
            "Complete the draft, share it with the parents before the meeting, hold the meeting and finalise.",
            manager, _due(facts, "iep_meeting_after_eligibility", "annual_review"),
        )
    return None


def locate(facts: CaseFacts) -> Whereabouts:
    manager = facts.case_manager or "The case manager (none assigned yet)"
    if facts.iep_status and facts.eligibility_result != "not_eligible":
        found = _locate_iep(facts, manager)
        if found is not None:
            return found
    if facts.eligibility_result == "eligible":
        return Whereabouts(
            Step.DEVELOPMENT, "Eligible for special education",
            "Hold the IEP meeting with the parents and write the IEP.", manager,
            _due(facts, "iep_meeting_after_eligibility"),
        )
    if facts.eligibility_result == "not_eligible":
        return Whereabouts(
            Step.ELIGIBILITY, "Not eligible for special education",
            "No special-education action. Consider whether a Section 504 plan review is needed.", manager, None,
            stopped=True,
        )
    if facts.evaluation_status == "completed":
        return Whereabouts(
            Step.ELIGIBILITY, "Evaluation report completed",
            "Hold the eligibility meeting: the team and the parent decide (34 CFR 300.306).", manager,
            _due(facts, "initial_evaluation", "eligibility_determination"),
        )
    if facts.evaluation_status in {"planned", "in_progress"}:
        evaluators = ", ".join(facts.area_evaluators) or manager
        plural = "s" if facts.areas_open != 1 else ""
        return Whereabouts(
            Step.IDENTIFICATION, "Evaluation under way",
            f"Complete {facts.areas_open} evaluation area{plural} and the report." if facts.areas_open
            else "All areas are reported: complete the evaluation report.",
            evaluators if facts.areas_open else manager,
            _due(facts, "initial_evaluation"),
        )
    if facts.consent_status in {"granted", "partial"}:
        return Whereabouts(
            Step.IDENTIFICATION, "Parent consented to the evaluation",
            "Plan the evaluation: every area of suspected disability, an evaluator and a due date for each.",
            manager, _due(facts, "initial_evaluation"),
        )
    if facts.consent_status in {"refused", "no_response", "revoked"}:
        words = {"refused": "The parent refused consent", "no_response": "No response after reasonable efforts",
                 "revoked": "The parent revoked consent"}[facts.consent_status]
        return Whereabouts(
            Step.IDENTIFICATION, words,
            "No evaluation without consent. The district may, but need not, ask for mediation or a due process "
            "hearing (34 CFR 300.300(a)(3)).", manager, None, stopped=True,
        )
    if facts.consent_status == "requested":
        tries = f" ({facts.consent_attempts} attempt{'s' if facts.consent_attempts != 1 else ''} logged)"
        return Whereabouts(
            Step.IDENTIFICATION, "Waiting for the parent's consent",
            "Reach the parent for consent and log every attempt" + tries + ".", manager,
            _due(facts, "consent_request_after_referral"),
        )
    if facts.referral_status == "awaiting_decision":
        return Whereabouts(
            Step.REFERRAL, "Referral received",
            "Decide: propose an evaluation and ask for consent, or refuse with a Prior Written Notice.", manager,
            _due(facts, "consent_request_after_referral", "referral_decision"),
        )
    if facts.referral_status == "evaluation_refused":
        return Whereabouts(
            Step.REFERRAL, "The district refused the evaluation (Prior Written Notice sent)",
            "No action due. The parent may disagree through the procedural safeguards.", manager, None, stopped=True,
        )
    if facts.open_concern:
        return Whereabouts(
            Step.PRE_REFERRAL, "Interventions in general education",
            "Keep recording intervention data; the team reviews it and decides to continue, change or refer.",
            facts.concern_owner or manager, None,
        )
    return Whereabouts(Step.NOT_IN_PROCESS, "No open concern or referral", "Nothing due.", manager, None)
