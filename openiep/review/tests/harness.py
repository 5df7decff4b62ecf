"""How the permission harness builds a removal or a transfer for a given student."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from openiep.people.models import User
from openiep.people.tests.factories import UserFactory
from openiep.review.models import Removal, TransferIn


def _actor(student):
    return UserFactory(district=student.district, role=User.Role.SCHOOL_ADMIN, school=student.school)


def _removal(student) -> int:
    return Removal.objects.create(student=student, starts_on=timezone.localdate() - timedelta(days=20),
                                  school_days=Decimal(11), kind=Removal.Kind.OUT_OF_SCHOOL, behavior="Fight",
                                  recorded_by=_actor(student)).pk


def _transfer(student) -> int:
    return TransferIn.objects.create(student=student, received_on=timezone.localdate() - timedelta(days=3),
                                     from_district="Elsewhere", from_state="OH", same_state=True,
                                     comparable_services="Reading 4x30 a week", recorded_by=_actor(student)).pk


URL_PARAMETERS = {"removal_id": _removal, "transfer_id": _transfer}
