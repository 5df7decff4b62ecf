"""Factories for safeguards records: each valid as saved, for a given student."""

from __future__ import annotations

import factory

from openiep.evaluations.tests.factories import CompletedEvaluationFactory
from openiep.people.tests.factories import StudentFactory, UserFactory
from openiep.referrals.tests.factories import days_ago
from openiep.safeguards.models import AmendmentRequest, Dispute, IEERequest, RecordsRequest, SafeguardsNotice

_staff = factory.SubFactory(UserFactory, district=factory.SelfAttribute("..student.district"))


class SafeguardsNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafeguardsNotice

    student = factory.SubFactory(StudentFactory)
    given_on = factory.LazyFunction(lambda: days_ago(10))
    trigger = SafeguardsNotice.Trigger.ANNUAL
    given_to_name = "Pat Alvarez"
    method = SafeguardsNotice.Method.MAIL
    created_by = _staff


class RecordsRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecordsRequest

    student = factory.SubFactory(StudentFactory)
    requested_on = factory.LazyFunction(lambda: days_ago(5))
    requested_by_name = "Pat Alvarez"
    records_wanted = "Every record, including the evaluation report."
    created_by = _staff


class AmendmentRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AmendmentRequest

    student = factory.SubFactory(StudentFactory)
    requested_on = factory.LazyFunction(lambda: days_ago(5))
    record_description = "Evaluation report, page 3"
    requested_change = "It says Maya has no friends; she has two close friends."
    created_by = _staff


class IEERequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IEERequest

    student = factory.SubFactory(StudentFactory)
    evaluation = factory.LazyAttribute(lambda o: CompletedEvaluationFactory(student=o.student))
    requested_on = factory.LazyFunction(lambda: days_ago(3))
    response_days = 15
    created_by = _staff


class DisputeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dispute

    student = factory.SubFactory(StudentFactory)
    kind = Dispute.Kind.DUE_PROCESS
    filed_on = factory.LazyFunction(lambda: days_ago(4))
    summary = "The district refused to evaluate for dyslexia."
    created_by = _staff
