"""The shared test cast: one district, two schools, and one person in every role.

``cast.student`` (Maya, at Lincoln) has a full team and family; ``cast.outsider`` (Olive, at
Washington) is outside the scope of everyone but the district roles. Tests that walk URLs use the
outsider to prove nothing leaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from openiep.people.models import District, School, SectionEnrollment, Student, TeamMembership, User
from openiep.people.tests.factories import (
    AdvocateGrantFactory,
    DistrictFactory,
    GuardianFactory,
    GuardianshipFactory,
    SchoolFactory,
    SectionEnrollmentFactory,
    SectionFactory,
    StudentFactory,
    TeamMembershipFactory,
    UserFactory,
)


@dataclass
class Cast:
    district: District
    lincoln: School
    washington: School
    student: Student
    outsider: Student
    users: dict[str, User]

    def __getitem__(self, role: str) -> User:
        return self.users[role]


ROLE_NAMES = [
    "district_admin", "school_admin", "case_manager", "sped_teacher", "gened_teacher", "provider",
    "evaluator", "auditor", "parent", "advocate",
]


def build_cast() -> Cast:
    district = DistrictFactory(name="Riverside Unified", state="OH")
    lincoln = SchoolFactory(district=district, name="Lincoln Elementary")
    washington = SchoolFactory(district=district, name="Washington Middle")
    student = StudentFactory(district=district, school=lincoln, first_name="Maya", last_name="Alvarez",
                             local_id="100001")
    outsider = StudentFactory(district=district, school=washington, first_name="Olive", last_name="Outsider",
                              local_id="900009")
    R = User.Role
    users = {
        "district_admin": UserFactory(username="dora.district", role=R.DISTRICT_ADMIN, district=district),
        "auditor": UserFactory(username="abe.auditor", role=R.AUDITOR, district=district),
        "school_admin": UserFactory(username="sam.school", role=R.SCHOOL_ADMIN, district=district, school=lincoln),
        "case_manager": UserFactory(username="alice.cm", role=R.CASE_MANAGER, district=district, school=lincoln),
        "sped_teacher": UserFactory(username="sped.teacher", role=R.SPED_TEACHER, district=district, school=lincoln),
        "gened_teacher": UserFactory(username="charlie.gened", role=R.GENED_TEACHER, district=district, school=lincoln),
        "provider": UserFactory(username="bob.slp", role=R.PROVIDER, district=district,
                                discipline=User.Discipline.SPEECH_LANGUAGE),
        "evaluator": UserFactory(username="eve.eval", role=R.EVALUATOR, district=district),
        "parent": UserFactory(username="pat.parent", role=R.PARENT, district=district),
        "advocate": UserFactory(username="ada.advocate", role=R.ADVOCATE, district=None),
    }
    T = TeamMembership.TeamRole
    TeamMembershipFactory(student=student, member=users["case_manager"], role=T.CASE_MANAGER)
    TeamMembershipFactory(student=student, member=users["sped_teacher"], role=T.SPED_TEACHER)
    TeamMembershipFactory(student=student, member=users["provider"], role=T.PROVIDER)
    TeamMembershipFactory(student=student, member=users["evaluator"], role=T.EVALUATOR)
    section = SectionFactory(school=lincoln, title="Grade 4 homeroom")
    SectionEnrollmentFactory(section=section, role=SectionEnrollment.Role.TEACHER, teacher=users["gened_teacher"])
    SectionEnrollmentFactory(section=section, role=SectionEnrollment.Role.STUDENT, student=student)
    guardian = GuardianFactory(district=district, first_name="Pat", last_name="Alvarez", user=users["parent"],
                               preferred_language="es")
    GuardianshipFactory(student=student, guardian=guardian)
    AdvocateGrantFactory(student=student, advocate=users["advocate"], granted_by=users["parent"])
    return Cast(district, lincoln, washington, student, outsider, users)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing (PBKDF2/argon2) is deliberately slow; tests create dozens of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()


@pytest.fixture
def today() -> date:
    from django.utils import timezone

    return timezone.localdate()
