"""Writes of the eligibility step: the team's decision, with the parent, and its Prior Written Notice."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import NamedTuple

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from openiep.compliance import services as compliance_services
from openiep.eligibility.models import DisabilityCategory, EligibilityDetermination, EligibilityVote
from openiep.eligibility.rules import (
    DETERMINANTS,
    NoticeFacts,
    VoteFacts,
    category_label,
    developmental_delay_problem,
    notice_defaults,
    vote_problems,
)
from openiep.evaluations.models import Evaluation
from openiep.people.models import User
from openiep.referrals import rules as referral_rules
from openiep.referrals import services as referral_services
from openiep.referrals.models import PriorWrittenNotice, Referral

NOTICE_TEXT_FIELDS = (
    "action_description", "reasons", "evaluation_basis", "safeguards_statement", "assistance_sources",
    "options_considered", "other_factors",
)
NOTICE_FIELDS = (*NOTICE_TEXT_FIELDS, "language", "issued_on")


class Vote(NamedTuple):
    """One member's vote: a user or a name (the parent, a teacher without an account), their role on the
    team, whether they agree, their separate statement if not, and whether they signed."""

    member: User | str
    role: str
    agrees: bool | None
    dissent: str = ""
    signed: bool = False

    @property
    def name(self) -> str:
        return str(self.member).strip() if self.member is not None else ""


def _day(value: date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


@transaction.atomic
def eligibility_determine(
    *,
    evaluation: Evaluation,
    determined_on: date,
    result: str,
    primary_category: str = "",
    secondary_categories: Iterable[str] = (),
    adverse_effect: bool | None,
    needs_special_education: bool | None,
    determinant_lack_of_reading_instruction: bool = False,
    determinant_lack_of_math_instruction: bool = False,
    determinant_limited_english_proficiency: bool = False,
    consider_section_504: bool = False,
    rationale: str,
    votes: Iterable[Vote | tuple],
    report_given_to_parent_on: date | None,
    notice: Mapping[str, object] | None = None,
    actor: User,
) -> EligibilityDetermination:
    """The team, with the parent, decides eligibility from a completed evaluation (34 CFR 300.306).

    Creates the Prior Written Notice proposing or refusing identification, prefilled from the decision
    (``notice`` overrides any of its elements), records when the parent got the report, and closes the referral.
    """
    # Lock the evaluation: a double submit waits here and then finds the first decision.
    evaluation = Evaluation.objects.select_for_update(of=("self",)).select_related("student").get(pk=evaluation.pk)
    student = evaluation.student
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    primary_category = primary_category or ""
    secondary = list(secondary_categories or [])
    votes = [v if isinstance(v, Vote) else Vote(*v) for v in votes]
    notice = dict(notice or {})
    determinants = {
        "determinant_lack_of_reading_instruction": bool(determinant_lack_of_reading_instruction),
        "determinant_lack_of_math_instruction": bool(determinant_lack_of_math_instruction),
        "determinant_limited_english_proficiency": bool(determinant_limited_english_proficiency),
    }
    factors = [name for name, answer in determinants.items() if answer]

    if evaluation.status != Evaluation.Status.COMPLETED:
        raise ValidationError({NON_FIELD_ERRORS: [
            "Complete the evaluation report first: the team decides eligibility from the completed evaluation."
        ]})
    earlier = evaluation.eligibility_determinations.first()
    if earlier is not None:
        raise ValidationError({NON_FIELD_ERRORS: [
            f"Eligibility was already decided from this evaluation on {_day(earlier.determined_on)}."
        ]})

    if determined_on < evaluation.completed_on:
        _add(errors, "determined_on",
             f"The decision is dated before the evaluation report ({_day(evaluation.completed_on)}).")
    if determined_on > today:
        _add(errors, "determined_on", "Record the decision on or after the meeting, not before.")

    R = EligibilityDetermination.Result
    if result not in R.values:
        _add(errors, "result", "Choose eligible or not eligible.")
    eligible = result == R.ELIGIBLE

    if primary_category and primary_category not in DisabilityCategory.values:
        _add(errors, "primary_category", f"“{primary_category}” is not a disability category.")
    elif primary_category == DisabilityCategory.DEVELOPMENTAL_DELAY:
        problem = developmental_delay_problem(student.date_of_birth, determined_on)
        if problem:
            _add(errors, "primary_category", problem)
    for code in secondary:
        if code not in DisabilityCategory.values:
            _add(errors, "secondary_categories", f"“{code}” is not a disability category.")
        elif code == primary_category:
            _add(errors, "secondary_categories", f"{category_label(code)} is already the primary category.")
        elif code == DisabilityCategory.DEVELOPMENTAL_DELAY:
            _add(errors, "secondary_categories", "Developmental delay can only be the primary category.")
    if len(set(secondary)) != len(secondary):
        _add(errors, "secondary_categories", "A category is listed twice.")
    if secondary and not primary_category:
        _add(errors, "secondary_categories", "Choose the primary category first.")

    if eligible:
        if not primary_category:
            _add(errors, "primary_category",
                 "An eligible student has a disability category (34 CFR 300.8): choose the primary one.")
        if adverse_effect is not True:
            _add(errors, "adverse_effect",
                 "Eligible means the disability adversely affects educational performance (34 CFR 300.8(c)).")
        if needs_special_education is not True:
            _add(errors, "needs_special_education",
                 "Eligible means the student needs special education: specially designed instruction "
                 "(34 CFR 300.8(a)).")
        for name in factors:
            _add(errors, name, f"A student is not eligible when the determinant factor is {DETERMINANTS[name]} "
                               "(34 CFR 300.306(b)).")
        if consider_section_504:
            _add(errors, "consider_section_504", "A Section 504 review is for a student found not eligible.")
    elif result == R.NOT_ELIGIBLE and primary_category and adverse_effect is True \
            and needs_special_education is True and not factors:
        _add(errors, "result", "These answers meet every condition of eligibility: choose eligible, or correct "
                               "the answer that is not met.")

    if not (rationale or "").strip():
        _add(errors, "rationale", "Write the evidence the team relied on: tests, parent input, teacher input, "
                                  "observations (34 CFR 300.306(c)).")

    vote_facts = [VoteFacts(name=v.name, role=v.role or "", agrees=v.agrees, dissent=v.dissent or "",
                            signed=bool(v.signed)) for v in votes]
    for problem in vote_problems(
        vote_facts, sld=DisabilityCategory.SPECIFIC_LEARNING_DISABILITY in {primary_category, *secondary},
        rights_transferred=student.rights_transferred_on is not None,
    ):
        _add(errors, "votes", problem)

    if report_given_to_parent_on is None:
        _add(errors, "report_given_to_parent_on", "Record the day the parent received a copy of the evaluation "
                                                  "report and this decision, at no cost (34 CFR 300.306(a)(2)).")
    elif report_given_to_parent_on < evaluation.completed_on:
        _add(errors, "report_given_to_parent_on",
             f"This is before the evaluation report was completed ({_day(evaluation.completed_on)}).")
    elif report_given_to_parent_on > today:
        _add(errors, "report_given_to_parent_on", "Record it once the parent has the copy, not in advance.")

    unknown = sorted(set(notice) - set(NOTICE_FIELDS))
    if unknown:
        _add(errors, NON_FIELD_ERRORS, f"Unknown notice fields: {', '.join(unknown)}.")
    issued_on = notice.get("issued_on") or determined_on
    if isinstance(issued_on, date) and issued_on < determined_on:
        _add(errors, "issued_on", "The notice of the decision is dated on or after the decision.")
    if errors:
        raise ValidationError(errors)

    areas = list(evaluation.areas.select_related("evaluator"))
    facts = NoticeFacts(
        student_name=student.full_name,
        determined_on=determined_on,
        eligible=eligible,
        primary_category=primary_category,
        secondary_categories=secondary,
        adverse_effect=adverse_effect,
        needs_special_education=needs_special_education,
        determinants=factors,
        consider_section_504=bool(consider_section_504),
        rationale=rationale,
        evaluation_completed_on=evaluation.completed_on,
        area_lines=[
            f"{a.get_area_display()}: {a.instruments.strip() or 'see the report'} ({a.evaluator}"
            + (f", {_day(a.completed_on)}" if a.completed_on else "") + ")"
            for a in areas
        ],
        dissenters=[v.name for v in votes if v.agrees is False],
    )
    texts = notice_defaults(facts)
    for name in NOTICE_TEXT_FIELDS:
        value = notice.get(name)
        if isinstance(value, str) and value.strip():
            texts[name] = value.strip()
    pwn = referral_services.notice_issue(
        student=student,
        referral=evaluation.referral,
        action=PriorWrittenNotice.Action.PROPOSES if eligible else PriorWrittenNotice.Action.REFUSES,
        subject=PriorWrittenNotice.Subject.IDENTIFICATION,
        issued_on=issued_on,
        language=str(notice.get("language") or ""),
        actor=actor,
        **texts,
    )

    determination = EligibilityDetermination(
        student=student,
        evaluation=evaluation,
        determined_on=determined_on,
        result=result,
        primary_category=primary_category,
        secondary_categories=secondary,
        adverse_effect=adverse_effect,
        needs_special_education=needs_special_education,
        consider_section_504=bool(consider_section_504),
        rationale=rationale.strip(),
        report_given_to_parent_on=report_given_to_parent_on,
        notice=pwn,
        recorded_by=actor,
        **determinants,
    )
    determination.full_clean()
    determination._history_user = actor
    determination.save()
    rows = []
    for vote in votes:
        row = EligibilityVote(
            determination=determination,
            member=vote.member if isinstance(vote.member, User) else None,
            member_name=vote.name[:200],
            role=vote.role.strip()[:100],
            agrees=bool(vote.agrees),
            dissent="" if vote.agrees else vote.dissent.strip(),
            signed=bool(vote.signed),
        )
        row.full_clean()
        rows.append(row)
    bulk_create_with_history(rows, EligibilityVote, default_user=actor)

    referral = evaluation.referral
    if referral is not None and referral.status != Referral.Status.CLOSED:
        # Eligibility decided: this referral's cycle is over (the referrals step owns the other statuses).
        referral.status = Referral.Status.CLOSED
        if referral.decided_on is None:
            referral.decided_on = determined_on
            referral.decided_by = actor
        referral.full_clean()
        referral._history_user = actor
        referral.save()
    compliance_services.deadlines_recompute(student_ids=[student.pk])
    return determination


@transaction.atomic
def eligibility_notice_update(
    *, determination: EligibilityDetermination, actor: User, **fields: object
) -> PriorWrittenNotice:
    """Edit the Prior Written Notice of a decision: any element of 34 CFR 300.503(b), the language, the date."""
    unknown = sorted(set(fields) - set(NOTICE_FIELDS))
    if unknown:
        raise ValidationError({NON_FIELD_ERRORS: [f"Unknown notice fields: {', '.join(unknown)}."]})
    pwn = determination.notice
    if pwn is None:
        raise ValidationError({NON_FIELD_ERRORS: ["This decision has no Prior Written Notice."]})
    issued_on = fields.get("issued_on")
    if isinstance(issued_on, date) and issued_on < determination.determined_on:
        raise ValidationError({"issued_on": ["The notice of the decision is dated on or after the decision."]})
    for name, value in fields.items():
        setattr(pwn, name, value.strip() if isinstance(value, str) else value)
    missing = referral_rules.missing_notice_elements(
        {name: getattr(pwn, name) for name in referral_rules.NOTICE_FIELDS}, pwn.action
    )
    if missing:
        raise ValidationError(missing)
    pwn.full_clean()
    pwn._history_user = actor
    pwn.save()
    return pwn
