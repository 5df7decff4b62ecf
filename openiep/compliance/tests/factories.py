"""Stored deadlines built directly (the engine's arithmetic is tested elsewhere): for the pages' tests."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from openiep.compliance.models import Deadline


class DeadlineFactory(factory.django.DjangoModelFactory):
    """An open federal initial-evaluation deadline due in 10 days, owed by nobody unless given."""

    class Meta:
        model = Deadline

    student = factory.SubFactory("openiep.people.tests.factories.StudentFactory")
    district = factory.SelfAttribute("student.district")
    school = factory.SelfAttribute("student.school")
    responsible = None
    rule_id = "initial_evaluation"
    cycle = factory.Sequence(lambda n: f"referral-{n + 1}")
    label = "Complete the initial evaluation within 60 days of consent"
    kind = Deadline.Kind.DEADLINE
    jurisdiction = "federal"
    citation = "34 CFR §300.301(c)(1)"
    confidence = "V"
    start_event = "consent_received"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
    start_on = factory.LazyAttribute(lambda d: d.due_on - timedelta(days=60) if d.due_on else None)
    done_event = "evaluation_completed"
    done_on = None
    explanation = factory.LazyFunction(lambda: ["60 calendar days after consent to evaluate."])
