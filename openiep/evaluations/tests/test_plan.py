"""Planning an evaluation: consent first, every area of suspected disability, staff evaluators, dates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from openiep.evaluations.models import Evaluation
from openiep.evaluations.services import evaluation_plan
from openiep.evaluations.tests.factories import GrantedConsentFactory, ProposedReferralFactory, days_ago
from openiep.people.models import TeamMembership, User
from openiep.people.tests.factories import UserFactory
from openiep.referrals.models import Consent, Referral
from openiep.referrals.tests.factories import ConsentAttemptFactory, ConsentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(cast):
    return ProposedReferralFactory(student=cast.student)


@pytest.fixture
def consent(referral):
    return GrantedConsentFactory(referral=referral, student=referral.student)


def plan(cast, referral, consent, *, areas=None, not_needed=None, planned_on=None):
    planned_on = planned_on or days_ago(30)
    if areas is None:
        areas = [("reading", cast["evaluator"], planned_on + timedelta(days=30)),
                 ("cognitive", cast["provider"], planned_on + timedelta(days=25))]
    return evaluation_plan(student=cast.student, referral=referral, consent=consent, planned_on=planned_on,
                           areas=areas, not_needed=not_needed, actor=cast["case_manager"])


def messages(exc: pytest.ExceptionInfo, field: str) -> str:
    return " ".join(exc.value.message_dict[field])


def test_a_plan_assigns_each_area_to_an_evaluator_with_a_due_date(cast, referral, consent, recompute):
    evaluation = plan(cast, referral, consent)
    assert evaluation.status == Evaluation.Status.PLANNED
    assert evaluation.kind == Evaluation.Kind.INITIAL
    assert [(a.area, a.evaluator) for a in evaluation.areas.order_by("area")] == [
        ("cognitive", cast["provider"]), ("reading", cast["evaluator"])]
    assert evaluation.history.first().history_user == cast["case_manager"]
    assert recompute == [[cast.student.pk]]


def test_evaluators_not_yet_on_the_team_join_it_so_they_can_open_the_records(cast, referral, consent):
    newcomer = UserFactory(district=cast.district, role=User.Role.EVALUATOR, username="nina.psych")
    plan(cast, referral, consent, areas=[
        ("reading", newcomer, days_ago(1)), ("cognitive", cast["evaluator"], days_ago(1))])
    memberships = TeamMembership.objects.filter(student=cast.student, member__in=[newcomer, cast["evaluator"]])
    assert [(m.member, m.role) for m in memberships] == [
        (cast["evaluator"], "evaluator"), (newcomer, TeamMembership.TeamRole.EVALUATOR)]


def test_an_area_the_referral_names_may_be_marked_not_needed_with_a_reason(cast, referral, consent):
    evaluation = plan(cast, referral, consent, areas=[("reading", cast["evaluator"], days_ago(1))],
                      not_needed={"cognitive": "Full cognitive evaluation in March; results still valid."})
    assert evaluation.areas_not_needed == [
        {"area": "cognitive", "reason": "Full cognitive evaluation in March; results still valid."}]


def test_an_area_the_referral_names_cannot_be_left_out_silently(cast, referral, consent):
    with pytest.raises(ValidationError) as caught:
        plan(cast, referral, consent, areas=[("reading", cast["evaluator"], days_ago(1))])
    assert "not in the plan: Cognitive / intellectual functioning" in messages(caught, "areas")
    assert not Evaluation.objects.exists()


def test_not_needed_needs_a_reason(cast, referral, consent):
    with pytest.raises(ValidationError) as caught:
        plan(cast, referral, consent, areas=[("reading", cast["evaluator"], days_ago(1))],
             not_needed={"cognitive": "  "})
    assert "Say why Cognitive / intellectual functioning needs no assessment" in messages(caught, "not_needed")


def test_an_area_cannot_be_both_planned_and_not_needed(cast, referral, consent):
    with pytest.raises(ValidationError) as caught:
        plan(cast, referral, consent, not_needed={"reading": "Done already"})
    assert "both planned and marked not needed" in messages(caught, "not_needed")


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Consent.Status.REQUESTED, "has not answered yet"),
        (Consent.Status.REFUSED, "refused consent"),
        (Consent.Status.NO_RESPONSE, "Without the parent's consent"),
        (Consent.Status.REVOKED, "revoked"),
    ],
)
def test_the_evaluation_waits_for_granted_consent(cast, referral, status, message):
    consent = ConsentFactory(referral=referral, student=cast.student, status=status, requested_on=days_ago(37),
                             responded_on=None if status in {"requested", "no_response"} else days_ago(35),
                             revoked_on=days_ago(34) if status == "revoked" else None)
    with pytest.raises(ValidationError) as caught:
        plan(cast, referral, consent)
    assert message in messages(caught, "consent")


def test_consent_for_something_else_is_refused(cast, referral):
    consent = GrantedConsentFactory(referral=referral, student=cast.student, kind=Consent.Kind.RELEASE_OF_RECORDS)
    with pytest.raises(ValidationError) as caught:
        plan(cast, referral, consent)
    assert "not for an evaluation" in messages(caught, "consent")


def test_consent_is_required(cast, referral):
    with pytest.raises(ValidationError) as caught:
        plan(cast, referral, None)
    assert "Choose the parent's consent" in messages(caught, "consent")


def test_a_reevaluation_may_go_ahead_after_reasonable_efforts_without_an_answer(cast):
    consent = ConsentFactory(referral=None, student=cast.student, kind=Consent.Kind.REEVALUATION,
                             status=Consent.Status.NO_RESPONSE, requested_on=days_ago(40))
    with pytest.raises(ValidationError) as caught:
        plan(cast, None, consent)
    assert "record the attempts" in messages(caught, "consent")
    ConsentAttemptFactory(consent=consent, attempted_on=days_ago(38))
    evaluation = plan(cast, None, consent)
    assert evaluation.kind == Evaluation.Kind.REEVALUATION


def test_an_initial_evaluation_answers_a_referral(cast, consent):
    with pytest.raises(ValidationError) as caught:
        plan(cast, None, consent)
    assert "answers a referral" in messages(caught, "referral")


def test_one_evaluation_per_consent(cast, referral, consent):
    plan(cast, referral, consent)
    with pytest.raises(ValidationError) as caught:
        plan(cast, referral, consent)
    assert "already planned under this consent" in messages(caught, "consent")


@pytest.mark.parametrize("status", [Referral.Status.WITHDRAWN, Referral.Status.EVALUATION_REFUSED,
                                    Referral.Status.CLOSED])
def test_a_closed_referral_is_not_evaluated(cast, referral, consent, status):
    Referral.objects.filter(pk=referral.pk).update(status=status)
    referral.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        plan(cast, referral, consent)
    assert "cannot be evaluated" in messages(caught, "referral")


def test_another_students_records_are_refused(cast, consent):
    other = ProposedReferralFactory(student=cast.outsider)
    other_consent = GrantedConsentFactory(referral=other, student=cast.outsider)
    with pytest.raises(ValidationError) as caught:
        plan(cast, other, other_consent)
    assert "not this student's" in messages(caught, "referral")
    assert "not this student's" in messages(caught, "consent")


def test_the_plan_is_not_dated_before_consent(cast, referral, consent):
    with pytest.raises(ValidationError) as caught:
        plan(cast, referral, consent, planned_on=days_ago(36))
    assert "before consent was received" in messages(caught, "planned_on")


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("gened_teacher", "is not an evaluator"),
        ("parent", "is not an evaluator"),
        ("other_district", "is not an evaluator"),
        ("inactive", "is not an evaluator"),
    ],
)
def test_evaluators_are_staff_of_the_district_who_evaluate(cast, referral, consent, who, message):
    if who == "other_district":
        person = UserFactory(role=User.Role.EVALUATOR)
    elif who == "inactive":
        person = UserFactory(role=User.Role.EVALUATOR, district=cast.district, is_active=False)
    else:
        person = cast[who]
    with pytest.raises(ValidationError) as caught:
        plan(cast, referral, consent, areas=[("reading", person, days_ago(1)),
                                             ("cognitive", cast["evaluator"], days_ago(1))])
    assert f"Reading: {person} {message}" in messages(caught, "areas")


def test_each_area_row_is_checked(cast, referral, consent):
    with pytest.raises(ValidationError) as caught:
        plan(cast, referral, consent, areas=[
            ("reading", None, None), ("reading", cast["evaluator"], days_ago(1)), ("astrology", cast["evaluator"], None),
            ("cognitive", cast["evaluator"], days_ago(31)),
        ])
    text = messages(caught, "areas")
    assert "Reading: choose the evaluator" in text
    assert "Reading: choose the day the report is due" in text
    assert "Reading is listed twice" in text
    assert "“astrology” is not an area" in text
    assert "Cognitive / intellectual functioning: the report is due before the plan's date" in text


def test_a_plan_has_at_least_one_area(cast, consent):
    with pytest.raises(ValidationError) as caught:
        evaluation_plan(student=cast.student, referral=None, consent=ConsentFactory(
            referral=None, student=cast.student, kind=Consent.Kind.REEVALUATION, status=Consent.Status.GRANTED,
            requested_on=days_ago(10), responded_on=days_ago(9)), planned_on=days_ago(1), areas=[],
            actor=cast["case_manager"])
    assert "at least one area" in messages(caught, "areas")
