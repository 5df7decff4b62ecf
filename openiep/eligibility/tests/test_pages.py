"""The eligibility pages: the form on the evaluation page, the printable decision, the notice."""

from __future__ import annotations

import pytest

from openiep.audit.models import AccessRecord
from openiep.eligibility.models import EligibilityDetermination
from openiep.eligibility.tests.factories import EligibilityDeterminationFactory, EligibilityVoteFactory
from openiep.evaluations.tests.factories import CompletedEvaluationFactory, ReportedAreaFactory, days_ago
from openiep.referrals.models import PriorWrittenNotice

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return response.content.decode()


@pytest.fixture
def evaluation(cast):
    evaluation = CompletedEvaluationFactory(student=cast.student)
    ReportedAreaFactory(evaluation=evaluation, area="reading", evaluator=cast["evaluator"])
    return evaluation


def evaluation_url(evaluation, path=""):
    return f"/students/{evaluation.student_id}/evaluations/{evaluation.pk}/{path}"


def form_data(rows, **changes):
    data = {
        "determined_on": days_ago(1).isoformat(), "result": "eligible", "primary_category": "autism",
        "adverse_effect": "yes", "needs_special_education": "yes", "rationale": "ADOS-2 and observations.",
        "report_given_to_parent_on": days_ago(1).isoformat(),
        "votes-TOTAL_FORMS": str(len(rows)), "votes-INITIAL_FORMS": "0",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"votes-{i}-{key}"] = value
    data.update(changes)
    return data


PARENT = {"member_name": "Pat Alvarez", "role": "Parent", "agrees": "agrees", "signed": "on"}


def test_the_case_manager_sees_the_form_with_a_row_for_the_parent_and_each_evaluator(client, cast, evaluation):
    client.force_login(cast["case_manager"])
    response = client.get(evaluation_url(evaluation))
    rows = [f.initial for f in response.context["vote_formset"].forms]
    assert {"member_name": "Pat Alvarez", "role": "Parent"} in rows
    assert any(r.get("member") == cast["evaluator"].pk for r in rows)
    assert any(r.get("member") == cast["case_manager"].pk and r["role"] == "Case manager" for r in rows)
    assert "Specific learning disability (SLD)" in body(response)


@pytest.mark.parametrize("role", ["evaluator", "parent", "auditor"])
def test_other_roles_see_no_form(client, cast, evaluation, role):
    client.force_login(cast[role])
    assert "determine_form" not in client.get(evaluation_url(evaluation)).context


def test_recording_the_decision_redirects_to_the_determination(client, cast, evaluation):
    client.force_login(cast["case_manager"])
    response = client.post(evaluation_url(evaluation, "eligibility/"), form_data([
        PARENT, {"member": cast["evaluator"].pk, "member_name": str(cast["evaluator"]), "role": "Evaluator",
                 "agrees": "dissents", "dissent": "I see an attention disorder."},
        {"member_name": "", "role": "", "agrees": ""},
    ]))
    determination = EligibilityDetermination.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/students/{cast.student.pk}/eligibility/{determination.pk}/"
    assert [v.member for v in determination.votes.all()] == [None, cast["evaluator"]]


def test_missing_parent_is_shown_above_the_votes_and_nothing_is_written(client, cast, evaluation):
    client.force_login(cast["case_manager"])
    response = client.post(evaluation_url(evaluation, "eligibility/"), form_data([
        {"member_name": "Alice", "role": "Case manager", "agrees": "agrees"}]))
    assert response.status_code == 200
    assert "decides with the parent" in body(response)
    assert not EligibilityDetermination.objects.exists()
    assert not PriorWrittenNotice.objects.exists()


def test_field_messages_come_before_the_database_constraint(client, cast, evaluation):
    client.force_login(cast["case_manager"])
    response = client.post(evaluation_url(evaluation, "eligibility/"), form_data(
        [PARENT], primary_category="", adverse_effect="no", determinant_limited_english_proficiency="on"))
    form = response.context["determine_form"]
    assert "choose the primary one" in form.errors["primary_category"][0]
    assert "adversely affects" in form.errors["adverse_effect"][0]
    assert "limited English proficiency" in form.errors["determinant_limited_english_proficiency"][0]
    assert not EligibilityDetermination.objects.exists()


