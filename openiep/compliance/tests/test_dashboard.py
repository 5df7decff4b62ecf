"""The deadline dashboard: each role sees its own scope, in sections, with counts, filters and pages."""

from __future__ import annotations

import pytest

from openiep.compliance.tests.factories import DeadlineFactory
from openiep.compliance.tests.scenario import build_scenario, days
from openiep.people.tests.factories import StudentFactory

pytestmark = pytest.mark.django_db

URL = "/compliance/"


@pytest.fixture
def scenario(cast):
    return build_scenario(cast)


def body(response) -> str:
    return response.content.decode()


def shown(response) -> set[str]:
    """Last names of the students in the page's deadline rows."""
    context = response.context
    rows = list(context["matching"].rows) if context["matching"] else [
        row for section in context["sections"] for row in section["page"].rows
    ]
    return {row.student.last_name for row in rows}


@pytest.mark.parametrize("role", ["district_admin", "auditor"])
def test_district_roles_see_every_school_of_their_district_and_nothing_of_another(client, scenario, role):
    client.force_login(scenario.cast[role])
    response = client.get(URL)
    assert response.status_code == 200
    assert shown(response) == {"Alvarez", "Lake", "Outsider"}
    assert "Faraway" not in body(response)
    assert [(r.name, r.overdue, r.week, r.month) for r in response.context["by_school"]] == [
        ("Lincoln Elementary", 1, 0, 1), ("Washington Middle", 0, 1, 0),
    ]
    assert response.context["totals"] == {"overdue": 1, "week": 1, "month": 1}


def test_the_school_administrator_sees_only_their_school(client, scenario):
    client.force_login(scenario.cast["school_admin"])
    response = client.get(URL)
    assert shown(response) == {"Alvarez", "Lake"}
    assert "Outsider" not in body(response) and "Faraway" not in body(response)
    assert response.context["by_school"] == []  # one school: no table by school
    assert {(r.name, r.overdue, r.month) for r in response.context["by_staff"]} == {
        (str(scenario.cast["case_manager"].get_full_name()), 1, 0), ("Carl Case", 0, 1),
    }


def test_a_student_who_moved_school_leaves_the_old_school_dashboard_before_any_recompute(client, scenario):
    scenario.lena.school = scenario.cast.washington
    scenario.lena.save()
    client.force_login(scenario.cast["school_admin"])
    assert "Lake" not in body(client.get(URL))


def test_a_case_manager_sees_only_the_deadlines_they_owe(client, scenario):
    client.force_login(scenario.cast["case_manager"])
    response = client.get(URL)
    assert shown(response) == {"Alvarez"}
    page = body(response)
    assert "Lake" not in page and "Outsider" not in page
    assert "Deadlines you are responsible for" in page


def test_a_case_manager_no_longer_on_the_team_stops_seeing_the_student(client, scenario, today):
    membership = scenario.cast.student.team.get(member=scenario.cast["case_manager"])
    membership.end_date = days(-1)
    membership.save()
    client.force_login(scenario.cast["case_manager"])
    # The student's full name: the signed-in user's random surname may be "Alvarez" too.
    assert scenario.cast.student.full_name not in body(client.get(URL))


@pytest.mark.parametrize("role", ["sped_teacher", "gened_teacher", "provider", "evaluator", "parent", "advocate"])
def test_roles_without_compliance_access_are_refused(client, scenario, role):
    client.force_login(scenario.cast[role])
    assert client.get(URL).status_code == 403
    assert client.get("/compliance/deadlines.csv").status_code == 403
    assert client.get("/compliance/indicator-11/").status_code == 403
    assert client.get("/compliance/calendar/").status_code == 403


def test_the_main_navigation_links_to_deadlines_only_for_roles_that_may_see_them(client, scenario):
    client.force_login(scenario.cast["case_manager"])
    assert 'href="/compliance/"' in body(client.get("/"))
    client.force_login(scenario.cast["sped_teacher"])
    assert 'href="/compliance/"' not in body(client.get("/"))


