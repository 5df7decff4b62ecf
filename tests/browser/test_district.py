"""A district administrator: the district's schools with counts, a school, and the live student search."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from openiep.people.tests.factories import StudentFactory

pytestmark = pytest.mark.browser


def test_district_page_school_page_and_live_search(cast, visit):
    for first, last in [("Ben", "Brooks"), ("Chloe", "Chen")]:
        StudentFactory(district=cast.district, school=cast.lincoln, first_name=first, last_name=last)
    page = visit.page
    visit.sign_in("dora.district")

    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside Unified")
    expect(page.locator("main .lede")).to_contain_text("2 schools · 4 active students")
    schools = page.get_by_role("table", name="Schools")
    expect(schools.get_by_role("row", name="Lincoln Elementary")).to_contain_text("3")
    expect(schools.get_by_role("row", name="Washington Middle")).to_contain_text("1")
    visit.check("district")

    schools.get_by_role("link", name="Lincoln Elementary").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lincoln Elementary")
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text("Riverside Unified")
    students = page.locator("#results")
    expect(students.get_by_role("row")).to_have_count(1 + 3)
    expect(students.get_by_text("Olive")).to_have_count(0)
    visit.check("school")

    page.evaluate("() => { window.__noReload = true; }")
    page.get_by_label("Name or student id").press_sequentially("Alv", delay=50)
    # No Enter: htmx searches as the user types.
    expect(students.get_by_role("row")).to_have_count(1 + 1)
    expect(students.get_by_role("link", name="Alvarez, Maya")).to_be_visible()
    expect(page.locator("[id=results]")).to_have_count(1)  # swapped in place, not nested
    expect(students).to_contain_text("1 student")
    expect(page.locator("#live-status")).to_have_text("1 student found")
    # The address follows the search, so Back and a shared link give the same list.
    expect(page).to_have_url(re.compile(rf"/schools/{cast.lincoln.pk}/\?q=Alv(&|$)"))
    assert page.evaluate("() => window.__noReload === true"), "the search reloaded the page"
    visit.check("school search narrowed")
