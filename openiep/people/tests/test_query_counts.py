"""Each main page runs the same number of queries however much data there is.

A page is requested on the small test cast, then again after adding much more of everything it shows
(students on the same caseload, school, class and family; schools; team members; guardians; entries in
the record of access; change history). A count that grows is an N+1 query: a loop in a view or
template that asks the database once per row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import Cast
from openiep.audit.services import access_record_add
from openiep.people import services
from openiep.people.models import Guardian, Guardianship, SectionEnrollment, TeamMembership, User
from openiep.people.tests.factories import (
    AdvocateGrantFactory,
    GuardianFactory,
    GuardianshipFactory,
    SchoolFactory,
    SectionEnrollmentFactory,
    StudentFactory,
    TeamMembershipFactory,
    UserFactory,
)

T = TeamMembership.TeamRole


@dataclass(frozen=True)
class Page:
    name: str
    role: str
    url: Callable[[Cast], str]

    def __str__(self) -> str:
        return self.name


def _student(path: str = "") -> Callable[[Cast], str]:
    return lambda cast: f"/students/{cast.student.pk}/{path}"


PAGES = [
    Page("home-case-manager", "case_manager", lambda c: "/"),
    Page("home-sped-teacher", "sped_teacher", lambda c: "/"),
    Page("home-gened-teacher", "gened_teacher", lambda c: "/"),
    Page("home-provider", "provider", lambda c: "/"),
    # A school administrator's home redirects to the school's page; that page is what they see.
    Page("school-page-school-admin", "school_admin", lambda c: f"/schools/{c.lincoln.pk}/"),
    Page("home-district-admin", "district_admin", lambda c: "/"),
    Page("home-auditor", "auditor", lambda c: "/"),
    Page("home-parent", "parent", lambda c: "/"),
    Page("home-advocate", "advocate", lambda c: "/"),
    Page("student-list-district-admin", "district_admin", lambda c: "/students/"),
    Page("student-search-case-manager", "case_manager", lambda c: "/students/?q=a"),
    Page("student-list-filtered-district-admin", "district_admin",
         lambda c: f"/students/?school={c.lincoln.pk}&grade=04"),
    Page("profile-case-manager", "case_manager", _student()),
    Page("profile-parent", "parent", _student()),
    Page("profile-advocate", "advocate", _student()),
    Page("access-record-case-manager", "case_manager", _student("access-record/")),
    Page("access-record-parent", "parent", _student("access-record/")),
    Page("history-case-manager", "case_manager", _student("history/")),
]


def measure(client: Client, url: str) -> tuple[int, list[str], int]:
    """(number of queries, their SQL, size of the page) for one GET, after a warm-up request."""
    client.get(url)  # warm-up: anything cached per process (content types, templates) is loaded here
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries], len(response.content)


def grow(cast: Cast) -> None:
    """Add much more of everything the main pages show."""
    users = cast.users
    district, lincoln, student = cast.district, cast.lincoln, cast.student
    section = SectionEnrollment.objects.get(teacher=users["gened_teacher"]).section
    family = Guardian.objects.get(user=users["parent"])

    for _ in range(6):
        SchoolFactory(district=district)
    # 60 more students (more than a page of 50) on the same caseload, school, class and services;
    # ten of them are the same parent's children, shared with the same advocate.
    for i in range(60):
        other = StudentFactory(district=district, school=lincoln, first_name=f"Ann{i}", grade="04")
        TeamMembershipFactory(student=other, member=users["case_manager"], role=T.CASE_MANAGER)
        TeamMembershipFactory(student=other, member=users["sped_teacher"], role=T.SPED_TEACHER)
        TeamMembershipFactory(student=other, member=users["provider"], role=T.PROVIDER)
        SectionEnrollmentFactory(section=section, role=SectionEnrollment.Role.STUDENT, student=other)
        GuardianshipFactory(student=other, guardian=GuardianFactory(district=district))
        if i < 10:
            GuardianshipFactory(student=other, guardian=family, relationship=Guardianship.Relationship.MOTHER)
            AdvocateGrantFactory(student=other, advocate=users["advocate"], granted_by=users["parent"])
    # The profiled student: a bigger team (current and past), more family, more readers, more history.
    cm = users["case_manager"]
    for discipline in (User.Discipline.OCCUPATIONAL_THERAPY, User.Discipline.PHYSICAL_THERAPY,
                       User.Discipline.COUNSELING, User.Discipline.SCHOOL_PSYCHOLOGY, User.Discipline.AUDIOLOGY,
                       User.Discipline.VISION):
        provider = UserFactory(role=User.Role.PROVIDER, district=district, discipline=discipline)
        membership = services.team_member_add(student=student, member=provider, role=T.PROVIDER,
                                              start_date=timezone.localdate() - timedelta(days=300), actor=cm)
        if discipline in (User.Discipline.AUDIOLOGY, User.Discipline.VISION):
            services.team_member_end(membership=membership, end_date=timezone.localdate() - timedelta(days=10),
                                     actor=cm)
    for relationship in ("father", "grandparent", "foster_parent", "relative", "guardian", "other"):
        GuardianshipFactory(student=student, guardian=GuardianFactory(district=district), relationship=relationship,
                            holds_educational_rights=relationship == "father")
    for i in range(12):
        services.student_update(student=student, actor=cm, data={
            "preferred_name": f"May{i}", "english_learner": i % 2 == 0, "home_language": ("en", "es")[i % 2],
            "grade": ("04", "05")[i % 2],
        })
    for reader in ("sped_teacher", "provider", "evaluator", "district_admin", "auditor", "school_admin", "advocate"):
        for _ in range(20):  # 140 entries: more than one page of 100
            access_record_add(user=users[reader], student=student, record="Student profile")


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_query_count_does_not_grow_with_data(cast: Cast, client: Client, page: Page) -> None:
    # One entry in the record of access, so no page is empty on the small cast: an empty page legitimately
    # skips its row query (Django's Paginator does not fetch a page it knows has no rows).
    access_record_add(user=cast["sped_teacher"], student=cast.student, record="Student profile")
    client.force_login(cast[page.role])
    url = page.url(cast)
    small, small_sql, small_size = measure(client, url)
    grow(cast)
    large, large_sql, large_size = measure(client, url)
    assert large_size > small_size, f"{page}: the added data did not reach the page, so the test proves nothing"
    assert large == small, (
        f"{page} ran {small} queries on the small cast and {large} with more data:\n"
        + "\n".join(large_sql)
    )


def test_history_query_count_does_not_grow_with_school_changes(cast: Cast, client: Client) -> None:
    """A student who changes school (as a roster import records it) has foreign-key changes in the history."""
    client.force_login(cast["district_admin"])
    url = f"/students/{cast.student.pk}/history/"
    student = cast.student
    # One change first: the page then loads school names once, in one query, however many changes follow.
    student.school = cast.washington
    student.save()
    small, _, _ = measure(client, url)
    for school in (cast.lincoln, cast.washington) * 5:
        student.school = school
        student.save()
    large, large_sql, _ = measure(client, url)
    assert large == small, f"history ran {small} then {large} queries:\n" + "\n".join(large_sql)
