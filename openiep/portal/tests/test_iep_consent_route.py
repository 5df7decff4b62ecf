"""The consent to an IEP's services is answered on the IEP, so the answer also puts the IEP in effect."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from openiep.iep import selectors, services
from openiep.iep.models import IEP
from openiep.iep.tests.test_lifecycle import complete
from openiep.meetings.tests.factories import HeldMeetingFactory
from openiep.portal import services as portal_services

pytestmark = pytest.mark.django_db


def awaiting(cast):
    manager = cast["case_manager"]
    iep = services.iep_create(student=cast.student, kind=IEP.Kind.INITIAL, actor=manager,
                              meeting=HeldMeetingFactory(student=cast.student))
    iep = complete(iep, manager)
    return services.iep_finalize(iep=iep, actor=manager, facts=selectors.facts_for(iep))


def test_the_portal_sends_an_iep_consent_to_the_iep_page(cast, client):
    iep = awaiting(cast)
    client.force_login(cast["parent"])
    response = client.get(f"/students/{cast.student.pk}/family/consents/{iep.consent_id}/")
    assert response.status_code == 302
    assert response["Location"] == f"/students/{cast.student.pk}/ieps/{iep.pk}/consent/"


def test_the_portal_service_does_not_answer_an_iep_consent_on_its_own(cast):
    iep = awaiting(cast)
    with pytest.raises(ValidationError, match="on the IEP"):
        portal_services.consent_sign(consent=iep.consent, user=cast["parent"], answer="granted",
                                     signed_name="Pat Alvarez", shown_hash="x")
    iep.refresh_from_db()
    assert iep.consent.status == "requested" and iep.status == IEP.Status.AWAITING_CONSENT
