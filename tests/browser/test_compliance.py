"""Compliance pages in a browser: the deadline dashboard, a student's deadlines, Indicator 11, the calendar."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openiep.compliance.tests.factories import DeadlineFactory
from openiep.compliance.tests.scenario import build_scenario

pytestmark = pytest.mark.browser


def test_deadlines_dashboard_student_deadlines_indicator_and_calendar(cast, visit):
    scenario = build_scenario(cast)
    today = timezone.localdate()
    DeadlineFactory(student=scenario.lena, responsible=scenario.carl, rule_id="initial_evaluation",
                    cycle="referral-9", start_on=today - timedelta(days=90), due_on=today - timedelta(days=30),
                    done_on=today - timedelta(days=25))
    page = visit.page
    visit.sign_in("dora.district")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Deadlines").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Deadlines")
    overdue = page.get_by_role("table", name="Overdue")
    expect(overdue.get_by_role("row")).to_have_count(1 + 1)
    expect(overdue).to_contain_text("Overdue by 3 days")
    visit.check("dashboard")

    page.get_by_label("Status").select_option("late")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Matching deadlines (2)")).to_be_visible()
    visit.check("dashboard met late")

    page.get_by_role("table", name="Matching deadlines").get_by_role("link", name="Lake, Lena").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lena Lake")
    visit.goto(f"/students/{scenario.lena.pk}/deadlines/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Deadlines for Lena Lake")
    page.get_by_text("How this date was counted").first.click()
    expect(page.get_by_text("60 calendar days after consent to evaluate.").first).to_be_visible()
    visit.check("student deadlines")

    visit.goto("/compliance/indicator-11/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Indicator 11")
    visit.check("indicator 11")

    visit.goto("/compliance/calendar/")
    expect(page.get_by_role("heading", name="Upload a new calendar")).to_be_visible()
    visit.check("calendar")
