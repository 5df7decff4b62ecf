"""An evaluator's report for an area, and completing the evaluation."""

from __future__ import annotations

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError

from openiep.evaluations.models import Evaluation
from openiep.evaluations.services import evaluation_area_report, evaluation_complete
from openiep.evaluations.tests.factories import (
    CompletedEvaluationFactory,
    EvaluationAreaFactory,
    EvaluationFactory,
    ReportedAreaFactory,
    days_ago,
)
from openiep.people.models import User
from openiep.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SCORES = [{"measure": "WIAT-4 Word Reading", "score": "78", "scale": "Standard score", "percentile": "7",
           "descriptor": "Below average"}]


@pytest.fixture
def area(cast):
    return EvaluationAreaFactory(evaluation=EvaluationFactory(student=cast.student), area="reading",
                                 evaluator=cast["evaluator"])


def report(area, actor, **changes):
    data = {"completed_on": days_ago(3), "instruments": "WIAT-4; classroom observation", "scores": SCORES,
            "summary": "Decoding is well below grade level."}
    data.update(changes)
    return evaluation_area_report(area=area, actor=actor, **data)


def test_the_assigned_evaluator_reports_with_scores_as_numbers(cast, area, recompute):
    saved = report(area, cast["evaluator"])
    saved.refresh_from_db()
    assert saved.completed_on == days_ago(3)
    assert saved.scores == [{"measure": "WIAT-4 Word Reading", "score": 78, "scale": "Standard score",
                             "percentile": 7, "descriptor": "Below average"}]
    assert saved.evaluation.status == Evaluation.Status.IN_PROGRESS
    assert saved.history.first().history_user == cast["evaluator"]
    assert recompute == [[cast.student.pk]]


def test_the_case_manager_may_record_an_area_for_the_evaluator(cast, area):
    assert report(area, cast["case_manager"]).completed_on == days_ago(3)


@pytest.mark.parametrize("role", ["provider", "sped_teacher"])
def test_another_evaluator_may_not_write_someone_elses_area(cast, area, role):
    with pytest.raises(PermissionDenied):
        report(area, cast[role])


@pytest.mark.parametrize("role", ["gened_teacher", "parent", "auditor"])
def test_roles_that_do_not_record_evaluations_are_refused(cast, area, role):
    with pytest.raises(PermissionDenied):
        report(area, cast[role])


def test_an_evaluator_outside_the_students_scope_is_refused(cast, area):
    stranger = UserFactory(district=cast.district, role=User.Role.EVALUATOR)
    area.evaluator = stranger
    area.save()
    with pytest.raises(PermissionDenied):
        report(area, stranger)


def test_bad_report_input_is_named_at_each_field(cast, area):
    with pytest.raises(ValidationError) as caught:
        report(area, cast["evaluator"], completed_on=days_ago(-1), instruments=" ", summary="",
               scores=[{"measure": "WIAT", "score": "seventy"}])
    errors = caught.value.message_dict
    assert "future" in errors["completed_on"][0]
    assert "List the tests" in errors["instruments"][0]
    assert "what the results mean" in errors["summary"][0]
    assert "“seventy” is not a number" in errors["scores"][0]
    area.refresh_from_db()
    assert area.completed_on is None


def test_a_report_is_not_dated_before_the_plan(cast, area):
    with pytest.raises(ValidationError) as caught:
        report(area, cast["evaluator"], completed_on=days_ago(31))
    assert "before the plan" in caught.value.message_dict["completed_on"][0]


def test_reports_do_not_change_once_the_evaluation_is_complete(cast):
    done = ReportedAreaFactory(evaluation=CompletedEvaluationFactory(student=cast.student),
                               evaluator=cast["evaluator"])
    with pytest.raises(ValidationError) as caught:
        report(done, cast["evaluator"])
    assert "can no longer change" in caught.value.message_dict[NON_FIELD_ERRORS][0]


def test_the_evaluation_completes_once_every_area_is_reported(cast, recompute):
    evaluation = EvaluationFactory(student=cast.student)
    ReportedAreaFactory(evaluation=evaluation, area="reading", completed_on=days_ago(6))
    ReportedAreaFactory(evaluation=evaluation, area="cognitive", completed_on=days_ago(4))
    done = evaluation_complete(evaluation=evaluation, completed_on=days_ago(4), summary=" Integrated. ",
                               baseline="Reads 42 wcpm.", actor=cast["case_manager"])
    assert (done.status, done.completed_on, done.summary) == (Evaluation.Status.COMPLETED, days_ago(4), "Integrated.")
    assert recompute == [[cast.student.pk]]


def test_completion_lists_the_areas_still_to_report(cast):
    evaluation = EvaluationFactory(student=cast.student)
    ReportedAreaFactory(evaluation=evaluation, area="reading")
    EvaluationAreaFactory(evaluation=evaluation, area="cognitive", evaluator=cast["evaluator"])
    EvaluationAreaFactory(evaluation=evaluation, area="math", evaluator=cast["provider"])
    with pytest.raises(ValidationError) as caught:
        evaluation_complete(evaluation=evaluation, completed_on=days_ago(1), summary="x", actor=cast["case_manager"])
    text = caught.value.message_dict[NON_FIELD_ERRORS][0]
    assert f"Cognitive / intellectual functioning ({cast['evaluator']}" in text
    assert f"Mathematics ({cast['provider']}" in text
    assert "Reading" not in text
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.PLANNED


def test_completion_dates_and_summary_are_checked(cast):
    evaluation = EvaluationFactory(student=cast.student)
    ReportedAreaFactory(evaluation=evaluation, area="reading", completed_on=days_ago(4))
    with pytest.raises(ValidationError) as caught:
        evaluation_complete(evaluation=evaluation, completed_on=days_ago(5), summary=" ", actor=cast["case_manager"])
    assert "last area report" in caught.value.message_dict["completed_on"][0]
    assert "integrated summary" in caught.value.message_dict["summary"][0]
    with pytest.raises(ValidationError) as caught:
        evaluation_complete(evaluation=evaluation, completed_on=days_ago(-2), summary="x", actor=cast["case_manager"])
    assert "future" in " ".join(caught.value.message_dict["completed_on"])


def test_a_completed_evaluation_is_not_completed_twice(cast):
    evaluation = CompletedEvaluationFactory(student=cast.student)
    with pytest.raises(ValidationError):
        evaluation_complete(evaluation=evaluation, completed_on=days_ago(1), summary="x", actor=cast["case_manager"])
