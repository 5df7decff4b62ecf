from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from openiep.iep.models import IEP
from openiep.iep.tests.factories import InEffectIEPFactory, ServiceFactory
from openiep.implementation.models import ServiceLog
from openiep.people.tests.factories import UserFactory


def in_effect_service(student, **kwargs):
    """A service of 30 minutes 4 times a week, of the IEP in effect (one made, in effect since 30 days ago, if none)."""
    iep = kwargs.pop("iep", None) or IEP.objects.in_effect().filter(student=student).first() \
        or InEffectIEPFactory(student=student)
    return ServiceFactory(iep=iep, **kwargs)


class ServiceLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceLog

    service = factory.LazyAttribute(lambda o: in_effect_service(o.student))
    student = factory.SubFactory("openiep.people.tests.factories.StudentFactory")
    served_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    minutes = 30
    status = ServiceLog.Status.DELIVERED
    logged_by = factory.SubFactory(UserFactory, district=factory.SelfAttribute("..student.district"))
