from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from openiep.iep.models import IEP
from openiep.iep.tests.factories import GoalFactory, InEffectIEPFactory
from openiep.people.tests.factories import UserFactory
from openiep.progress.models import ProgressPoint


def in_effect_goal(student, **kwargs):
    """A reading goal (42 → 80 words correct per minute) of an IEP in effect since 30 days ago."""
    iep = kwargs.pop("iep", None) or IEP.objects.in_effect().filter(student=student).first() \
        or InEffectIEPFactory(student=student)
    return GoalFactory(iep=iep, **kwargs)


class ProgressPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressPoint

    goal = factory.LazyAttribute(lambda o: in_effect_goal(o.student))
    student = factory.SubFactory("openiep.people.tests.factories.StudentFactory")
    measured_on = factory.Sequence(lambda n: timezone.localdate() - timedelta(days=1 + n % 25))
    value = Decimal("45")
    recorded_by = factory.SubFactory(UserFactory, district=factory.SelfAttribute("..student.district"))
