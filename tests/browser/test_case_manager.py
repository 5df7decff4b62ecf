"""A case manager's day: caseload, profile, record of access, history, and the htmx team form."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openiep.people.models import TeamMembership

pytestmark = pytest.mark.browser


def test_caseload_profile_access_record_and_history(cast, visit):
    cm = cast["case_manager"]
    visit.sign_in("alice.cm")
    page = visit.page

    expect(page).to_have_url(visit.base_url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    expect(page.get_by_role("link", name="Alvarez, Maya")).to_be_visible()
    expect(page.get_by_role("link", name="Olive", exact=False)).to_have_count(0)
    visit.check("caseload")

    page.get_by_role("link", name="Alvarez, Maya").click()
    expect(page).to_have_url(visit.base_url + f"/students/{cast.student.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Maya Alvarez")
    about = page.get_by_role("region", name="About Maya")
    expect(about).to_contain_text("Lincoln Elementary")
    expect(about).to_contain_text("Date of birth")
    family = page.get_by_role("region", name="Parents and guardians")
    expect(family.get_by_role("heading", name="Pat Alvarez")).to_be_visible()
    expect(family.locator(".badge.ok")).to_have_text("Holds educational rights")
    team = page.get_by_role("table", name="Current team members")
    expect(team.get_by_role("row")).to_have_count(1 + 4)  # header + four members
    expect(team.get_by_role("row", name=str(cm))).to_contain_text("Case manager")
    visit.check("profile")

    page.get_by_role("link", name="Record of access").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record of access for Maya Alvarez")
    records = page.get_by_role("table", name="Record of access, newest first")
    # The profile visit a moment ago is the newest entry (this page's own visit is entered once it has
    # been shown, so it appears from the next visit on).
    expect(records.get_by_role("row").filter(has_text="Student profile: demographics, family and team")
           .filter(has_text=cm.get_full_name())).to_have_count(1)
    expect(records.get_by_role("row").nth(1)).to_contain_text("Student profile")
    expect(records.get_by_role("row").nth(1)).to_contain_text("Case manager")
    visit.check("access record")

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Maya Alvarez").click()
    page.get_by_role("link", name="Change history").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change history for Maya Alvarez")
    expect(page.locator("main")).to_contain_text("Maya Alvarez")
    visit.check("change history")


def _tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until ``selector`` has focus, as a keyboard user would; fail if it never does."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement === document.querySelector(s)", selector):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{selector} never received focus after {limit} Tab presses")


def _focused(page) -> str:
    return page.evaluate("() => document.activeElement.id || document.activeElement.textContent.trim()")


def test_team_form_adds_member_with_htmx_and_shows_errors_at_the_field(cast, visit):
    gened = cast["gened_teacher"]
    visit.sign_in("alice.cm")
    page = visit.page
    visit.goto(f"/students/{cast.student.pk}/")
    team_table = page.get_by_role("table", name="Current team members")
    expect(team_table.get_by_role("row")).to_have_count(5)
    page.evaluate("() => { window.__noReload = true; }")

    # Keyboard only: Tab from the top of the page to the form, in order, and Enter to submit.
    page.locator("body").focus()
    # The staff list is short (the school's staff); a name search (htmx) finds anyone in the district.
    _tab_to(page, "#id_find")
    page.keyboard.type(gened.last_name[:4])
    expect(page.locator(f"#id_member option[value='{gened.pk}']")).to_have_count(1)
    expect(page.locator("#live-status")).to_contain_text("found")
    page.keyboard.press("Tab")
    expect(page.locator("#id_member")).to_be_focused()
    page.locator("#id_member").select_option(value=str(gened.pk))  # the choice itself, on the focused list
    expect(page.locator("#id_member")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#id_role")).to_be_focused()
    page.locator("#id_role").select_option(label="General education teacher")
    page.keyboard.press("Tab")
    expect(page.locator("#id_start_date")).to_be_focused()
    assert page.locator("#id_start_date").input_value() == timezone.localdate().isoformat()
    page.keyboard.press("Enter")

    expect(team_table.get_by_role("row")).to_have_count(6)
    expect(team_table.get_by_role("row", name=str(gened))).to_contain_text("General education teacher")
    assert page.evaluate("() => window.__noReload === true"), "the page reloaded instead of swapping the team"
    assert TeamMembership.objects.filter(student=cast.student, member=gened, end_date__isnull=True).exists()
    visit.check("team member added")

    # An impossible start date: the error sits at the field and in the summary, and nothing is saved.
    too_late = timezone.localdate() + timedelta(days=400)
    _tab_to(page, "#id_member")
    page.locator("#id_member").select_option(value=str(cast["school_admin"].pk))
    page.keyboard.press("Tab")
    page.locator("#id_role").select_option(label="LEA representative")
    page.keyboard.press("Tab")
    page.keyboard.type(too_late.strftime("%m%d%Y"))  # the en-US date field's segments: mm/dd/yyyy
    expect(page.locator("#id_start_date")).to_have_value(too_late.isoformat())
    _tab_to(page, "#team form:not(.inline) button[type=submit]")
    assert _focused(page) == "Add to team"
    page.keyboard.press("Enter")

    error = page.locator("#id_start_date_error")
    expect(error).to_have_text("The start date is more than a year away.")
    date_input = page.locator("#id_start_date")
    expect(date_input).to_have_attribute("aria-invalid", "true")
    expect(date_input).to_have_attribute("aria-describedby", "id_start_date_error")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Please correct 1 field")
    expect(summary).to_be_focused()  # a keyboard user is not dropped at the top of the page
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the summary's link to the field
    expect(date_input).to_be_focused()
    expect(team_table.get_by_role("row")).to_have_count(6)
    assert page.evaluate("() => window.__noReload === true")
    assert not TeamMembership.objects.filter(student=cast.student, member=cast["school_admin"]).exists()
    visit.check("team form error")
