"""Pure rules for referral, consent and Prior Written Notice: no ORM, testable exhaustively.

- The seven elements of a Prior Written Notice (34 CFR 300.503(b)), their plain headings, and the
  message naming each one that is missing.
- The plain-language text a notice starts from, for a case manager to edit.
- Which consents may be granted in part, and what counts as reasonable efforts to reach a parent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

PROPOSES = "proposes"
REFUSES = "refuses"

PWN_CITATION = "34 CFR 300.503"


@dataclass(frozen=True)
class NoticeElement:
    """One element of 34 CFR 300.503(b), as the notice shows it and as a missing one is reported."""

    field: str
    paragraph: str  # "(b)(1)"
    proposes_heading: str
    refuses_heading: str
    missing: str  # "{verb}" becomes "proposes" or "refuses"

    def heading(self, action: str) -> str:
        return self.refuses_heading if action == REFUSES else self.proposes_heading

    def citation(self) -> str:
        return f"{PWN_CITATION}{self.paragraph}"

    def missing_message(self, action: str) -> str:
        return f"{self.missing.format(verb=_verb(action))} ({self.citation()})"


def _verb(action: str) -> str:
    return "refuses" if action == REFUSES else "proposes"


#: 34 CFR 300.503(b)(1)-(7), in the regulation's order.
NOTICE_ELEMENTS: tuple[NoticeElement, ...] = (
    NoticeElement(
        "action_description", "(b)(1)", "What the district proposes", "What the district refuses to do",
        "Missing element 1, the action: describe what the district {verb}.",
    ),
    NoticeElement(
        "reasons", "(b)(2)", "Why the district proposes this", "Why the district refuses",
        "Missing element 2, the reasons: explain why the district {verb} this.",
    ),
    NoticeElement(
        "evaluation_basis", "(b)(3)", "What the decision is based on", "What the decision is based on",
        "Missing element 3, the basis: list each evaluation procedure, assessment, record or report used.",
    ),
    NoticeElement(
        "safeguards_statement", "(b)(4)", "Your rights (procedural safeguards)", "Your rights (procedural safeguards)",
        "Missing element 4, the procedural safeguards: tell the parents they are protected by the procedural "
        "safeguards and how to get a copy of them.",
    ),
    NoticeElement(
        "assistance_sources", "(b)(5)", "Where to get help", "Where to get help",
        "Missing element 5, sources of help: name whom the parents can contact for help understanding their rights.",
    ),
    NoticeElement(
        "options_considered", "(b)(6)", "Other options considered, and why they were rejected",
        "Other options considered, and why they were rejected",
        "Missing element 6, other options: describe the other options the team considered and why each was "
        "rejected.",
    ),
    NoticeElement(
        "other_factors", "(b)(7)", "Other factors", "Other factors",
        "Missing element 7, other factors: describe any other factors relevant to the decision (write "
        "\"None\" if there are none).",
    ),
)

NOTICE_FIELDS: tuple[str, ...] = tuple(e.field for e in NOTICE_ELEMENTS)


def missing_notice_elements(values: Mapping[str, str | None], action: str) -> dict[str, str]:
    """Field → message for each element of 300.503(b) that is empty or only spaces."""
    return {
        element.field: element.missing_message(action)
        for element in NOTICE_ELEMENTS
        if not (values.get(element.field) or "").strip()
    }


def notice_sections(values: Mapping[str, str], action: str) -> list[tuple[NoticeElement, str, str]]:
    """(element, heading, text) in the regulation's order: how a notice reads on paper."""
    return [(e, e.heading(action), values.get(e.field, "")) for e in NOTICE_ELEMENTS]


# --- Text a notice starts from ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferralFacts:
    """What the default notice text needs to know about a referral, as plain values."""

    first_name: str
    school_name: str
    district_name: str
    received_on: date
    source_label: str
    reason: str
    area_labels: Sequence[str]
    is_written_parent_request: bool = False


def _long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _areas(labels: Sequence[str]) -> str:
    names = [label[0].lower() + label[1:] if label[:2] != label[:2].upper() else label for label in labels]
    if not names:
        return "every area related to the suspected disability"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def safeguards_text(facts: ReferralFacts, action: str) -> str:
    text = (
        "You have protection under the procedural safeguards of the Individuals with Disabilities Education Act "
        "(IDEA). A copy of the Procedural Safeguards Notice, which explains your rights, comes with this notice "
        f"because this is {facts.first_name}'s initial referral for evaluation (34 CFR 300.504(a)(1)). You can "
        f"ask {facts.school_name} or the district's special education office for another copy at any time, free "
        "of charge."
    )
    if action == REFUSES:
        text += (
            " If you disagree with this decision, you can ask for mediation or file a due process complaint "
            "(34 CFR 300.506 and 300.507); the safeguards notice explains how."
        )
    return text


