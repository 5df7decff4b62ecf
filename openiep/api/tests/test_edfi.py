"""The Ed-Fi-shaped export: Ed-Fi field names and descriptors, OpenIEP's namespace where Ed-Fi lacks a value."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openiep.api import edfi
from openiep.eligibility.tests.factories import EligibilityDeterminationFactory
from openiep.evaluations.tests.factories import CompletedEvaluationFactory
from openiep.iep.models import Service
from openiep.iep.tests.factories import IEPFactory, InEffectIEPFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_hours_per_week_add_special_education_and_related_services():
    services = [Service(kind="special_education", minutes=30, times=5, period="week"),
                Service(kind="related", minutes=60, times=2, period="month"),  # 30 minutes a week
                Service(kind="supplementary_aid", minutes=600, times=1, period="week")]  # not counted
    assert edfi.hours_per_week(services) == Decimal("3.00")
    assert edfi.hours_per_week([Service(kind="related")]) is None


def test_every_openiep_value_maps_to_a_descriptor():
    rows = edfi.mapping_table()
    assert all(row["edfi"] for row in rows)
    dd = next(r for r in rows if r["openiep"] == "developmental_delay")
    assert dd["edfi"] == "uri://openiep.org/DisabilityDescriptor#Developmental Delay"
    slp = next(r for r in rows if r["openiep"] == "speech_language")
    assert slp["edfi"] == ("uri://ed-fi.org/SpecialEducationProgramServiceDescriptor#"
                           "Speech-Language And Audiology Services")


def test_the_export_has_ed_fi_names_and_descriptors(client, cast, make_token):
    cast.student.state_id = "OH123"
    cast.student.save()
    EligibilityDeterminationFactory(evaluation=CompletedEvaluationFactory(student=cast.student),
                                    primary_category="autism")
    iep = InEffectIEPFactory(student=cast.student, environment_code="RC79TO40", school_week_minutes=1800)
    ServiceFactory(iep=iep, provider_role="speech_language", kind="related", minutes=30, times=2, period="week")
    IEPFactory(student=cast.student)  # a draft: not a program association
    rows = client.get("/api/v1/edfi/student-special-education-program-associations/",
                      **make_token("edfi:read")).json()["results"]
    assert len(rows) == 1
    row = rows[0]
    assert row["studentReference"] == {"studentUniqueId": "OH123"}
    assert row["ideaEligibility"] is True
    assert row["specialEducationSettingDescriptor"] == (
        "uri://ed-fi.org/SpecialEducationSettingDescriptor#Inside regular class between 40-79% of the day")
    assert row["disabilities"][0]["disabilityDescriptor"] == "uri://ed-fi.org/DisabilityDescriptor#Autism Spectrum Disorders"
    assert row["specialEducationHoursPerWeek"] == 1.0 and row["schoolHoursPerWeek"] == 30.0
    assert row["specialEducationProgramServices"][0]["specialEducationProgramServiceDescriptor"].endswith(
        "#Speech-Language And Audiology Services")
    assert row["iepBeginDate"] == iep.start_date.isoformat()
