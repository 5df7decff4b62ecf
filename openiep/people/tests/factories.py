"""Factories for people and organisation: the deep graphs tests need, built in one line."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from django.utils import timezone

from openiep.people.models import (
    AdvocateGrant,
    District,
    Guardian,
    Guardianship,
    School,
    Section,
    SectionEnrollment,
    Student,
    TeamMembership,
    User,
)

TEST_PASSWORD = "correct-horse-battery-staple"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    name = factory.Sequence(lambda n: f"Test District {n}")
    state = "OH"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"School {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = User.Role.CASE_MANAGER
    district = factory.SubFactory(DistrictFactory)
    password = factory.django.Password(TEST_PASSWORD)


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student

    district = factory.SubFactory(DistrictFactory)
    school = factory.SubFactory(SchoolFactory, district=factory.SelfAttribute("..district"))
    local_id = factory.Sequence(lambda n: f"S{n:06d}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365 * 10 + 40))
    grade = "04"
    enrolled_on = date(2024, 8, 20)


class GuardianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardian

    district = factory.SubFactory(DistrictFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"guardian{n}@example.org")


class GuardianshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardianship

    student = factory.SubFactory(StudentFactory)
    guardian = factory.SubFactory(GuardianFactory, district=factory.SelfAttribute("..student.district"))
    relationship = Guardianship.Relationship.MOTHER


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    student = factory.SubFactory(StudentFactory)
    member = factory.SubFactory(UserFactory, district=factory.SelfAttribute("..student.district"))
    role = TeamMembership.TeamRole.CASE_MANAGER
    start_date = date(2024, 8, 20)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    school = factory.SubFactory(SchoolFactory)
    title = factory.Sequence(lambda n: f"Class {n}")


class SectionEnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SectionEnrollment

    section = factory.SubFactory(SectionFactory)
    role = SectionEnrollment.Role.STUDENT


class AdvocateGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdvocateGrant

    student = factory.SubFactory(StudentFactory)
    advocate = factory.SubFactory(UserFactory, role=User.Role.ADVOCATE, district=None)
    granted_by = factory.SubFactory(UserFactory, role=User.Role.PARENT, district=None)
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
