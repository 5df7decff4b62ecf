"""Pure rules of the eligibility decision (no ORM): who may be found eligible, the parent's vote, SLD
certifications, and the words of the Prior Written Notice prefilled from the decision."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from openiep.eligibility.models import EDFACTS_DISABILITY, DisabilityCategory
from openiep.people.rules import age_on

# 34 CFR 300.8(b): developmental delay is a state option for children aged three through nine (the
# federal maximum; a state may choose a narrower range).
DD_MIN_AGE = 3
DD_MAX_AGE = 9

CFR_SECTION = {
    DisabilityCategory.AUTISM: "300.8(c)(1)",
    DisabilityCategory.DEAF_BLINDNESS: "300.8(c)(2)",
    DisabilityCategory.DEAFNESS: "300.8(c)(3)",
    DisabilityCategory.EMOTIONAL_DISTURBANCE: "300.8(c)(4)",
    DisabilityCategory.HEARING_IMPAIRMENT: "300.8(c)(5)",
    DisabilityCategory.INTELLECTUAL_DISABILITY: "300.8(c)(6)",
    DisabilityCategory.MULTIPLE_DISABILITIES: "300.8(c)(7)",
    DisabilityCategory.ORTHOPEDIC_IMPAIRMENT: "300.8(c)(8)",
    DisabilityCategory.OTHER_HEALTH_IMPAIRMENT: "300.8(c)(9)",
    DisabilityCategory.SPECIFIC_LEARNING_DISABILITY: "300.8(c)(10)",
    DisabilityCategory.SPEECH_LANGUAGE_IMPAIRMENT: "300.8(c)(11)",
    DisabilityCategory.TRAUMATIC_BRAIN_INJURY: "300.8(c)(12)",
    DisabilityCategory.VISUAL_IMPAIRMENT: "300.8(c)(13)",
    DisabilityCategory.DEVELOPMENTAL_DELAY: "300.8(b)",
}

PARENT_ROLE = "Parent"
STUDENT_ROLE = "Student (holds the rights)"
# Roles offered for each vote; the first is the one the law requires (34 CFR 300.306(a)(1)).
VOTE_ROLES: tuple[str, ...] = (
    PARENT_ROLE,
    STUDENT_ROLE,
    "Case manager",
    "Special education teacher",
    "General education teacher",
    "School psychologist",
    "Speech-language pathologist",
    "Evaluator",
    "Related-service provider",
    "LEA representative",
    "Other",
)

DETERMINANTS = {
    "determinant_lack_of_reading_instruction":
        "lack of appropriate instruction in reading, including the essential components of reading instruction",
    "determinant_lack_of_math_instruction": "lack of appropriate instruction in math",
    "determinant_limited_english_proficiency": "limited English proficiency",
}


def category_label(code: str) -> str:
    try:
        return DisabilityCategory(code).label
    except ValueError:
        return code


def category_with_code(code: str) -> str:
    """“Autism (AUT)”: the label staff read with the EDFacts reporting code."""
    return f"{category_label(code)} ({EDFACTS_DISABILITY.get(code, '—')})"


def developmental_delay_problem(birth: date | None, on: date) -> str | None:
    if birth is None:
        return "Record the student's date of birth first: developmental delay depends on age (34 CFR 300.8(b))."
    age = age_on(birth, on)
    if not DD_MIN_AGE <= age <= DD_MAX_AGE:
        return (f"Developmental delay applies only to children aged {DD_MIN_AGE} through {DD_MAX_AGE} "
                f"(34 CFR 300.8(b)); the student is {age} on the day of the decision. Choose the category that fits.")
    return None


@dataclass(frozen=True)
class VoteFacts:
    name: str
    role: str
    agrees: bool | None
    dissent: str
    signed: bool


def is_parent_role(role: str, *, rights_transferred: bool) -> bool:
    """The parent's vote; once rights transfer at the age of majority, the student's (34 CFR 300.520)."""
    wanted = {PARENT_ROLE.lower()} | ({STUDENT_ROLE.lower(), "student"} if rights_transferred else set())
    return role.strip().lower() in wanted


def vote_problems(votes: Sequence[VoteFacts], *, sld: bool, rights_transferred: bool) -> list[str]:
    problems: list[str] = []
    for number, vote in enumerate(votes, start=1):
        who = vote.name.strip() or f"Member {number}"
        if not vote.name.strip():
            problems.append(f"Member {number}: enter the member's name.")
        if not vote.role.strip():
            problems.append(f"{who}: choose the member's role.")
        if vote.agrees is None:
            problems.append(f"{who}: record whether the member agrees or dissents.")
        elif not vote.agrees and not vote.dissent.strip():
            problems.append(f"{who}: a member who disagrees writes a separate statement of dissent.")
    if not any(is_parent_role(v.role, rights_transferred=rights_transferred) for v in votes):
        who = "the student, who holds the rights," if rights_transferred else "the parent"
        problems.append(
            f"The team decides with {who} (34 CFR 300.306(a)(1)): add their vote with the role "
            f"“{STUDENT_ROLE if rights_transferred else PARENT_ROLE}”."
        )
    if sld:
        unsigned = [v.name.strip() or "a member" for v in votes if not v.signed]
        if unsigned:
            problems.append(
                "For a specific learning disability each member certifies in writing whether the report reflects "
                "their conclusion, and a member who disagrees submits a separate statement (34 CFR 300.311(b)). "
                "Not yet signed: " + ", ".join(unsigned) + "."
            )
    return problems


def not_eligible_reasons(
    *, primary_category: str, adverse_effect: bool | None, needs_special_education: bool | None,
    determinants: Iterable[str], name: str,
) -> list[str]:
    reasons = []
    if not primary_category:
        reasons.append("the evaluation did not show a disability as defined in 34 CFR 300.8")
    elif adverse_effect is not True:
        reasons.append(f"the disability does not adversely affect {name}'s educational performance")
    if needs_special_education is not True:
        reasons.append(f"{name} does not need specially designed instruction")
    for field in determinants:
        reasons.append(f"the determinant factor is {DETERMINANTS[field]} (34 CFR 300.306(b))")
    return reasons


def _day(value: date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


SAFEGUARDS_STATEMENT = (
    "As the parent of a child with a disability (or a child referred for an evaluation) you have protection under "
    "the procedural safeguards of the Individuals with Disabilities Education Act (34 CFR 300.500–300.536). This "
    "notice is not for an initial referral for evaluation: you can get a free copy of the procedural safeguards "
    "notice at any time from your child's case manager or the district's special education office."
)
ASSISTANCE_SOURCES = (
    "Your state's Parent Training and Information Center and its Protection and Advocacy agency help parents "
    "understand their rights at no cost; the district's special education office will give you their contact "
    "details, and your child's case manager can explain this notice with an interpreter if you wish."
)


@dataclass(frozen=True)
class NoticeFacts:
    """What the Prior Written Notice of an eligibility decision is written from."""

    student_name: str
    determined_on: date
    eligible: bool
    primary_category: str
    secondary_categories: Sequence[str]
    adverse_effect: bool | None
    needs_special_education: bool | None
    determinants: Sequence[str]
    consider_section_504: bool
    rationale: str
    evaluation_completed_on: date | None
    area_lines: Sequence[str]
    dissenters: Sequence[str]


def notice_defaults(facts: NoticeFacts) -> dict[str, str]:
    """Every element of 34 CFR 300.503(b), prefilled from the decision (the team can edit them)."""
    name = facts.student_name
    secondary = [category_label(code) for code in facts.secondary_categories]
    if facts.eligible:
        primary = category_label(facts.primary_category)
        action = (
            f"The district proposes to identify {name} as a child with a disability eligible for special education "
            f"and related services, with the primary category {primary} "
            f"(34 CFR {CFR_SECTION.get(facts.primary_category, '300.8')})"
            + (f" and the secondary categories {', '.join(secondary)}" if secondary else "")
            + ". An IEP meeting will be held within 30 days to write the IEP (34 CFR 300.323(c))."
        )
        options = (
            f"Finding {name} not eligible was considered and rejected: the evaluation shows {primary.lower()} "
            f"that adversely affects educational performance, and {name} needs specially designed instruction."
        )
    else:
        action = (
            f"The district refuses to identify {name} as a child with a disability eligible for special education "
            "and related services."
        )
        reasons = not_eligible_reasons(
            primary_category=facts.primary_category, adverse_effect=facts.adverse_effect,
            needs_special_education=facts.needs_special_education, determinants=facts.determinants, name=name,
        )
        options = (
            f"Identifying {name} as a child with a disability was considered and rejected because "
            + ("; ".join(reasons) if reasons else "the team found the criteria were not met") + "."
        )
        if facts.consider_section_504:
            options += f" The team referred {name} for a review under Section 504 of the Rehabilitation Act."
    basis = [f"Evaluation report completed {_day(facts.evaluation_completed_on)}."] if facts.evaluation_completed_on \
        else []
    basis.extend(facts.area_lines)
    basis.append("Parent input and the information shared at the eligibility meeting.")
    other = []
    answered = [DETERMINANTS[f] for f in facts.determinants]
    if answered:
        other.append("The team found the determinant factor to be " + "; ".join(answered) + ".")
    else:
        other.append("The team found that the determinant factor is not lack of appropriate instruction in "
                     "reading or math, nor limited English proficiency (34 CFR 300.306(b)).")
    if facts.dissenters:
        other.append("Members who disagreed and wrote separate statements: " + ", ".join(facts.dissenters) + ".")
    return {
        "action_description": action,
        "reasons": f"The eligibility team, with the parent, met on {_day(facts.determined_on)}. "
                   + facts.rationale.strip(),
        "evaluation_basis": "\n".join(basis),
        "safeguards_statement": SAFEGUARDS_STATEMENT,
        "assistance_sources": ASSISTANCE_SOURCES,
        "options_considered": options,
        "other_factors": " ".join(other),
    }
