"""The pages of step 2 as each role uses them: allowed, out of scope (404), not allowed (403), bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from openiep.people.models import Guardian
from openiep.referrals import services
from openiep.referrals.models import Consent, ConsentAttempt, PriorWrittenNotice, Referral
from openiep.referrals.selectors import prereferral_installed as selectors_prereferral_installed
from openiep.referrals.tests.factories import (
    ConsentAttemptFactory,
    ConsentFactory,
    PriorWrittenNoticeFactory,
    ReferralFactory,
    days_ago,
)
from openiep.referrals.tests.test_services import notice_text

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return response.content.decode()


@pytest.fixture
def referral(cast):
    return ReferralFactory(student=cast.student, received_on=days_ago(20), created_by=cast["gened_teacher"],
                           areas_of_concern=["reading", "communication"])


@pytest.fixture
def proposal(cast, referral):
    return services.referral_propose_evaluation(referral=referral, decided_on=days_ago(15),
                                                actor=cast["case_manager"], **notice_text())


def url(cast, path: str = "") -> str:
    return f"/students/{cast.student.pk}/{path}"


# --- The list and a new referral ---------------------------------------------------------------------------------


def test_the_profile_links_to_referrals_for_staff_and_for_a_parent_once_there_is_one(client, cast):
    client.force_login(cast["case_manager"])
    assert "Referrals and notices" in body(client.get(url(cast)))
    client.force_login(cast["parent"])
    assert "Referrals and notices" not in body(client.get(url(cast)))
    ReferralFactory(student=cast.student)
    assert "Referrals and notices" in body(client.get(url(cast)))


def test_the_list_shows_referrals_and_notices_with_a_new_referral_button_for_staff_who_refer(client, cast, proposal):
    client.force_login(cast["gened_teacher"])
    page = body(client.get(url(cast, "referrals/")))
    assert "Evaluation proposed" in page and "Proposes: to evaluate" in page
    assert "New referral" in page
    client.force_login(cast["parent"])
    page = body(client.get(url(cast, "referrals/")))
    assert "Evaluation proposed" in page and "New referral" not in page


@pytest.mark.parametrize("path", ["referrals/", "referrals/new/"])
def test_an_outsider_gets_404(client, cast, path):
    client.force_login(cast["case_manager"])
    assert client.get(f"/students/{cast.outsider.pk}/{path}").status_code == 404


def test_a_teacher_enters_a_referral(client, cast):
    client.force_login(cast["gened_teacher"])
    page = body(client.get(url(cast, "referrals/new/")))
    assert "<legend>Areas of concern</legend>" in page
    response = client.post(url(cast, "referrals/new/"), {
        "source": "teacher", "received_on": days_ago(2).isoformat(), "reason": "Struggles to decode words.",
        "areas_of_concern": ["reading", "writing"], "referred_by_name": "Charlie",
    })
    referral = Referral.objects.get(student=cast.student)
    assert response.status_code == 302
    assert response["Location"] == url(cast, f"referrals/{referral.pk}/")
    assert referral.areas_of_concern == ["reading", "writing"] and referral.created_by == cast["gened_teacher"]


def test_a_referral_with_bad_input_shows_the_message_at_the_field_and_writes_nothing(client, cast):
    client.force_login(cast["case_manager"])
    response = client.post(url(cast, "referrals/new/"), {
        "source": "teacher", "received_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
        "reason": "Concerns.", "areas_of_concern": ["reading"],
    })
    assert response.status_code == 200
    assert "cannot be in the future" in response.context["form"].errors["received_on"][0]
    response = client.post(url(cast, "referrals/new/"), {"source": "teacher",
                                                         "received_on": days_ago(1).isoformat(), "reason": "x"})
    assert "areas_of_concern" in response.context["form"].errors
    assert Referral.objects.count() == 0


@pytest.mark.parametrize("role", ["evaluator", "auditor", "parent", "advocate"])
def test_roles_that_do_not_refer_get_403(client, cast, role):
    client.force_login(cast[role])
    assert client.get(url(cast, "referrals/new/")).status_code == 403
    assert client.post(url(cast, "referrals/new/"), {"source": "teacher"}).status_code == 403
    assert Referral.objects.count() == 0


# --- The referral page and the decision --------------------------------------------------------------------------


def test_the_referral_page_offers_the_decision_to_the_case_manager_only(client, cast, referral):
    client.force_login(cast["case_manager"])
    page = body(client.get(url(cast, f"referrals/{referral.pk}/")))
    assert "Awaiting the district" in page and "Communication (speech and language)" in page
    assert "Propose an evaluation" in page and "Refuse to evaluate" in page
    client.force_login(cast["sped_teacher"])
    page = body(client.get(url(cast, f"referrals/{referral.pk}/")))
    assert "Awaiting the district" in page and "Propose an evaluation" not in page


def test_a_referral_is_found_only_through_its_own_student(client, cast):
    client.force_login(cast["district_admin"])
    other = ReferralFactory(student=cast.outsider)
    assert client.get(url(cast, f"referrals/{other.pk}/")).status_code == 404
    assert client.get(url(cast, f"referrals/{other.pk}/propose/")).status_code == 404
    assert client.get(f"/students/{cast.outsider.pk}/referrals/{other.pk}/").status_code == 200


def test_the_proposal_form_starts_from_plain_language_text(client, cast, referral):
    client.force_login(cast["case_manager"])
    response = client.get(url(cast, f"referrals/{referral.pk}/propose/"))
    form = response.context["form"]
    assert "initial evaluation of Maya" in form.initial["action_description"]
    assert "Parent Training and Information Center" in form.initial["assistance_sources"]
    assert form.initial["language"] == "es"
    assert "1. What the district proposes" in body(response)


def test_proposing_writes_the_notice_and_the_consent_request(client, cast, referral):
    client.force_login(cast["case_manager"])
    data = {"decided_on": days_ago(1).isoformat(), "language": "es", "consent_description": "", **notice_text()}
    response = client.post(url(cast, f"referrals/{referral.pk}/propose/"), data)
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "evaluation_proposed"
    assert Consent.objects.get(referral=referral).status == "requested"
    page = body(client.get(response["Location"]))
    assert "Consent: initial evaluation" in page and "Log an attempt" in page
    assert "Record the parent's answer" in page


def test_a_proposal_missing_an_element_names_it_at_the_field(client, cast, referral):
    client.force_login(cast["case_manager"])
    data = {"decided_on": days_ago(1).isoformat(), "language": "en", **notice_text(evaluation_basis=" ")}
    response = client.post(url(cast, f"referrals/{referral.pk}/propose/"), data)
    assert response.status_code == 200
    assert "Missing element 3" in response.context["form"].errors["evaluation_basis"][0]
    assert "Missing element 3" in body(response)
    assert PriorWrittenNotice.objects.count() == 0 and Consent.objects.count() == 0


def test_refusing_without_the_reasons_names_each_missing_element(client, cast, referral):
    client.force_login(cast["case_manager"])
    response = client.get(url(cast, f"referrals/{referral.pk}/refuse/"))
    initial = response.context["form"].initial
    data = {k: v for k, v in initial.items() if k != "decided_on"}
    data["decided_on"] = days_ago(1).isoformat()
    response = client.post(url(cast, f"referrals/{referral.pk}/refuse/"), data)
    errors = response.context["form"].errors
    assert set(errors) == {"reasons", "options_considered"}
    assert "Please correct 2 fields" in body(response)
    data.update(reasons="Maya is reading at grade level since the intervention.",
                options_considered="An evaluation now; rejected because the data show good progress.")
    response = client.post(url(cast, f"referrals/{referral.pk}/refuse/"), data)
    assert response.status_code == 302
    notice = PriorWrittenNotice.objects.get(referral=referral)
    assert notice.action == "refuses" and Consent.objects.count() == 0


@pytest.mark.parametrize("path", ["propose/", "refuse/", "withdraw/"])
@pytest.mark.parametrize("role", ["sped_teacher", "gened_teacher", "evaluator", "auditor", "parent"])
def test_only_case_roles_decide(client, cast, referral, path, role):
    client.force_login(cast[role])
    assert client.get(url(cast, f"referrals/{referral.pk}/{path}")).status_code == 403
    assert client.post(url(cast, f"referrals/{referral.pk}/{path}"), notice_text()).status_code == 403
    assert Referral.objects.get(pk=referral.pk).status == "awaiting_decision"


def test_a_decided_referral_sends_the_decision_forms_back_to_the_referral(client, cast, referral, proposal):
    client.force_login(cast["case_manager"])
    response = client.get(url(cast, f"referrals/{referral.pk}/refuse/"))
    assert response.status_code == 302 and response["Location"] == url(cast, f"referrals/{referral.pk}/")


def test_withdrawing_a_referral(client, cast, referral):
    client.force_login(cast["school_admin"])
    response = client.post(url(cast, f"referrals/{referral.pk}/withdraw/"),
                           {"withdrawn_on": days_ago(1).isoformat(), "reason": ""})
    assert "reason" in response.context["form"].errors
    response = client.post(url(cast, f"referrals/{referral.pk}/withdraw/"),
                           {"withdrawn_on": days_ago(1).isoformat(), "reason": "The parent took it back."})
    assert response.status_code == 302
    assert Referral.objects.get(pk=referral.pk).status == "withdrawn"


# --- The notice ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["case_manager", "parent", "advocate", "auditor", "gened_teacher"])
def test_the_notice_reads_as_seven_headed_parts_with_the_citation(client, cast, proposal, role):
    client.force_login(cast[role])
    page = body(client.get(url(cast, f"notices/{proposal.notice.pk}/")))
    for heading in ("What the district proposes", "Why the district proposes this", "What the decision is based on",
                    "Your rights (procedural safeguards)", "Where to get help",
                    "Other options considered, and why they were rejected", "Other factors"):
        assert heading in page
    assert "34 CFR 300.503" in page and "referrals/referrals.css" in page
    assert "Riverside Unified" in page
    assert ("give them this notice in that language" in page) is (role != "parent" and role != "advocate")


def test_a_notice_is_found_only_through_its_own_student(client, cast):
    client.force_login(cast["district_admin"])
    other = PriorWrittenNoticeFactory(referral=ReferralFactory(student=cast.outsider))
    assert client.get(url(cast, f"notices/{other.pk}/")).status_code == 404
    client.force_login(cast["case_manager"])
    assert client.get(f"/students/{cast.outsider.pk}/notices/{other.pk}/").status_code == 404


# --- Consent -----------------------------------------------------------------------------------------------------


def test_an_attempt_is_added_inline_with_htmx(client, cast, proposal):
    consent = proposal.consent
    client.force_login(cast["case_manager"])
    prefix = f"attempt-{consent.pk}"
    response = client.post(url(cast, f"consents/{consent.pk}/attempts/"), {
        f"{prefix}-attempted_on": days_ago(14).isoformat(), f"{prefix}-method": "phone",
        f"{prefix}-outcome": "Left a voicemail in Spanish.",
    }, headers={"HX-Request": "true"})
    assert response.status_code == 200
    fragment = body(response).lstrip()
    assert fragment.startswith(f'<section class="card consent" id="consent-{consent.pk}"')
    assert "Left a voicemail in Spanish." in fragment and "data-announce=" in fragment
    assert ConsentAttempt.objects.get(consent=consent).by == cast["case_manager"]


def test_an_invalid_attempt_answers_htmx_with_422_and_the_message(client, cast, proposal):
    consent = proposal.consent
    client.force_login(cast["case_manager"])
    prefix = f"attempt-{consent.pk}"
    response = client.post(url(cast, f"consents/{consent.pk}/attempts/"), {
        f"{prefix}-attempted_on": days_ago(30).isoformat(), f"{prefix}-method": "phone", f"{prefix}-outcome": "x",
    }, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "cannot be before" in body(response)
    assert ConsentAttempt.objects.count() == 0
    response = client.post(url(cast, f"consents/{consent.pk}/attempts/"), {f"{prefix}-method": "phone"})
    assert response.status_code == 302 and ConsentAttempt.objects.count() == 0


def test_marking_no_response_explains_the_attempts_needed(client, cast, proposal):
    consent = proposal.consent
    client.force_login(cast["case_manager"])
    response = client.post(url(cast, f"consents/{consent.pk}/no-response/"), follow=True)
    assert "reasonable efforts" in body(response)
    assert Consent.objects.get(pk=consent.pk).status == "requested"
    ConsentAttemptFactory(consent=consent, attempted_on=days_ago(14))
    ConsentAttemptFactory(consent=consent, attempted_on=days_ago(10))
    client.post(url(cast, f"consents/{consent.pk}/no-response/"))
    assert Consent.objects.get(pk=consent.pk).status == "no_response"


def test_recording_the_parents_answer(client, cast, proposal):
    consent = proposal.consent
    guardian = Guardian.objects.get(user=cast["parent"])
    client.force_login(cast["case_manager"])
    response = client.get(url(cast, f"consents/{consent.pk}/answer/"))
    assert response.context["form"].initial["guardian"] == guardian
    assert "Granted in part" in body(response)
    data = {"status": "granted", "responded_on": days_ago(16).isoformat(), "guardian": guardian.pk,
            "method": "paper", "signed_name": "Pat Alvarez"}
    response = client.post(url(cast, f"consents/{consent.pk}/answer/"), data)
    assert "before the day consent was requested" in response.context["form"].errors["responded_on"][0]
    assert Consent.objects.get(pk=consent.pk).status == "requested"
    response = client.post(url(cast, f"consents/{consent.pk}/answer/"), {**data, "responded_on": days_ago(9)})
    assert response.status_code == 302
    assert response["Location"] == url(cast, f"referrals/{consent.referral_id}/")
    assert Consent.objects.get(pk=consent.pk).status == "granted"
    # Answered: the form sends the user back; revocation is offered instead.
    assert client.get(url(cast, f"consents/{consent.pk}/answer/")).status_code == 302
    assert "Record a written revocation" in body(client.get(response["Location"]))


def test_revoking_needs_the_parents_letter(client, cast, proposal):
    consent = proposal.consent
    client.force_login(cast["case_manager"])
    assert client.get(url(cast, f"consents/{consent.pk}/revoke/")).status_code == 302  # not given yet
    services.consent_record_response(consent=consent, status="granted", responded_on=days_ago(9), method="paper",
                                     guardian=Guardian.objects.get(user=cast["parent"]), signed_name="Pat",
                                     actor=cast["case_manager"])
    response = client.post(url(cast, f"consents/{consent.pk}/revoke/"), {"revoked_on": days_ago(1).isoformat()})
    assert "only in writing" in response.context["form"].errors["in_writing"][0]
    assert Consent.objects.get(pk=consent.pk).status == "granted"
    response = client.post(url(cast, f"consents/{consent.pk}/revoke/"),
                           {"revoked_on": days_ago(1).isoformat(), "in_writing": "on"})
    assert response.status_code == 302
    assert Consent.objects.get(pk=consent.pk).status == "revoked"


@pytest.mark.parametrize("path", ["answer/", "attempts/", "no-response/", "revoke/"])
@pytest.mark.parametrize("role", ["sped_teacher", "provider", "auditor", "parent", "advocate"])
def test_only_case_roles_handle_consent(client, cast, proposal, path, role):
    client.force_login(cast[role])
    target = url(cast, f"consents/{proposal.consent.pk}/{path}")
    assert client.post(target, {"status": "granted"}).status_code == 403
    assert Consent.objects.get(pk=proposal.consent.pk).status == "requested"
    assert ConsentAttempt.objects.count() == 0


def test_a_consent_is_found_only_through_its_own_student(client, cast):
    client.force_login(cast["district_admin"])
    other = ConsentFactory(referral=ReferralFactory(student=cast.outsider))
    for path in ("answer/", "revoke/"):
        assert client.get(url(cast, f"consents/{other.pk}/{path}")).status_code == 404
    assert client.post(url(cast, f"consents/{other.pk}/no-response/")).status_code == 404


# --- Pre-referral history ----------------------------------------------------------------------------------------


def add_concern(student, referral, raised_by, days: int = 90):
    from django.apps import apps

    concern = apps.get_model("prereferral", "Concern")
    return concern.objects.create(student=student, referral=referral, raised_on=days_ago(days), raised_by=raised_by,
                                  description="Cannot blend sounds; six weeks of small-group phonics.",
                                  areas_of_concern=["reading"])


@pytest.mark.skipif(not selectors_prereferral_installed(), reason="the pre-referral app is not installed")
def test_the_referral_page_shows_the_pre_referral_history_behind_it(client, cast, referral):
    add_concern(cast.student, referral, cast["gened_teacher"])
    client.force_login(cast["case_manager"])
    page = body(client.get(url(cast, f"referrals/{referral.pk}/")))
    assert "interventions in general education" in page
    assert "Cannot blend sounds" in page and str(cast["gened_teacher"]) in page