def assistance_text(facts: ReferralFacts) -> str:
    return (
        "For help understanding this notice or your rights, you can contact:\n"
        f"- {facts.first_name}'s case manager, or the principal of {facts.school_name};\n"
        f"- the special education office of {facts.district_name};\n"
        "- your state's Parent Training and Information Center, which gives free help to families of children "
        "with disabilities (find yours at https://www.parentcenterhub.org/find-your-center/);\n"
        "- the special education office of your state's department of education."
    )


def basis_text(facts: ReferralFacts) -> str:
    kind = "parent's written request" if facts.is_written_parent_request else "referral"
    return (
        f"The {kind} received on {_long_date(facts.received_on)} (referred by: {facts.source_label.lower()}) "
        "and the concerns it describes."
    )


def notice_defaults(facts: ReferralFacts, action: str) -> dict[str, str]:
    """The seven elements, pre-written in plain language for the case manager to edit.

    A refusal's reasons and the options rejected are the team's own judgement about this child, so they
    start empty: the notice cannot be issued until someone writes them.
    """
    first = facts.first_name
    common = {
        "evaluation_basis": basis_text(facts),
        "safeguards_statement": safeguards_text(facts, action),
        "assistance_sources": assistance_text(facts),
    }
    if action == REFUSES:
        return {
            "action_description": (
                f"The district refuses the request to evaluate {first} for special education and related "
                "services at this time."
            ),
            "reasons": "",
            **common,
            "options_considered": "",
            "other_factors": "No other factors were relevant to this decision.",
        }
    if facts.is_written_parent_request:
        reasons = f"{first}'s parent asked in writing for an evaluation on {_long_date(facts.received_on)}."
    else:
        reasons = (
            f"{first} was referred for an evaluation on {_long_date(facts.received_on)} "
            f"(referred by: {facts.source_label.lower()})."
        )
    reason = facts.reason.strip()
    if reason:
        reasons += f" The reason given: {reason}"
    return {
        "action_description": (
            f"The district proposes a full and individual initial evaluation of {first} (34 CFR 300.301), to "
            f"find out whether {first} has a disability and needs special education and related services. The "
            f"evaluation will look at {_areas(facts.area_labels)}. The district will not begin the evaluation "
            "until you give your written consent."
        ),
        "reasons": reasons,
        **common,
        "options_considered": (
            f"The team considered continuing to support {first} in the general-education classroom without an "
            "evaluation. The team rejected this because the concerns in the referral need an evaluation to "
            f"find out whether {first} has a disability and needs special education."
        ),
        "other_factors": "No other factors were relevant to this proposal.",
    }


def consent_description_default(facts: ReferralFacts) -> str:
    return (
        f"Consent for a full and individual initial evaluation of {facts.first_name} in these areas: "
        f"{_areas(facts.area_labels)}. Giving consent to the evaluation is not consent to special education "
        "services (34 CFR 300.300(a)(1)(ii)). You may refuse, and you may revoke your consent in writing at any time "
        "before the evaluation is done."
    )


# --- Consent -------------------------------------------------------------------------------------------------------

#: Kinds a parent may agree to in part (some areas of an evaluation, some services, some records). Excusing a
#: team member from a meeting is yes or no.
PARTIAL_CONSENT_KINDS = frozenset({
    "initial_evaluation", "reevaluation", "initial_services", "release_of_records", "other",
})

#: Reasonable efforts to obtain consent (34 CFR 300.300(a)(1)(iii), (d)(5)): at least this many attempts, each on
#: a different day, before the district records that the parent did not respond.
MIN_ATTEMPT_DAYS = 2


def partial_allowed(kind: str) -> bool:
    return kind in PARTIAL_CONSENT_KINDS


def attempt_days(dates: Iterable[date]) -> int:
    return len(set(dates))


def reasonable_efforts_shown(dates: Iterable[date]) -> bool:
    """Whether the attempts show reasonable efforts: at least two, on different days."""
    return attempt_days(dates) >= MIN_ATTEMPT_DAYS


NO_RESPONSE_MESSAGE = (
    "Record at least {n} attempts to reach the parent, on different days, before marking \"no response\": "
    "the attempts log is the evidence of the district's reasonable efforts to obtain consent "
    "(34 CFR 300.300(a)(1)(iii) and (d)(5)). So far: {found}."
)


def no_response_message(dates: Iterable[date]) -> str:
    days = attempt_days(dates)
    found = "no attempts" if days == 0 else f"attempts on {days} day" + ("" if days == 1 else "s")
    return NO_RESPONSE_MESSAGE.format(n=MIN_ATTEMPT_DAYS, found=found)
