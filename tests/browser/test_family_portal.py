"""A parent on a phone, in Spanish: asks for an evaluation of a second child, signs a consent, shares the records
with an advocate and sees who looked at them. axe finds nothing on any page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openiep.people.models import AdvocateGrant, User
from openiep.people.tests.factories import GuardianshipFactory, StudentFactory, UserFactory
from openiep.portal.models import ElectronicSignature
from openiep.referrals.models import Consent, Referral
from openiep.referrals.tests.factories import (
    ConsentFactory,
    PriorWrittenNoticeFactory,
    ReferralFactory,
    days_ago,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_a_parent_uses_the_portal_in_spanish_on_a_phone(cast, open_page):
    guardian = cast.student.guardianships.get().guardian
    leo = StudentFactory(district=cast.district, school=cast.lincoln, first_name="Leo", last_name="Alvarez",
                         preferred_name="")
    GuardianshipFactory(student=leo, guardian=guardian)
    referral = ReferralFactory(student=cast.student, status=Referral.Status.EVALUATION_PROPOSED,
                               decided_on=days_ago(10))
    PriorWrittenNoticeFactory(referral=referral, issued_on=days_ago(10))
    consent = ConsentFactory(referral=referral, requested_on=days_ago(10),
                             description="Permiso para evaluar la lectura de Maya.")
    UserFactory(username="ben.advocate", role=User.Role.ADVOCATE, district=None, email="ben@example.org",
                first_name="Ben", last_name="Ortiz")

    staff = open_page(name="case-manager")
    staff.sign_in("alice.cm")
    staff.goto(f"/students/{cast.student.pk}/")

    visit = open_page(viewport=PHONE, name="parent")
    page = visit.page
    visit.sign_in("pat.parent")
    expect(page.get_by_role("heading", level=1)).to_have_text("My children")
    visit.check("my children in English")

    page.get_by_role("button", name="Español").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mis hijos")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    maya = page.get_by_role("region", name="Maya Alvarez")
    expect(maya).to_contain_text("Paso 3 de 7: evaluación")
    expect(maya).to_contain_text("Aviso Previo por Escrito: la escuela propone evaluar a su hijo o hija")
    visit.check("mis hijos")

    # A written request for an evaluation of the second child.
    leo_card = page.get_by_role("region", name="Leo Alvarez")
    expect(leo_card).to_contain_text("No está en educación especial")
    leo_card.get_by_text("Lo que usted puede hacer").click()
    leo_card.get_by_role("link", name="Pedir una evaluación de Leo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pedir a la escuela que evalúe a Leo")
    visit.check("pedir una evaluación")
    page.get_by_role("button", name="Enviar mi solicitud").click()
    expect(page.locator("#form-errors")).to_be_visible()  # nothing ticked, nothing written
    visit.check("pedir una evaluación, errores")
    assert not Referral.objects.filter(student=leo).exists()
    page.get_by_label("Lectura").check()
    page.get_by_label("Cuéntele más a la escuela").fill("Leo no puede leer los deberes solo.")
    page.get_by_role("button", name="Enviar mi solicitud").click()
    expect(page.get_by_role("status").filter(has_text="Su solicitud fue enviada")).to_be_visible()
    request = Referral.objects.get(student=leo)
    assert (request.source, request.is_written_parent_request, request.received_on) == (
        "parent", True, timezone.localdate())
    expect(page.get_by_role("region", name="Leo Alvarez")).to_contain_text("Paso 2 de 7")
    visit.check("solicitud enviada")

    # Sign the consent for Maya.
    page.get_by_role("region", name="Maya Alvarez").get_by_role(
        "link", name="Leer y responder la solicitud de consentimiento").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("La escuela le pide su consentimiento para Maya")
    expect(page.get_by_text("Permiso para evaluar la lectura de Maya.")).to_be_visible()
    visit.check("consentimiento")
    page.get_by_label("Estoy de acuerdo", exact=True).check()
    page.get_by_label("Escriba su nombre completo para firmar").fill("Pat Alvarez")
    page.get_by_role("button", name="Firmar y enviar").click()
    expect(page.get_by_role("status").filter(has_text="Gracias")).to_be_visible()
    expect(page.get_by_role("region", name="Lo que usted firmó")).to_contain_text("Pat Alvarez")
    consent.refresh_from_db()
    assert (consent.status, consent.method, consent.signed_name) == (Consent.Status.GRANTED, "electronic",
                                                                     "Pat Alvarez")
    assert ElectronicSignature.objects.get(consent=consent).signed_name == "Pat Alvarez"
    visit.check("consentimiento firmado")

    # Share Maya's records with an advocate.
    page.get_by_role("link", name="Mis hijos").click()
    maya = page.get_by_role("region", name="Maya Alvarez")
    maya.get_by_text("Lo que usted puede hacer").click()
    maya.get_by_role("link", name="Compartir con un defensor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compartir los expedientes de Maya con un defensor")
    visit.check("compartir")
    page.get_by_label("Correo electrónico del defensor").fill("ben@example.org")
    page.get_by_label("Compartir hasta (inclusive)").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Compartir", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Compartido.")).to_be_visible()
    assert AdvocateGrant.objects.in_force().filter(student=cast.student, advocate__username="ben.advocate").exists()
    visit.check("compartido")

    # Who looked at Maya's records.
    page.get_by_role("navigation", name="Ruta de navegación").get_by_role("link", name="Inicio").click()
    maya = page.get_by_role("region", name="Maya Alvarez")
    maya.get_by_text("Lo que usted puede hacer").click()
    maya.get_by_role("link", name="Quién ha visto los expedientes de Maya").click()
    records = page.get_by_role("table", name="Registro de acceso, lo más reciente primero")
    expect(records.get_by_role("row").filter(has_text=cast["case_manager"].get_full_name())).to_have_count(1)
    visit.check("registro de acceso")