def test_an_htmx_post_with_errors_answers_422(client, cast, evaluation):
    client.force_login(cast["case_manager"])
    response = client.post(evaluation_url(evaluation, "eligibility/"), form_data([PARENT], result=""),
                           headers={"HX-Request": "true"})
    assert response.status_code == 422


@pytest.mark.parametrize("role", ["evaluator", "provider", "gened_teacher", "parent", "auditor"])
def test_roles_that_do_not_manage_the_case_cannot_decide(client, cast, evaluation, role):
    client.force_login(cast[role])
    assert client.post(evaluation_url(evaluation, "eligibility/"), form_data([PARENT])).status_code == 403
    assert not EligibilityDetermination.objects.exists()


def test_the_decision_form_only_answers_posts(client, cast, evaluation):
    client.force_login(cast["case_manager"])
    assert client.get(evaluation_url(evaluation, "eligibility/")).status_code == 405


def test_another_students_evaluation_is_not_found(client, cast):
    client.force_login(cast["district_admin"])
    other = CompletedEvaluationFactory(student=cast.outsider)
    response = client.post(f"/students/{cast.student.pk}/evaluations/{other.pk}/eligibility/", form_data([PARENT]))
    assert response.status_code == 404


@pytest.fixture
def determination(cast):
    determination = EligibilityDeterminationFactory(
        evaluation=CompletedEvaluationFactory(student=cast.student), secondary_categories=["speech_language_impairment"])
    EligibilityVoteFactory(determination=determination, member_name="Pat Alvarez", role="Parent")
    EligibilityVoteFactory(determination=determination, member_name="Dr. Eve", role="Evaluator", agrees=False,
                           dissent="The scores point to attention.")
    return determination


def det_url(determination, path=""):
    return f"/students/{determination.student_id}/eligibility/{determination.pk}/{path}"


def test_the_determination_page_shows_everything_and_links_the_notice(client, cast, determination):
    client.force_login(cast["case_manager"])
    page = body(client.get(det_url(determination)))
    assert "Specific learning disability (SLD)" in page and "Speech or language impairment (SLI)" in page
    assert "Is the determinant factor limited English proficiency? <strong>No</strong>" in page
    assert "Separate statement of Dr. Eve (Evaluator)" in page and "The scores point to attention." in page
    assert f"/students/{cast.student.pk}/notices/{determination.notice_id}/" in page
    assert "Edit the notice" in page
    assert AccessRecord.objects.filter(user=cast["case_manager"], record__startswith="Eligibility").exists()


def test_the_parent_reads_the_decision_without_reporting_codes(client, cast, determination):
    client.force_login(cast["parent"])
    page = body(client.get(det_url(determination)))
    assert "Specific learning disability" in page and "(SLD)" not in page
    assert "Edit the notice" not in page


def test_outsiders_get_404_for_a_decision(client, cast, determination):
    client.force_login(cast["school_admin"])
    other = EligibilityDeterminationFactory(evaluation=CompletedEvaluationFactory(student=cast.outsider))
    assert client.get(det_url(other)).status_code == 404
    assert client.get(f"/students/{cast.student.pk}/eligibility/{other.pk}/").status_code == 404


def test_editing_the_notice(client, cast, determination):
    client.force_login(cast["case_manager"])
    response = client.get(det_url(determination, "notice/"))
    assert response.context["form"].initial["reasons"] == determination.notice.reasons
    data = {name: getattr(determination.notice, name) for name in response.context["form"].fields}
    data["issued_on"] = days_ago(0).isoformat()
    data["reasons"] = "Plainer reasons."
    assert client.post(det_url(determination, "notice/"), data).status_code == 302
    determination.notice.refresh_from_db()
    assert determination.notice.reasons == "Plainer reasons."
    data["options_considered"] = ""
    response = client.post(det_url(determination, "notice/"), data)
    assert response.status_code == 200 and response.context["form"].errors["options_considered"]
    data["options_considered"] = "x"
    data["issued_on"] = "2001-01-01"
    response = client.post(det_url(determination, "notice/"), data)
    assert "on or after the decision" in response.context["form"].errors["issued_on"][0]


@pytest.mark.parametrize("role", ["evaluator", "parent", "auditor"])
def test_read_only_roles_cannot_edit_the_notice(client, cast, determination, role):
    client.force_login(cast[role])
    assert client.get(det_url(determination, "notice/")).status_code == 403
