"""A session that ends while a form is open: the page says so, keeps what was chosen, and saves after signing in."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from openiep.people.models import TeamMembership
from openiep.people.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser


def test_an_expired_session_keeps_the_form_and_saving_works_after_signing_in_in_another_tab(cast, visit):
    visit.sign_in("alice.cm")
    page = visit.page
    visit.goto(f"/students/{cast.student.pk}/")
    team_table = page.get_by_role("table", name="Current team members")
    expect(team_table.get_by_role("row")).to_have_count(5)
    page.evaluate("() => { window.__noReload = true; }")
    page.locator("#id_member").select_option(value=str(cast["school_admin"].pk))
    page.locator("#id_role").select_option(label="LEA representative")

    Session.objects.all().delete()  # what the database shows once the idle timeout has passed
    page.locator("#team form:not(.inline) button[type=submit]").click()

    banner = page.get_by_role("alert").filter(has_text="You were signed out")
    expect(banner).to_contain_text("still on this page")
    link = banner.get_by_role("link", name="Sign in again (opens a new tab)")
    expect(link).to_have_attribute("target", "_blank")
    expect(page.locator("#id_member")).to_have_value(str(cast["school_admin"].pk))
    assert page.evaluate("() => window.__noReload === true"), "the page went away with the user's choices"
    assert not TeamMembership.objects.filter(student=cast.student, member=cast["school_admin"]).exists()
    visit.check("signed out, form kept")

    with page.context.expect_page() as new_tab:
        link.click()
    tab = new_tab.value
    tab.get_by_label("Username").fill("alice.cm")
    tab.get_by_label("Password").fill(TEST_PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_load_state("load")
    tab.close()

    page.locator("#team form:not(.inline) button[type=submit]").click()  # the new CSRF token comes from its cookie
    expect(team_table.get_by_role("row")).to_have_count(6)
    assert TeamMembership.objects.filter(student=cast.student, member=cast["school_admin"]).exists()
    # The browser logs the refused request (401) and htmx its response error; both are what this test expects.
    visit.page_errors[:] = [e for e in visit.page_errors if "401" not in e]
