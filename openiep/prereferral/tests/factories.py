"""Factories for the pre-referral step: a record of each kind in one line, valid as saved."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from openiep.people.models import User
from openiep.people.tests.factories import StudentFactory, UserFactory
from openiep.prereferral.models import Accommodation, Concern, DataPoint, Intervention, Review
from openiep.referrals.models import AreaOfConcern


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


class ConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concern

    student = factory.SubFactory(StudentFactory)
    raised_on = factory.LazyFunction(lambda: days_ago(90))
    description = "Reads slowly and guesses at words; avoids reading aloud."
    areas_of_concern = factory.LazyFunction(lambda: [AreaOfConcern.ACADEMIC_READING.value])
    raised_by = factory.SubFactory(UserFactory, role=User.Role.GENED_TEACHER,
                                   district=factory.SelfAttribute("..student.district"))


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention

    concern = factory.SubFactory(ConcernFactory)
    area = AreaOfConcern.ACADEMIC_READING
    tier = Intervention.Tier.TARGETED
    strategy = "Repeated reading with a partner"
    frequency = 3
    frequency_period = Intervention.Period.WEEK
    minutes_per_session = 30
    start_date = factory.LazyFunction(lambda: days_ago(80))
    end_date = factory.LazyFunction(lambda: days_ago(80) + timedelta(weeks=10))
    delivered_by_name = "Ms. Ortiz (reading tutor)"
    measure = "Oral reading fluency, grade 3 passages"
    unit = "words correct per minute"
    baseline = Decimal("42")
    goal = Decimal("70")
    created_by = factory.SelfAttribute("concern.raised_by")


class DataPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataPoint

    intervention = factory.SubFactory(InterventionFactory)
    measured_on = factory.Sequence(lambda n: days_ago(70 - n))
    value = Decimal("45")
    recorded_by = factory.SelfAttribute("intervention.created_by")


class AccommodationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accommodation

    concern = factory.SubFactory(ConcernFactory)
    description = "Directions read aloud"
    helped = Accommodation.Outcome.PARTLY
    created_by = factory.SelfAttribute("concern.raised_by")


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    concern = factory.SubFactory(ConcernFactory)
    reviewed_on = factory.LazyFunction(lambda: days_ago(30))
    decision = Review.Decision.CONTINUE
    recorded_by = factory.SelfAttribute("concern.raised_by")
