"""A provider logs a week of group sessions, a teacher enters progress data, both see the chart and the dashboard."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openiep.implementation.models import ServiceLog
from openiep.implementation.tests.factories import in_effect_service
from openiep.people.models import TeamMembership
from openiep.people.tests.factories import StudentFactory, TeamMembershipFactory
from openiep.progress.models import ProgressPoint
from openiep.progress.tests.factories import in_effect_goal

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_a_week_of_group_sessions_progress_data_the_chart_and_the_dashboard(cast, open_page):
    noah = StudentFactory(district=cast.district, school=cast.lincoln, first_name="Noah", last_name="Brown")
    TeamMembershipFactory(student=noah, member=cast["provider"], role=TeamMembership.TeamRole.PROVIDER)
    TeamMembershipFactory(student=noah, member=cast["sped_teacher"], role=TeamMembership.TeamRole.SPED_TEACHER)
    maya_service = in_effect_service(cast.student, name="Speech therapy", provider_role="speech_language", times=5)
    in_effect_service(noah, name="Speech therapy", provider_role="speech_language", times=5)
    goal = in_effect_goal(cast.student, iep=maya_service.iep, order=1)  # "Goal 1" whatever the factory sequence
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday() + 7)

    visit = open_page()
    visit.sign_in("bob.slp")
    page = visit.page
    visit.goto("/")
    page.get_by_role("link", name="Service delivery").click()
    page.get_by_role("link", name="Log a group session").first.click()
    for offset in range(5):
        day = monday + timedelta(days=offset)
        page.get_by_label("Date:", exact=True).fill(day.isoformat())
        page.get_by_role("button", name="Show the students").click()
        page.get_by_label("Maya Alvarez was in the session (Speech therapy)").check()
        page.get_by_label("Noah Brown was in the session (Speech therapy)").check()
        if offset == 2:
            page.get_by_label("How it went for Noah Brown").select_option("student_absent")
        if offset == 0:
            visit.check("group session")
        page.get_by_role("button", name="Log the session").click()
        expect(page.get_by_role("status").first).to_contain_text("for 2 students")
    assert ServiceLog.objects.count() == 10
    assert ServiceLog.objects.filter(status="student_absent").count() == 1

    # The same form sent again (the browser's back and resubmit) logs nothing twice.
    page.go_back()
    page.go_back()
    assert ServiceLog.objects.count() == 10

    visit.goto("/services/delivery/")
    expect(page.get_by_role("heading", name="Service delivery", level=1)).to_be_visible()
    visit.check("dashboard")
    visit.goto(f"/students/{cast.student.pk}/services/")
    expect(page.get_by_role("table", name="Week by week")).to_be_visible()
    visit.check("student services")

    teacher = open_page(name="teacher")
    teacher.sign_in("sped.teacher")
    tpage = teacher.page
    teacher.goto(f"/students/{cast.student.pk}/progress/goals/{goal.pk}/")
    tpage.get_by_label("Score (words correct per minute)").fill("47")
    tpage.get_by_role("button", name="Add the data point").click()
    expect(tpage.get_by_role("status").first).to_contain_text("is recorded")
    tpage.get_by_text("Add several data points at once").click()
    lines = "\n".join(f"{(today - timedelta(days=d)).isoformat()}\t{v}" for d, v in ((21, 43), (14, 44), (7, 46)))
    tpage.get_by_label("Several scores").fill(lines)
    tpage.get_by_role("button", name="Add these data points").click()
    expect(tpage.get_by_role("status").first).to_contain_text("3 data points added")
    chart = tpage.get_by_role("img", name="Goal 1: Reading")
    expect(chart).to_be_visible()
    expect(chart.locator("circle")).to_have_count(4)
    expect(chart.locator("line.trend")).to_have_count(1)
    teacher.check("goal chart")
    assert ProgressPoint.objects.filter(goal=goal).count() == 4

    phone = open_page(viewport=PHONE, name="phone")
    phone.sign_in("bob.slp")
    phone.goto(f"/services/group-session/?on={monday.isoformat()}&provider_role=speech_language")
    expect(phone.page.get_by_role("button", name="Log the session")).to_be_visible()
    phone.check("group session on a phone")
