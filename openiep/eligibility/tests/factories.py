"""Factories for eligibility: a decision from a completed evaluation, with its notice and votes."""

from __future__ import annotations

import factory

from openiep.eligibility.models import DisabilityCategory, EligibilityDetermination, EligibilityVote
from openiep.evaluations.tests.factories import CompletedEvaluationFactory, days_ago
from openiep.people.tests.factories import UserFactory
from openiep.referrals.models import PriorWrittenNotice
from openiep.referrals.tests.factories import PriorWrittenNoticeFactory


class EligibilityDeterminationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EligibilityDetermination

    evaluation = factory.SubFactory(CompletedEvaluationFactory)
    student = factory.SelfAttribute("evaluation.student")
    determined_on = factory.LazyFunction(lambda: days_ago(2))
    result = EligibilityDetermination.Result.ELIGIBLE
    primary_category = DisabilityCategory.SPECIFIC_LEARNING_DISABILITY
    adverse_effect = True
    needs_special_education = True
    rationale = "WIAT-4 word reading at the 7th percentile; parent and teacher report slow progress."
    report_given_to_parent_on = factory.LazyFunction(lambda: days_ago(2))
    notice = factory.SubFactory(
        PriorWrittenNoticeFactory, referral=factory.SelfAttribute("..evaluation.referral"),
        student=factory.SelfAttribute("..evaluation.student"), subject=PriorWrittenNotice.Subject.IDENTIFICATION,
        issued_on=factory.LazyFunction(lambda: days_ago(2)),
    )
    recorded_by = factory.SubFactory(UserFactory, district=factory.SelfAttribute("..student.district"))


class EligibilityVoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EligibilityVote

    determination = factory.SubFactory(EligibilityDeterminationFactory)
    member_name = factory.Faker("name")
    role = "Parent"
    agrees = True
    signed = True
