"""The evaluation pages as each role uses them: allowed, out of scope (404), read-only (403), bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest

from openiep.evaluations.models import Evaluation, EvaluationArea
from openiep.evaluations.tests.factories import (
    EvaluationAreaFactory,
    EvaluationFactory,
    GrantedConsentFactory,
    ProposedReferralFactory,
    ReportedAreaFactory,
    days_ago,
)

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return response.content.decode()


@pytest.fixture
def evaluation(cast):
    evaluation = EvaluationFactory(student=cast.student)
    ReportedAreaFactory(evaluation=evaluation, area="reading", evaluator=cast["evaluator"])
    EvaluationAreaFactory(evaluation=evaluation, area="cognitive", evaluator=cast["provider"])
    return evaluation


def url(evaluation, path="") -> str:
    return f"/students/{evaluation.student_id}/evaluations/{evaluation.pk}/{path}"


# --- Reading ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["case_manager", "gened_teacher", "evaluator", "parent", "advocate", "auditor"])
def test_the_evaluation_page_shows_areas_scores_and_the_team(client, cast, evaluation, role):
    client.force_login(cast[role])
    page = body(client.get(url(evaluation)))
    assert "WIAT-4 Word Reading" in page and "Below average" in page
    assert "Waiting for the report" in page
    assert "Multidisciplinary team" in page
    assert str(cast["case_manager"]) in page and str(cast["provider"]) in page


def test_the_evaluation_list_and_profile_link(client, cast, evaluation):
    client.force_login(cast["case_manager"])
    page = body(client.get(f"/students/{cast.student.pk}/evaluations/"))
    assert "Initial evaluation" in page and "1 of 2" in page and "Plan an evaluation" in page
    assert f'href="/students/{cast.student.pk}/evaluations/"' in body(client.get(f"/students/{cast.student.pk}/"))
    client.force_login(cast["parent"])
    assert "Plan an evaluation" not in body(client.get(f"/students/{cast.student.pk}/evaluations/"))


def test_outsiders_get_404_and_another_students_evaluation_is_not_found(client, cast, evaluation):
    client.force_login(cast["school_admin"])
    other = EvaluationFactory(student=cast.outsider)
    assert client.get(url(other)).status_code == 404
    assert client.get(f"/students/{cast.student.pk}/evaluations/{other.pk}/").status_code == 404


# --- Planning -----------------------------------------------------------------------------------------------------


@pytest.fixture
def consent(cast):
    referral = ProposedReferralFactory(student=cast.student)
    return GrantedConsentFactory(referral=referral, student=cast.student)


def plan_data(cast, consent, rows):
    data = {"referral": consent.referral_id, "consent": consent.pk, "planned_on": days_ago(30).isoformat(),
            "areas-TOTAL_FORMS": str(len(rows)), "areas-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"areas-{i}-{key}"] = value
    return data


def test_the_plan_form_lists_the_referrals_areas(client, cast, consent):
    client.force_login(cast["case_manager"])
    response = client.get(f"/students/{cast.student.pk}/evaluations/plan/")
    assert response.status_code == 200
    initial = [f.initial.get("area") for f in response.context["formset"].forms]
    assert initial[:2] == ["reading", "cognitive"]


def test_planning_by_post_saves_and_redirects_to_the_evaluation(client, cast, consent):
    client.force_login(cast["case_manager"])
    due = (days_ago(30) + timedelta(days=30)).isoformat()
    response = client.post(f"/students/{cast.student.pk}/evaluations/plan/", plan_data(cast, consent, [
        {"area": "reading", "evaluator": cast["evaluator"].pk, "due_on": due},
        {"area": "cognitive", "not_needed": "on", "reason": "Tested in March."},
        {"area": ""},
    ]))
    evaluation = Evaluation.objects.get()
    assert response.status_code == 302 and response["Location"] == url(evaluation)
    assert evaluation.areas_not_needed == [{"area": "cognitive", "reason": "Tested in March."}]
    assert "Tested in March." in body(client.get(url(evaluation)))


def test_a_plan_missing_an_area_shows_the_message_above_the_areas(client, cast, consent):
    client.force_login(cast["case_manager"])
    response = client.post(f"/students/{cast.student.pk}/evaluations/plan/", plan_data(cast, consent, [
        {"area": "reading", "evaluator": cast["evaluator"].pk, "due_on": days_ago(1).isoformat()},
    ]))
    assert response.status_code == 200
    assert "not in the plan: Cognitive / intellectual functioning" in body(response)
    assert not Evaluation.objects.exists()


def test_a_row_without_evaluator_or_reason_is_marked_at_the_field(client, cast, consent):
    client.force_login(cast["case_manager"])
    response = client.post(f"/students/{cast.student.pk}/evaluations/plan/", plan_data(cast, consent, [
        {"area": "reading"}, {"area": "cognitive", "not_needed": "on"},
    ]))
    rows = response.context["formset"].forms
    assert rows[0].errors["evaluator"] == ["Choose the evaluator."]
    assert rows[1].errors["reason"] == ["Say why this area needs no assessment."]
    assert not Evaluation.objects.exists()


def test_a_consent_that_is_not_granted_is_refused_at_the_consent_field(client, cast, consent):
    consent.status = "refused"
    consent.save()
    client.force_login(cast["case_manager"])
    response = client.post(f"/students/{cast.student.pk}/evaluations/plan/", plan_data(cast, consent, [
        {"area": "reading", "evaluator": cast["evaluator"].pk, "due_on": days_ago(1).isoformat()},
        {"area": "cognitive", "evaluator": cast["evaluator"].pk, "due_on": days_ago(1).isoformat()},
    ]))
    assert "refused consent" in response.context["form"].errors["consent"][0]


@pytest.mark.parametrize("role", ["evaluator", "gened_teacher", "provider", "parent", "auditor"])
def test_roles_that_do_not_manage_the_case_cannot_plan(client, cast, consent, role):
    client.force_login(cast[role])
    assert client.get(f"/students/{cast.student.pk}/evaluations/plan/").status_code == 403
    assert client.post(f"/students/{cast.student.pk}/evaluations/plan/", {}).status_code == 403


# --- An evaluator's report ----------------------------------------------------------------------------------------


def report_data(**changes):
    data = {"completed_on": days_ago(2).isoformat(), "instruments": "WISC-V", "summary": "Average reasoning.",
            "scores-TOTAL_FORMS": "2", "scores-INITIAL_FORMS": "0",
            "scores-0-measure": "WISC-V FSIQ", "scores-0-score": "97", "scores-0-percentile": "42",
            "scores-0-scale": "Standard score", "scores-0-descriptor": "Average"}
    data.update(changes)
    return data


def test_the_assigned_evaluator_writes_the_report(client, cast, evaluation):
    area = evaluation.areas.get(area="cognitive")
    client.force_login(cast["provider"])
    assert client.get(url(evaluation, f"areas/{area.pk}/report/")).status_code == 200
    response = client.post(url(evaluation, f"areas/{area.pk}/report/"), report_data())
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.scores == [{"measure": "WISC-V FSIQ", "score": 97, "scale": "Standard score", "percentile": 42,
                            "descriptor": "Average"}]


def test_a_score_that_is_not_a_number_is_marked_in_its_cell(client, cast, evaluation):
    area = evaluation.areas.get(area="cognitive")
    client.force_login(cast["provider"])
    response = client.post(url(evaluation, f"areas/{area.pk}/report/"), report_data(**{"scores-0-score": "high"}))
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["score"] == ["Enter a number."]
    area.refresh_from_db()
    assert area.completed_on is None


def test_a_future_report_date_is_marked_at_the_field(client, cast, evaluation):
    area = evaluation.areas.get(area="cognitive")
    client.force_login(cast["provider"])
    response = client.post(url(evaluation, f"areas/{area.pk}/report/"),
                           report_data(completed_on=days_ago(-3).isoformat()))
    assert "future" in response.context["form"].errors["completed_on"][0]


def test_another_evaluator_cannot_open_someone_elses_area(client, cast, evaluation):
    area = evaluation.areas.get(area="cognitive")  # the provider's
    client.force_login(cast["evaluator"])
    assert client.get(url(evaluation, f"areas/{area.pk}/report/")).status_code == 403
    assert client.post(url(evaluation, f"areas/{area.pk}/report/"), report_data()).status_code == 403
    area.refresh_from_db()
    assert area.completed_on is None


@pytest.mark.parametrize("role", ["gened_teacher", "parent", "auditor"])
def test_read_only_roles_cannot_write_reports(client, cast, evaluation, role):
    area = evaluation.areas.get(area="cognitive")
    client.force_login(cast[role])
    assert client.get(url(evaluation, f"areas/{area.pk}/report/")).status_code == 403


def test_an_area_of_another_evaluation_is_not_found(client, cast, evaluation):
    other = EvaluationAreaFactory(evaluation=EvaluationFactory(student=cast.student), evaluator=cast["evaluator"])
    client.force_login(cast["case_manager"])
    assert client.get(url(evaluation, f"areas/{other.pk}/report/")).status_code == 404


def test_uploading_a_file_from_the_report_page(client, cast, evaluation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from openiep.evaluations.tests.factories import PDF_BYTES

    area = evaluation.areas.get(area="cognitive")
    client.force_login(cast["provider"])
    path = url(evaluation, f"areas/{area.pk}/files/")
    bad = client.post(path, {"title": "x", "file": SimpleUploadedFile("x.exe", b"MZ")})
    assert bad.status_code == 200
    assert "not accepted" in bad.context["file_form"].errors["file"][0]
    good = client.post(path, {"title": "WISC-V protocol", "file": SimpleUploadedFile("wisc.pdf", PDF_BYTES)})
    assert good.status_code == 302
    assert "WISC-V protocol" in body(client.get(url(evaluation)))


# --- Completion ---------------------------------------------------------------------------------------------------


def test_completion_lists_missing_areas_then_completes(client, cast, evaluation):
    client.force_login(cast["case_manager"])
    data = {"completed_on": days_ago(1).isoformat(), "summary": "Integrated summary.", "baseline": ""}
    response = client.post(url(evaluation, "complete/"), data)
    assert response.status_code == 200
    assert "Still to come: Cognitive / intellectual functioning" in body(response)
    EvaluationArea.objects.filter(evaluation=evaluation).update(completed_on=days_ago(3), instruments="x",
                                                                summary="y")
    response = client.post(url(evaluation, "complete/"), data)
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.COMPLETED


@pytest.mark.parametrize("role", ["evaluator", "provider", "parent", "auditor"])
def test_only_case_managers_and_administrators_complete(client, cast, evaluation, role):
    client.force_login(cast[role])
    assert client.get(url(evaluation, "complete/")).status_code == 403


# --- Worklist -----------------------------------------------------------------------------------------------------


def test_the_worklist_shows_only_my_areas_on_students_i_may_see(client, cast, evaluation):
    hidden = EvaluationAreaFactory(evaluation=EvaluationFactory(student=cast.outsider), area="math",
                                   evaluator=cast["evaluator"])
    client.force_login(cast["evaluator"])
    response = client.get("/evaluations/mine/")
    assert response.status_code == 200
    assert [a.pk for a in response.context["done"]] == [evaluation.areas.get(area="reading").pk]
    assert response.context["to_do"] == []
    assert hidden.pk not in [a.pk for a in response.context["to_do"]]
    assert "Outsider" not in body(response)
    client.force_login(cast["provider"])
    response = client.get("/evaluations/mine/")
    assert [a.area for a in response.context["to_do"]] == ["cognitive"]
    assert "Alvarez, Maya" in body(response)


@pytest.mark.parametrize("role", ["gened_teacher", "parent", "advocate", "auditor"])
def test_roles_that_do_not_evaluate_have_no_worklist(client, cast, role):
    client.force_login(cast[role])
    assert client.get("/evaluations/mine/").status_code == 403


def test_a_referral_parameter_that_is_not_a_plain_number_is_ignored(client, cast):
    client.force_login(cast["case_manager"])
    assert client.get(f"/students/{cast.student.pk}/evaluations/plan/", {"referral": "²"}).status_code == 200