def test_anonymous_visitors_are_sent_to_sign_in(client, scenario):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_each_row_shows_the_student_rule_due_date_status_person_and_citation(client, scenario):
    client.force_login(scenario.cast["district_admin"])
    response = client.get(URL)
    sections = {s["key"]: s["page"].rows for s in response.context["sections"]}
    assert [r.student.last_name for r in sections["overdue"]] == ["Alvarez"]
    assert [r.student.last_name for r in sections["week"]] == ["Outsider"]
    assert [r.student.last_name for r in sections["month"]] == ["Lake"]
    page = body(response)
    assert f'href="/students/{scenario.cast.student.pk}/"' in page
    assert f'href="/students/{scenario.cast.student.pk}/deadlines/#deadline-{scenario.maya_overdue.pk}"' in page
    assert "Overdue by 3 days" in page and "Due in 5 days" in page and "Due in 20 days" in page
    assert "34 CFR §300.301(c)(1)" in page
    assert "Wes West" in page
    assert "No reevaluation before one year" not in page  # a "not before" date is not a deadline to meet


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=met", {"Alvarez"}),
        ("status=late", {"Lake"}),
        ("status=overdue", {"Alvarez"}),
        ("status=open", {"Lake", "Outsider"}),
        ("rule=consent_request_after_referral&status=late", {"Lake"}),
        ("rule=iep_meeting_after_eligibility&status=met", {"Alvarez"}),
        ("rule=consent_request_after_referral", set()),  # without a status: only what is open and due soon
    ],
)
def test_the_status_and_rule_filters_choose_the_rows(client, scenario, query, expected):
    client.force_login(scenario.cast["district_admin"])
    assert shown(client.get(f"{URL}?{query}")) == expected


def test_met_late_rows_say_how_late(client, scenario):
    client.force_login(scenario.cast["district_admin"])
    assert "Met 5 days late" in body(client.get(f"{URL}?status=late"))


def test_the_due_date_range_filter(client, scenario):
    client.force_login(scenario.cast["district_admin"])
    response = client.get(URL, {"due_from": days(0).isoformat(), "due_to": days(10).isoformat()})
    assert shown(response) == {"Outsider"}
    response = client.get(URL, {"due_to": days(-2).isoformat()})
    assert shown(response) == {"Alvarez", "Lake"}  # overdue, met on time, met late


def test_the_school_and_person_filters_narrow_the_counts_and_the_sections(client, scenario):
    client.force_login(scenario.cast["district_admin"])
    response = client.get(URL, {"school": scenario.cast.washington.pk})
    assert shown(response) == {"Outsider"}
    assert response.context["totals"] == {"overdue": 0, "week": 1, "month": 0}
    response = client.get(URL, {"responsible": scenario.carl.pk})
    assert shown(response) == {"Lake"}
    assert [r.name for r in response.context["by_staff"]] == ["Carl Case"]


def test_a_school_of_another_district_is_refused_at_the_field(client, scenario):
    client.force_login(scenario.cast["district_admin"])
    response = client.get(URL, {"school": scenario.zed.school_id})
    assert "Select a valid choice" in body(response)
    assert "Faraway" not in body(response)


def test_the_people_menu_lists_a_school_s_staff_once_a_school_is_chosen(client, scenario):
    client.force_login(scenario.cast["district_admin"])
    menu = body(client.get(URL)).split('name="responsible"')[1].split("</select>")[0]
    assert "Carl" not in menu  # the whole district's staff would be thousands of names
    menu = body(client.get(URL, {"school": scenario.cast.lincoln.pk})).split('name="responsible"')[1].split(
        "</select>")[0]
    assert "Case, Carl" in menu and "West" not in menu


def test_each_section_is_paginated_and_keeps_the_filters(client, scenario):
    for n in range(30):
        DeadlineFactory(student=StudentFactory(district=scenario.cast.district, school=scenario.cast.lincoln),
                        due_on=days(-10 - n))
    client.force_login(scenario.cast["district_admin"])
    response = client.get(URL, {"school": scenario.cast.lincoln.pk})
    overdue = response.context["sections"][0]["page"]
    assert overdue.paginator.count == 31 and len(overdue.rows) == 25
    assert f"school={scenario.cast.lincoln.pk}" in overdue.next_url and "overdue_page=2" in overdue.next_url
    second = client.get(URL + overdue.next_url).context["sections"][0]["page"]
    assert len(second.rows) == 6
    assert "Alvarez" in {r.student.last_name for r in second.rows}  # the most recent overdue comes last


def test_the_tables_of_counts_link_to_the_dashboard_narrowed_to_that_school_or_person(client, scenario):
    client.force_login(scenario.cast["district_admin"])
    response = client.get(URL, {"rule": "initial_evaluation", "overdue_page": "2"})
    washington = next(r for r in response.context["by_school"] if r.name == "Washington Middle")
    assert washington.url == f"?rule=initial_evaluation&school={scenario.cast.washington.pk}"
    carl = next(r for r in response.context["by_staff"] if r.name == "Carl Case")
    assert carl.url == f"?rule=initial_evaluation&responsible={scenario.carl.pk}"
    assert f'href="{washington.url}"'.replace("&", "&amp;") in body(response)
    assert shown(client.get(URL + carl.url)) == {"Lake"}
