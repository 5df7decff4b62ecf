"""Each compliance page runs the same number of queries however many deadlines, students and staff there are."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from openiep.compliance.tests.factories import DeadlineFactory
from openiep.compliance.tests.scenario import Scenario, build_scenario, days
from openiep.people.models import TeamMembership, User
from openiep.people.tests.factories import StudentFactory, TeamMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Page:
    name: str
    role: str
    url: Callable[[Scenario], str]

    def __str__(self) -> str:
        return self.name


PERIOD = f"from={days(-400).isoformat()}&to={days(0).isoformat()}"
PAGES = [
    Page("dashboard-district-admin", "district_admin", lambda s: "/compliance/"),
    Page("dashboard-auditor", "auditor", lambda s: "/compliance/"),
    Page("dashboard-district-admin-one-school", "district_admin", lambda s: f"/compliance/?school={s.cast.lincoln.pk}"),
    Page("dashboard-district-admin-one-person", "district_admin",
         lambda s: f"/compliance/?responsible={s.cast['case_manager'].pk}"),
    Page("dashboard-district-admin-list", "district_admin", lambda s: "/compliance/?status=overdue&rule=initial_evaluation"),
    Page("dashboard-district-admin-met", "district_admin", lambda s: f"/compliance/?status=met&due_from={days(-90)}"),
    Page("dashboard-school-admin", "school_admin", lambda s: "/compliance/"),
    Page("dashboard-case-manager", "case_manager", lambda s: "/compliance/"),
    Page("dashboard-case-manager-list", "case_manager", lambda s: "/compliance/?status=open"),
    Page("csv-district-admin", "district_admin", lambda s: "/compliance/deadlines.csv"),
    Page("csv-school-admin", "school_admin", lambda s: "/compliance/deadlines.csv?status=late"),
    Page("indicator-11-district-admin", "district_admin", lambda s: f"/compliance/indicator-11/?{PERIOD}"),
    Page("indicator-11-on-time", "district_admin", lambda s: f"/compliance/indicator-11/?{PERIOD}&show=on_time"),
    Page("indicator-11-one-school", "district_admin",
         lambda s: f"/compliance/indicator-11/?{PERIOD}&school={s.cast.lincoln.pk}&show=not_completed"),
    Page("indicator-11-school-admin", "school_admin", lambda s: f"/compliance/indicator-11/?{PERIOD}"),
    Page("student-deadlines-case-manager", "case_manager", lambda s: f"/students/{s.cast.student.pk}/deadlines/"),
    Page("student-deadlines-parent", "parent", lambda s: f"/students/{s.cast.student.pk}/deadlines/"),
    Page("calendar-district-admin", "district_admin", lambda s: "/compliance/calendar/"),
]


def measure(client: Client, url: str) -> tuple[int, list[str]]:
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def grow(scenario: Scenario, per_school: int, *, start: int = 0) -> None:
    """More of everything the pages show: students at both schools, each with a new case manager and
    deadlines overdue, due this week and this month, met and met late; more rules for Maya."""
    cast = scenario.cast
    for school in (cast.lincoln, cast.washington):
        for n in range(start, start + per_school):
            manager = UserFactory(role=User.Role.CASE_MANAGER, district=cast.district, school=school)
            student = StudentFactory(district=cast.district, school=school)
            TeamMembershipFactory(student=student, member=manager, role=TeamMembership.TeamRole.CASE_MANAGER)
            for k, (due, done) in enumerate([(-5 - n, None), (3, None), (15 + n, None), (-30, -35), (-20, -12)]):
                DeadlineFactory(student=student, responsible=manager, cycle=f"grow-{k}", due_on=days(due),
                                done_on=days(done) if done is not None else None)
    alice = cast["case_manager"]
    for k, due in enumerate([-9, 1, 4, 12, 25, -100]):
        DeadlineFactory(student=cast.student, responsible=alice, cycle=f"more-{start}-{k}", due_on=days(due),
                        explanation=["line one", "line two", "line three"])


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_a_compliance_page_runs_a_fixed_number_of_queries_as_data_grows(client, cast, page):
    scenario = build_scenario(cast)
    grow(scenario, per_school=1)  # one row in every list, so an empty list's skipped query does not count
    client.force_login(cast[page.role])
    url = page.url(scenario)
    small, _ = measure(client, url)
    grow(scenario, per_school=30, start=1)
    large, queries = measure(client, url)
    assert large == small, f"{page}: {small} queries with little data, {large} with more:\n" + "\n".join(queries)


def test_the_district_dashboard_stays_within_a_dozen_queries(client, cast):
    build_scenario(cast)
    client.force_login(cast["district_admin"])
    count, queries = measure(client, "/compliance/")
    assert count <= 12, "\n".join(queries)
