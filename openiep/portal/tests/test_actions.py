"""What a parent does in the portal: each action creates exactly that, for their own child only."""

from __future__ import annotations

import pytest
from django.apps import apps

from openiep.evaluations.tests.factories import CompletedEvaluationFactory
from openiep.people.models import Guardianship
from openiep.portal import services
from openiep.portal.models import ElectronicSignature
from openiep.referrals.models import Consent, Referral
from openiep.referrals.tests.factories import (
    ConsentFactory,
    PriorWrittenNoticeFactory,
    ReferralFactory,
    days_ago,
)
from openiep.safeguards.models import (
    AmendmentRequest,
    Dispute,
    IEERequest,
    NoticeRequest,
    RecordsRequest,
    SafeguardsNotice,
)

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in apps.get_models() if m.__module__.startswith("openiep.")}


def changed(before: dict[str, int]) -> dict[str, int]:
    after = counts()
    return {name: after[name] - before[name] for name in after if after[name] != before[name]}


def family(student, path=""):
    return f"/students/{student.pk}/family/{path}"


@pytest.fixture
def parent(client, cast):
    client.force_login(cast["parent"])
    return cast["parent"]


def test_a_written_request_for_an_evaluation_becomes_a_parent_referral_received_today(client, cast, parent):
    before = counts()
    response = client.post(family(cast.student, "request-evaluation/"),
                           {"areas_of_concern": ["reading", "attention"], "reason": "She cannot read her homework."})
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.source, referral.is_written_parent_request, referral.received_on) == ("parent", True, days_ago(0))
    assert referral.created_by == parent
    assert referral.areas_of_concern == ["reading", "attention"]
    # The referral, its safeguards notice, their history, and the state's clock: nothing else.
    assert set(changed(before)) <= {"referrals.Referral", "referrals.HistoricalReferral", "safeguards.SafeguardsNotice",
                                    "safeguards.HistoricalSafeguardsNotice", "compliance.Deadline"}
    assert SafeguardsNotice.objects.get().trigger == "initial_referral"


def test_a_request_without_a_reason_is_refused_at_the_field(client, cast, parent):
    response = client.post(family(cast.student, "request-evaluation/"), {"areas_of_concern": ["reading"], "reason": ""})
    assert response.status_code == 422
    assert response.context["form"].errors["reason"]
    assert not Referral.objects.exists()


def test_a_second_request_while_one_waits_says_so(client, cast, parent):
    ReferralFactory(student=cast.student)
    response = client.post(family(cast.student, "request-evaluation/"),
                           {"areas_of_concern": ["reading"], "reason": "Again"})
    assert response.status_code == 422
    assert "already has a referral" in response.content.decode()
    assert Referral.objects.count() == 1


def test_a_parent_without_educational_rights_cannot_request(client, cast, parent):
    Guardianship.objects.filter(student=cast.student).update(holds_educational_rights=False)
    response = client.post(family(cast.student, "request-evaluation/"),
                           {"areas_of_concern": ["reading"], "reason": "x"})
    assert response.status_code == 422
    assert not Referral.objects.exists()


@pytest.fixture
def pending(cast):
    referral = ReferralFactory(student=cast.student, status=Referral.Status.EVALUATION_PROPOSED,
                               decided_on=days_ago(15))
    PriorWrittenNoticeFactory(referral=referral)
    return ConsentFactory(referral=referral)


def test_the_parent_signs_a_consent_with_name_time_method_and_the_documents_hash(client, cast, parent, pending):
    page = client.get(family(cast.student, f"consents/{pending.pk}/"))
    assert page.status_code == 200
    shown = page.context["form"]["document_hash"].value()
    before = counts()
    response = client.post(family(cast.student, f"consents/{pending.pk}/"),
                           {"answer": "granted", "signed_name": "Pat Alvarez", "document_hash": shown},
                           HTTP_USER_AGENT="Phone browser")
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.method, pending.signed_name, pending.responded_on) == (
        "granted", "electronic", "Pat Alvarez", days_ago(0))
    signature = ElectronicSignature.objects.get()
    assert signature.document_sha256 == shown == services.consent_hash(pending)
    assert signature.user_agent == "Phone browser"
    assert signature.guardian.user == parent
    assert set(changed(before)) <= {"referrals.HistoricalConsent", "portal.ElectronicSignature", "compliance.Deadline"}


def test_a_document_changed_since_it_was_shown_is_not_signed(client, cast, parent, pending):
    shown = client.get(family(cast.student, f"consents/{pending.pk}/")).context["form"]["document_hash"].value()
    Consent.objects.filter(pk=pending.pk).update(description="Consent for an evaluation in reading and math.")
    response = client.post(family(cast.student, f"consents/{pending.pk}/"),
                           {"answer": "granted", "signed_name": "Pat Alvarez", "document_hash": shown})
    assert response.status_code == 422
    assert "changed this document after you opened it" in response.content.decode()
    assert "reading and math" in response.content.decode()  # the new version is shown
    pending.refresh_from_db()
    assert pending.status == "requested"
    assert not ElectronicSignature.objects.exists()
    again = response.context["form"]["document_hash"].value()
    assert again == services.consent_hash(pending) != shown


