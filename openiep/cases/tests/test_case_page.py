"""The case page: a student's place in the seven steps, the next action, and the timeline."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openiep.compliance.services import deadlines_recompute
from openiep.eligibility.tests.factories import EligibilityDeterminationFactory
from openiep.evaluations.tests.factories import (
    CompletedEvaluationFactory,
    EvaluationAreaFactory,
    EvaluationFactory,
)
from openiep.prereferral.tests.factories import ConcernFactory
from openiep.referrals.tests.factories import ConsentAttemptFactory, ConsentFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def page(client, cast, role="case_manager") -> str:
    client.force_login(cast[role])
    response = client.get(f"/students/{cast.student.pk}/case/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_student_with_nothing_open_is_in_general_education(client, cast):
    assert "No open concern or referral" in page(client, cast)


def test_a_new_referral_shows_the_decision_owed_by_the_case_manager_with_its_date(client, cast):
    ReferralFactory(student=cast.student, created_by=cast["case_manager"])
    deadlines_recompute(student_ids=[cast.student.pk])
    body = page(client, cast)
    assert "2. Referral" in body
    assert "propose an evaluation" in body
    assert str(cast["case_manager"]) in body
    assert "Referral received" in body  # on the timeline


def test_an_evaluation_under_way_names_its_evaluators_and_the_deadline(client, cast):
    evaluation = EvaluationFactory(student=cast.student, created_by=cast["case_manager"])
    EvaluationAreaFactory(evaluation=evaluation, evaluator=cast["evaluator"], area="reading")
    deadlines_recompute(student_ids=[cast.student.pk])
    body = page(client, cast)
    assert "Complete 1 evaluation area" in body
    assert str(cast["evaluator"]) in body
    assert "3. Identification" in body
    assert "Initial evaluation planned" in body


def test_eligible_moves_the_student_to_the_iep_meeting(client, cast):
    evaluation = CompletedEvaluationFactory(student=cast.student, created_by=cast["case_manager"])
    EligibilityDeterminationFactory(student=cast.student, evaluation=evaluation)
    body = page(client, cast)
    assert "Hold the IEP meeting" in body


def test_a_parent_may_see_where_their_child_is_and_it_is_not_recorded_as_staff_access(client, cast):
    ReferralFactory(student=cast.student, created_by=cast["case_manager"])
    assert "Referral received" in page(client, cast, role="parent")


def test_the_case_page_runs_the_same_queries_however_long_the_history(client, cast):
    client.force_login(cast["case_manager"])
    url = f"/students/{cast.student.pk}/case/"
    ConcernFactory(student=cast.student, raised_by=cast["gened_teacher"])
    consent = ConsentFactory(referral=ReferralFactory(student=cast.student, created_by=cast["case_manager"]),
                             student=cast.student, created_by=cast["case_manager"])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(5):
        ConcernFactory(student=cast.student, raised_by=cast["gened_teacher"])
        ConsentAttemptFactory(consent=consent)
    evaluation = EvaluationFactory(student=cast.student, created_by=cast["case_manager"])
    EvaluationAreaFactory.create_batch(3, evaluation=evaluation, evaluator=cast["evaluator"])
    deadlines_recompute(student_ids=[cast.student.pk])
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small), "\n".join(q["sql"] for q in large.captured_queries)
