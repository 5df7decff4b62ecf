"""The eligibility decision: from a completed evaluation, with the parent, by the rules of 34 CFR 300.306."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from openiep.eligibility.models import EligibilityDetermination, EligibilityVote
from openiep.eligibility.services import Vote, eligibility_determine, eligibility_notice_update
from openiep.evaluations.models import Evaluation
from openiep.evaluations.tests.factories import CompletedEvaluationFactory, ReportedAreaFactory, days_ago
from openiep.referrals.models import PriorWrittenNotice, Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(cast):
    evaluation = CompletedEvaluationFactory(student=cast.student)
    ReportedAreaFactory(evaluation=evaluation, area="reading", evaluator=cast["evaluator"])
    return evaluation


def votes(cast, *, signed=True):
    return [
        Vote("Pat Alvarez", "Parent", True, "", signed),
        Vote(cast["case_manager"], "Case manager", True, "", signed),
        (cast["evaluator"], "Evaluator", False, "The data point to attention, not reading.", signed),
    ]


def decide(cast, evaluation, **changes):
    data = {
        "evaluation": evaluation, "determined_on": days_ago(1), "result": "eligible",
        "primary_category": "specific_learning_disability", "secondary_categories": [], "adverse_effect": True,
        "needs_special_education": True, "rationale": "WIAT-4 word reading at the 7th percentile; teacher data.",
        "votes": votes(cast), "report_given_to_parent_on": days_ago(1), "actor": cast["case_manager"],
    }
    data.update(changes)
    return eligibility_determine(**data)


def errors(caught) -> dict[str, str]:
    return {field: " ".join(messages) for field, messages in caught.value.message_dict.items()}


def test_an_eligible_decision_records_votes_the_notice_and_closes_the_referral(cast, evaluation, recompute):
    determination = decide(cast, evaluation)
    assert determination.result == EligibilityDetermination.Result.ELIGIBLE
    assert determination.report_given_to_parent_on == days_ago(1)
    assert [(v.member, v.member_name, v.role, v.agrees, v.dissent) for v in determination.votes.all()] == [
        (None, "Pat Alvarez", "Parent", True, ""),
        (cast["case_manager"], str(cast["case_manager"]), "Case manager", True, ""),
        (cast["evaluator"], str(cast["evaluator"]), "Evaluator", False, "The data point to attention, not reading."),
    ]
    notice = determination.notice
    assert (notice.action, notice.subject) == (PriorWrittenNotice.Action.PROPOSES,
                                               PriorWrittenNotice.Subject.IDENTIFICATION)
    assert notice.referral == evaluation.referral
    assert notice.language == "es"  # the parent's language
    assert "Specific learning disability" in notice.action_description
    assert "WIAT-4" in notice.evaluation_basis
    assert str(cast["evaluator"]) in notice.other_factors  # a dissent is a factor the parent should know
    evaluation.referral.refresh_from_db()
    assert evaluation.referral.status == Referral.Status.CLOSED
    assert determination.history.first().history_user == cast["case_manager"]
    assert recompute == [[cast.student.pk]]


def test_a_not_eligible_decision_refuses_identification_and_may_refer_for_504(cast, evaluation):
    determination = decide(cast, evaluation, result="not_eligible", primary_category="", adverse_effect=None,
                           needs_special_education=False, consider_section_504=True)
    assert determination.consider_section_504
    assert determination.notice.action == PriorWrittenNotice.Action.REFUSES
    assert "Section 504" in determination.notice.options_considered


def test_notice_elements_given_on_the_form_replace_the_prefilled_ones(cast, evaluation):
    determination = decide(cast, evaluation, notice={"options_considered": "Speech only; rejected.",
                                                     "language": "en", "issued_on": days_ago(0)})
    assert determination.notice.options_considered == "Speech only; rejected."
    assert (determination.notice.language, determination.notice.issued_on) == ("en", days_ago(0))


def test_the_evaluation_must_be_complete(cast):
    evaluation = CompletedEvaluationFactory(student=cast.student, status=Evaluation.Status.IN_PROGRESS,
                                            completed_on=None)
    with pytest.raises(ValidationError) as caught:
        decide(cast, evaluation)
    assert "Complete the evaluation report first" in errors(caught)[NON_FIELD_ERRORS]


def test_one_decision_per_evaluation(cast, evaluation):
    decide(cast, evaluation)
    with pytest.raises(ValidationError) as caught:
        decide(cast, evaluation)
    assert "already decided" in errors(caught)[NON_FIELD_ERRORS]


def test_the_team_decides_with_the_parent(cast, evaluation):
    with pytest.raises(ValidationError) as caught:
        decide(cast, evaluation, votes=votes(cast)[1:])
    assert "decides with the parent" in errors(caught)["votes"]
    assert not EligibilityDetermination.objects.exists()
    assert not PriorWrittenNotice.objects.filter(subject="identification").exists()


def test_eligible_needs_a_category_an_adverse_effect_a_need_and_no_exclusionary_factor(cast, evaluation):
    with pytest.raises(ValidationError) as caught:
        decide(cast, evaluation, primary_category="", adverse_effect=False, needs_special_education=None,
               determinant_lack_of_reading_instruction=True, determinant_limited_english_proficiency=True,
               consider_section_504=True)
    found = errors(caught)
    assert "choose the primary one" in found["primary_category"]
    assert "adversely affects" in found["adverse_effect"]
    assert "needs special education" in found["needs_special_education"]
    assert "instruction in reading" in found["determinant_lack_of_reading_instruction"]
    assert "limited English proficiency" in found["determinant_limited_english_proficiency"]
    assert "not eligible" in found["consider_section_504"]
    assert "determinant_lack_of_math_instruction" not in found


def test_not_eligible_with_every_condition_met_is_questioned(cast, evaluation):
    with pytest.raises(ValidationError) as caught:
        decide(cast, evaluation, result="not_eligible")
    assert "meet every condition" in errors(caught)["result"]


def test_the_result_must_be_one_of_the_two(cast, evaluation):
    with pytest.raises(ValidationError) as caught:
        decide(cast, evaluation, result="maybe")
    assert "Choose eligible or not eligible" in errors(caught)["result"]


@pytest.mark.parametrize(
    ("age_days", "allowed"),
    [(365 * 5, True), (365 * 2, False), (365 * 10 + 5, False)],
)
def test_developmental_delay_only_for_children_three_through_nine(cast, evaluation, age_days, allowed):
    from datetime import timedelta

    cast.student.date_of_birth = days_ago(1) - timedelta(days=age_days)
    cast.student.save()
    evaluation.student.refresh_from_db()
    if allowed:
        assert decide(cast, evaluation, primary_category="developmental_delay").pk
    else:
        with pytest.raises(ValidationError) as caught:
            decide(cast, evaluation, primary_category="developmental_delay")
        assert "aged 3 through 9" in errors(caught)["primary_category"]


def test_developmental_delay_without_a_date_of_birth_asks_for_it(cast, evaluation):
    cast.student.date_of_birth = None
    cast.student.save()
    evaluation.student.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        decide(cast, evaluation, primary_category="developmental_delay")
    assert "date of birth" in errors(caught)["primary_category"]


def test_secondary_categories_are_checked(cast, evaluation):
    with pytest.raises(ValidationError) as caught:
        decide(cast, evaluation, secondary_categories=["specific_learning_disability", "developmental_delay",
                                                       "ghosts", "autism", "autism"])
    text = errors(caught)["secondary_categories"]
    assert "already the primary category" in text
    assert "can only be the primary category" in text
    assert "“ghosts” is not a disability category" in text
    assert "listed twice" in text


def test_a_specific_learning_disability_needs_each_members_signed_certification(cast, evaluation):
    with pytest.raises(ValidationError) as caught:
        decide(cast, evaluation, votes=votes(cast, signed=False))
    assert "300.311(b)" in errors(caught)["votes"]
    # Another category does not need the signatures.
    assert decide(cast, evaluation, primary_category="other_health_impairment", votes=votes(cast, signed=False)).pk


def test_a_dissent_needs_a_statement(cast, evaluation):
    with pytest.raises(ValidationError) as caught:
        decide(cast, evaluation, votes=[Vote("Pat Alvarez", "Parent", False, "  ", True)])
    assert "separate statement" in errors(caught)["votes"]


def test_dates_and_the_rationale_are_checked(cast, evaluation):
    with pytest.raises(ValidationError) as caught:
        decide(cast, evaluation, determined_on=days_ago(6), rationale=" ", report_given_to_parent_on=None)
    found = errors(caught)
    assert "before the evaluation report" in found["determined_on"]
    assert "evidence the team relied on" in found["rationale"]
    assert "received a copy" in found["report_given_to_parent_on"]
    with pytest.raises(ValidationError) as caught:
        decide(cast, evaluation, determined_on=days_ago(-1), report_given_to_parent_on=days_ago(-1))
    found = errors(caught)
    assert "not before" in found["determined_on"]
    assert "not in advance" in found["report_given_to_parent_on"]
    with pytest.raises(ValidationError) as caught:
        decide(cast, evaluation, report_given_to_parent_on=days_ago(6), notice={"issued_on": days_ago(3)})
    found = errors(caught)
    assert "before the evaluation report was completed" in found["report_given_to_parent_on"]
    assert "on or after the decision" in found["issued_on"]
    assert not EligibilityVote.objects.exists()


def test_a_referral_without_a_decision_date_gets_one_when_it_closes(cast, evaluation):
    Referral.objects.filter(pk=evaluation.referral_id).update(status=Referral.Status.AWAITING_DECISION,
                                                              decided_on=None)
    evaluation.referral.refresh_from_db()
    decide(cast, evaluation)
    evaluation.referral.refresh_from_db()
    assert (evaluation.referral.status, evaluation.referral.decided_on) == (Referral.Status.CLOSED, days_ago(1))


def test_the_notice_can_be_edited_but_keeps_every_element(cast, evaluation):
    determination = decide(cast, evaluation)
    notice = eligibility_notice_update(determination=determination, actor=cast["case_manager"],
                                       reasons="  Clearer reasons.  ", issued_on=days_ago(0))
    assert (notice.reasons, notice.issued_on) == ("Clearer reasons.", days_ago(0))
    with pytest.raises(ValidationError) as caught:
        eligibility_notice_update(determination=determination, actor=cast["case_manager"], options_considered=" ")
    assert "Missing element 6" in errors(caught)["options_considered"]
    with pytest.raises(ValidationError) as caught:
        eligibility_notice_update(determination=determination, actor=cast["case_manager"], issued_on=date(2000, 1, 1))
    assert "on or after the decision" in errors(caught)["issued_on"]
    with pytest.raises(ValidationError):
        eligibility_notice_update(determination=determination, actor=cast["case_manager"], colour="red")
