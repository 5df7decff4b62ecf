"""Factories for IEP meetings, their invitees and the parents' input."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from openiep.meetings.models import Meeting, ParentInput, Participant
from openiep.people.tests.factories import StudentFactory, UserFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    """A scheduled initial IEP meeting two weeks from now, notice sent today."""

    class Meta:
        model = Meeting

    student = factory.SubFactory(StudentFactory)
    kind = Meeting.Kind.INITIAL
    purpose = "Develop the initial IEP."
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(second=0, microsecond=0) + timedelta(days=14))
    location = "Lincoln Elementary, room 12"
    notice_sent_on = factory.LazyFunction(timezone.localdate)
    created_by = factory.SubFactory(UserFactory, district=factory.SelfAttribute("..student.district"))


class HeldMeetingFactory(MeetingFactory):
    status = Meeting.Status.HELD
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(second=0, microsecond=0) - timedelta(days=2))
    held_on = factory.LazyAttribute(lambda o: timezone.localtime(o.starts_at).date())
    notice_sent_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=16))


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Faker("name")
    role = Participant.Role.SPECIAL_ED_TEACHER


class ParentInputFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParentInput

    meeting = factory.SubFactory(MeetingFactory)
    author = factory.SubFactory(UserFactory, role="parent", district=factory.SelfAttribute("..meeting.student.district"))
    author_name = "Pat Alvarez"
    concerns = "Reading homework takes two hours a night."
