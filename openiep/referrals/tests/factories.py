"""Factories for referrals, consents and notices: a record of each kind in one line, valid as saved."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from openiep.people.tests.factories import StudentFactory, UserFactory
from openiep.referrals.models import AreaOfConcern, Consent, ConsentAttempt, PriorWrittenNotice, Referral


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    student = factory.SubFactory(StudentFactory)
    received_on = factory.LazyFunction(lambda: days_ago(20))
    source = Referral.Source.TEACHER
    reason = "Reads two years below grade level after two rounds of small-group intervention."
    areas_of_concern = factory.LazyFunction(lambda: [AreaOfConcern.ACADEMIC_READING.value])
    created_by = factory.SubFactory(UserFactory, district=factory.SelfAttribute("..student.district"))


class PriorWrittenNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorWrittenNotice

    referral = factory.SubFactory(ReferralFactory)
    student = factory.SelfAttribute("referral.student")
    action = PriorWrittenNotice.Action.PROPOSES
    subject = PriorWrittenNotice.Subject.EVALUATION
    action_description = "The district proposes an initial evaluation."
    reasons = "The teacher's referral and the intervention data."
    evaluation_basis = "The referral and the reading intervention records."
    safeguards_statement = "You have protection under the procedural safeguards; a copy is enclosed."
    assistance_sources = "The case manager; the state's Parent Training and Information Center."
    options_considered = "Continuing interventions only; rejected because progress is too slow."
    other_factors = "None."
    issued_on = factory.LazyFunction(lambda: days_ago(15))
    issued_by = factory.SubFactory(UserFactory, district=factory.SelfAttribute("..student.district"))


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    referral = factory.SubFactory(ReferralFactory)
    student = factory.SelfAttribute("referral.student")
    kind = Consent.Kind.INITIAL_EVALUATION
    status = Consent.Status.REQUESTED
    requested_on = factory.LazyFunction(lambda: days_ago(15))
    description = "Consent for an initial evaluation in reading."
    created_by = factory.SubFactory(UserFactory, district=factory.SelfAttribute("..student.district"))


class ConsentAttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentAttempt

    consent = factory.SubFactory(ConsentFactory)
    attempted_on = factory.LazyFunction(lambda: days_ago(10))
    method = ConsentAttempt.Method.PHONE
    outcome = "No answer; message left."
    by = factory.SubFactory(UserFactory, district=factory.SelfAttribute("..consent.student.district"))
