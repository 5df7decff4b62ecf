"""The parent's "My children" page: where each child is, documents, pending consents, in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openiep.eligibility.tests.factories import EligibilityDeterminationFactory
from openiep.evaluations.tests.factories import CompletedEvaluationFactory
from openiep.people.tests.factories import GuardianshipFactory, StudentFactory
from openiep.referrals.models import Referral
from openiep.referrals.tests.factories import (
    ConsentFactory,
    PriorWrittenNoticeFactory,
    ReferralFactory,
    days_ago,
)
from openiep.safeguards.tests.factories import IEERequestFactory, RecordsRequestFactory

pytestmark = pytest.mark.django_db


def test_each_child_shows_the_step_the_pending_consent_documents_and_requests(client, cast):
    referral = ReferralFactory(student=cast.student, status=Referral.Status.EVALUATION_PROPOSED,
                               decided_on=days_ago(15))
    notice = PriorWrittenNoticeFactory(referral=referral)
    consent = ConsentFactory(referral=referral)
    RecordsRequestFactory(student=cast.student, requested_on=days_ago(5))
    client.force_login(cast["parent"])
    body = client.get("/").content.decode()
    assert "Step 3 of 7: evaluation" in body
    assert f"/students/{cast.student.pk}/family/consents/{consent.pk}/" in body
    assert f"/students/{cast.student.pk}/notices/{notice.pk}/" in body
    assert "Prior Written Notice: the school proposes to evaluate your child" in body
    assert "You asked to see the records" in body
    assert "the school must answer by" in body
    assert "Individualized Education Program" in body  # jargon comes with its explanation
    assert f"/students/{cast.student.pk}/family/request-evaluation/" not in body  # a referral is open


def test_a_child_with_nothing_open_offers_an_evaluation_request(client, cast):
    client.force_login(cast["parent"])
    body = client.get("/").content.decode()
    assert "Not in special education" in body
    assert f"/students/{cast.student.pk}/family/request-evaluation/" in body


def test_a_not_eligible_decision_is_explained_with_the_options(client, cast):
    evaluation = CompletedEvaluationFactory(student=cast.student)
    EligibilityDeterminationFactory(evaluation=evaluation, result="not_eligible")
    client.force_login(cast["parent"])
    body = client.get("/").content.decode()
    assert "does not need special education now" in body
    assert "Eligibility decision" in body


def test_the_page_is_in_the_parents_language(client, cast):
    cast["parent"].preferred_language = "es"
    cast["parent"].save()
    client.force_login(cast["parent"])
    body = client.get("/").content.decode()
    assert "Mis hijos" in body
    assert 'lang="es"' in body
    assert "Programa de Educación Individualizado" in body


def test_a_language_without_a_translation_says_so(client, cast):
    cast["parent"].preferred_language = "vi"
    cast["parent"].save()
    client.force_login(cast["parent"])
    body = client.get("/").content.decode()
    assert "not yet available in your language" in body


def test_the_parent_switches_the_language(client, cast):
    client.force_login(cast["parent"])
    response = client.post("/language/", {"language": "es", "next": "/"})
    assert response.status_code == 302
    cast["parent"].refresh_from_db()
    assert cast["parent"].preferred_language == "es"
    assert "Mis hijos" in client.get("/").content.decode()
    assert client.post("/language/", {"language": "es", "next": "https://evil.example/"})["Location"] == "/"


def measure(client):
    client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def test_the_page_does_not_grow_with_children_or_records(client, cast):
    client.force_login(cast["parent"])
    small, _ = measure(client)
    guardian = cast.student.guardianships.get().guardian
    for i in range(3):
        child = StudentFactory(district=cast.district, school=cast.lincoln, first_name=f"Kid{i}")
        GuardianshipFactory(student=child, guardian=guardian)
        referral = ReferralFactory(student=child, status=Referral.Status.EVALUATION_PROPOSED, decided_on=days_ago(15))
        PriorWrittenNoticeFactory(referral=referral)
        ConsentFactory(referral=referral)
        RecordsRequestFactory(student=child)
        IEERequestFactory(student=child)
        EligibilityDeterminationFactory(evaluation=CompletedEvaluationFactory(student=child))
    large, sql = measure(client)
    assert large == small, "\n".join(sql)


@pytest.mark.parametrize("path", ["consents/{consent}/", "records/", "iee/", "disagree/", "amendment/",
                                  "request-evaluation/", "rights/", "consents/{services}/revoke/"])
def test_each_action_page_runs_a_fixed_number_of_queries(client, cast, path):
    consent = ConsentFactory(referral=ReferralFactory(student=cast.student))
    services = ConsentFactory(referral=ReferralFactory(student=cast.student), kind="initial_services",
                              status="granted", responded_on=days_ago(1), method="paper", signed_name="Pat")
    url = f"/students/{cast.student.pk}/family/" + path.format(consent=consent.pk, services=services.pk)
    client.force_login(cast["parent"])
    small, _ = measure_url(client, url)
    for _i in range(3):
        CompletedEvaluationFactory(student=cast.student)
        PriorWrittenNoticeFactory(referral=consent.referral)
    large, sql = measure_url(client, url)
    assert large == small, "\n".join(sql)


def measure_url(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def test_the_parents_language_lasts_only_for_the_request(client, cast):
    from django.utils import translation

    cast["parent"].preferred_language = "es"
    cast["parent"].save()
    client.force_login(cast["parent"])
    response = client.get("/")
    assert response["Content-Language"] == "es"
    assert translation.get_language() != "es"