def test_refusing_needs_a_typed_name_too(client, cast, parent, pending):
    shown = services.consent_hash(pending)
    response = client.post(family(cast.student, f"consents/{pending.pk}/"),
                           {"answer": "refused", "signed_name": "", "document_hash": shown})
    assert response.status_code == 422
    assert response.context["form"].errors["signed_name"]
    client.post(family(cast.student, f"consents/{pending.pk}/"),
                {"answer": "refused", "signed_name": "Pat Alvarez", "document_hash": shown})
    pending.refresh_from_db()
    assert pending.status == "refused"


def test_consent_to_services_is_revoked_in_writing(client, cast, parent):
    consent = ConsentFactory(referral=ReferralFactory(student=cast.student), kind=Consent.Kind.INITIAL_SERVICES,
                             status=Consent.Status.GRANTED, responded_on=days_ago(10), method="paper",
                             signed_name="Pat Alvarez")
    response = client.post(family(cast.student, f"consents/{consent.pk}/revoke/"),
                           {"signed_name": "Pat Alvarez", "statement": "We will homeschool.", "confirm": "on"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert (consent.status, consent.revoked_on) == ("revoked", days_ago(0))
    assert ElectronicSignature.objects.get().statement == "We will homeschool."


def test_only_consent_to_services_is_revoked_here(client, cast, parent):
    consent = ConsentFactory(referral=ReferralFactory(student=cast.student), status=Consent.Status.GRANTED,
                             responded_on=days_ago(10), method="paper", signed_name="Pat")
    response = client.post(family(cast.student, f"consents/{consent.pk}/revoke/"),
                           {"signed_name": "Pat Alvarez", "confirm": "on"})
    assert response.status_code == 422
    consent.refresh_from_db()
    assert consent.status == "granted"


def test_records_amendment_iee_and_disagreement_are_each_recorded_as_asked(client, cast, parent):
    evaluation = CompletedEvaluationFactory(student=cast.student)
    assert client.post(family(cast.student, "records/"), {"records_wanted": "Everything"}).status_code == 302
    assert client.post(family(cast.student, "amendment/"), {"record_description": "Report p.3",
                                                            "requested_change": "Wrong age"}).status_code == 302
    assert client.post(family(cast.student, "iee/"), {"evaluation": evaluation.pk}).status_code == 302
    assert client.post(family(cast.student, "disagree/"), {"kind": "mediation",
                                                           "summary": "Not enough speech."}).status_code == 302
    assert client.post(family(cast.student, "rights/")).status_code == 302
    guardian = cast.student.guardianships.get().guardian
    assert RecordsRequest.objects.get().guardian == guardian
    assert AmendmentRequest.objects.get().requested_change == "Wrong age"
    assert IEERequest.objects.get().evaluation == evaluation
    dispute = Dispute.objects.get()
    assert (dispute.kind, dispute.filed_by, dispute.filed_on) == ("mediation", "parent", days_ago(0))
    assert NoticeRequest.objects.get().guardian == guardian
    assert not SafeguardsNotice.objects.exists()  # asked for, not yet given


def test_the_parent_adds_a_statement_of_disagreement_after_a_refusal(client, cast, parent):
    amendment = AmendmentRequest.objects.create(
        student=cast.student, requested_on=days_ago(5), record_description="Report", requested_change="x",
        decision="refused", decided_on=days_ago(1), decision_reason="Accurate", created_by=cast["case_manager"])
    response = client.post(family(cast.student, f"amendment/{amendment.pk}/statement/"),
                           {"disagreement_statement": "The report is wrong about her friends."})
    assert response.status_code == 302
    amendment.refresh_from_db()
    assert amendment.disagreement_statement == "The report is wrong about her friends."


def test_bad_input_is_shown_at_the_field_and_nothing_is_recorded(client, cast, parent):
    before = counts()
    assert client.post(family(cast.student, "records/"), {"records_wanted": ""}).status_code == 422
    assert client.post(family(cast.student, "iee/"), {"evaluation": ""}).status_code == 422
    assert client.post(family(cast.student, "disagree/"), {"kind": "expedited", "summary": "x"}).status_code == 422
    assert changed(before) == {}


@pytest.mark.parametrize("path", ["request-evaluation/", "records/", "amendment/", "iee/", "disagree/", "rights/"])
def test_a_child_who_is_not_theirs_is_not_found_and_nothing_is_recorded(client, cast, parent, path):
    before = counts()
    assert client.get(family(cast.outsider, path)).status_code == 404
    assert client.post(family(cast.outsider, path), {"records_wanted": "All", "reason": "x",
                                                     "areas_of_concern": ["reading"]}).status_code == 404
    assert changed(before) == {}


def test_a_consent_of_another_child_is_not_found(client, cast, parent):
    other = ConsentFactory(referral=ReferralFactory(student=cast.outsider))
    assert client.get(family(cast.student, f"consents/{other.pk}/")).status_code == 404
    assert client.get(family(cast.outsider, f"consents/{other.pk}/")).status_code == 404


@pytest.mark.parametrize("role", ["case_manager", "district_admin", "advocate", "auditor"])
def test_staff_and_advocates_cannot_act_as_the_parent(client, cast, role):
    client.force_login(cast[role])
    assert client.get(family(cast.student, "records/")).status_code == 403
    assert client.post(family(cast.student, "records/"), {"records_wanted": "All"}).status_code == 403
    assert not RecordsRequest.objects.exists()
