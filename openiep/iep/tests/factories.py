"""Factories for IEPs and their parts: a draft or an IEP in effect in one line, valid as saved."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from openiep.iep.models import IEP, Accommodation, Goal, Objective, Service, Signature
from openiep.people.tests.factories import StudentFactory, UserFactory


class IEPFactory(factory.django.DjangoModelFactory):
    """A draft initial IEP."""

    class Meta:
        model = IEP

    student = factory.SubFactory(StudentFactory)
    kind = IEP.Kind.INITIAL
    status = IEP.Status.DRAFT
    version = factory.Sequence(lambda n: n + 1)
    start_date = factory.LazyFunction(lambda: timezone.localdate())
    end_date = factory.LazyAttribute(lambda o: o.start_date + timedelta(days=364) if o.start_date else None)
    present_levels_academic = "Reads 42 words correct per minute on grade 2 passages (grade 4 median: 94)."
    present_levels_functional = "Follows two-step directions; asks for help when stuck."
    disability_impact = "Decoding difficulties limit access to grade-level texts in every subject."
    created_by = factory.SubFactory(UserFactory, district=factory.SelfAttribute("..student.district"))


class InEffectIEPFactory(IEPFactory):
    """A finalised IEP in effect since 30 days ago."""

    status = IEP.Status.IN_EFFECT
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    finalized_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=31))
    snapshot = factory.LazyFunction(dict)
    content_hash = "0" * 64


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    iep = factory.SubFactory(IEPFactory)
    order = factory.Sequence(lambda n: n + 1)
    area = "reading"
    statement = "Given a grade 3 passage, Maya will read aloud at 80 words correct per minute."
    baseline = "42 words correct per minute (October benchmark)."
    condition = "Given an unpractised grade 3 passage"
    behavior = "will read aloud"
    criterion = "at 80 words correct per minute on 3 of 4 weekly probes"
    measurement_method = "curriculum_based_measurement"
    measurement_schedule = "Weekly probes"
    responsible = "Special education teacher"
    unit = "words correct per minute"
    baseline_value = Decimal("42")
    target_value = Decimal("80")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    goal = factory.SubFactory(GoalFactory)
    description = "By January, 55 words correct per minute."


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    iep = factory.SubFactory(IEPFactory)
    order = factory.Sequence(lambda n: n + 1)
    kind = Service.Kind.SPECIAL_EDUCATION
    name = "Specialised reading instruction"
    provider_role = Service.ProviderRole.SPED_TEACHER
    minutes = 30
    times = 4
    period = Service.Period.WEEK
    location = Service.Location.SPECIAL_CLASS
    delivery = Service.Delivery.GROUP
    start_date = factory.LazyAttribute(lambda o: o.iep.start_date)
    end_date = factory.LazyAttribute(lambda o: o.iep.end_date)


class AccommodationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accommodation

    iep = factory.SubFactory(IEPFactory)
    order = factory.Sequence(lambda n: n + 1)
    category = "timing"
    applies_to = Accommodation.AppliesTo.BOTH
    description = "Extended time (time and a half) on tests and major assignments"


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    iep = factory.SubFactory(InEffectIEPFactory)
    purpose = Signature.Purpose.ATTENDANCE
    method = Signature.Method.ELECTRONIC
    signer_name = "Pat Alvarez"
    signed_at = factory.LazyFunction(timezone.now)
    document_hash = "0" * 64
    recorded_by = factory.SubFactory(UserFactory, district=factory.SelfAttribute("..iep.student.district"))
