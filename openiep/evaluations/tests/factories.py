"""Factories for evaluations: a plan, its areas (open or reported), files, a completed evaluation."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from openiep.evaluations.models import Evaluation, EvaluationArea, EvaluationFile
from openiep.people.models import User
from openiep.people.tests.factories import StudentFactory, UserFactory
from openiep.referrals.models import AreaOfConcern, Consent, Referral
from openiep.referrals.tests.factories import ConsentFactory, ReferralFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


class ProposedReferralFactory(ReferralFactory):
    """A referral the district agreed to evaluate, naming reading and cognitive functioning."""

    received_on = factory.LazyFunction(lambda: days_ago(40))
    status = Referral.Status.EVALUATION_PROPOSED
    decided_on = factory.LazyFunction(lambda: days_ago(38))
    areas_of_concern = factory.LazyFunction(lambda: [AreaOfConcern.ACADEMIC_READING.value,
                                                     AreaOfConcern.COGNITIVE.value])


class GrantedConsentFactory(ConsentFactory):
    referral = factory.SubFactory(ProposedReferralFactory)
    status = Consent.Status.GRANTED
    requested_on = factory.LazyFunction(lambda: days_ago(37))
    responded_on = factory.LazyFunction(lambda: days_ago(35))


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    student = factory.SubFactory(StudentFactory)
    referral = factory.SubFactory(ProposedReferralFactory, student=factory.SelfAttribute("..student"))
    consent = factory.SubFactory(GrantedConsentFactory, student=factory.SelfAttribute("..student"),
                                 referral=factory.SelfAttribute("..referral"))
    planned_on = factory.LazyFunction(lambda: days_ago(30))
    created_by = factory.SubFactory(UserFactory, district=factory.SelfAttribute("..student.district"))


class CompletedEvaluationFactory(EvaluationFactory):
    status = Evaluation.Status.COMPLETED
    completed_on = factory.LazyFunction(lambda: days_ago(5))
    summary = "Reading decoding is well below the expected range; cognitive functioning is average."
    baseline = "Reads 42 words correct per minute at grade 4 (target 100)."


class EvaluationAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationArea

    evaluation = factory.SubFactory(EvaluationFactory)
    area = factory.Iterator(AreaOfConcern.values)
    evaluator = factory.SubFactory(UserFactory, role=User.Role.EVALUATOR,
                                   district=factory.SelfAttribute("..evaluation.student.district"))
    due_on = factory.LazyAttribute(lambda o: o.evaluation.planned_on + timedelta(days=30))


class ReportedAreaFactory(EvaluationAreaFactory):
    completed_on = factory.LazyFunction(lambda: days_ago(10))
    instruments = "WIAT-4 reading subtests (given on the day of the report); classroom observation."
    scores = factory.LazyFunction(lambda: [
        {"measure": "WIAT-4 Word Reading", "score": 78, "scale": "Standard score", "percentile": 7,
         "descriptor": "Below average"},
    ])
    summary = "Word reading is well below grade level; comprehension is near average when text is read aloud."


class EvaluationFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationFile

    area = factory.SubFactory(ReportedAreaFactory)
    file = factory.django.FileField(filename="protocol.pdf", data=PDF_BYTES)
    title = "WIAT-4 protocol"
    original_name = "protocol.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    uploaded_by = factory.SelfAttribute("area.evaluator")
