"""The district administrator produces the child count, opens the students behind a cell, and the data to fix."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from openiep.reporting.tests.builders import build_district

pytestmark = pytest.mark.browser


def test_child_count_cell_students_and_validation_report(cast, visit):
    kids = build_district(cast)
    page = visit.page
    visit.sign_in("dora.district")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Child count").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Child count and educational environments")
    page.get_by_role("textbox", name="Count date").fill("2030-10-01")
    page.get_by_role("button", name="Count").click()
    expect(page.get_by_role("alert")).to_contain_text("not inside any of the district's school years")
    visit.check("count date outside the school years")

    page.get_by_role("textbox", name="Count date").fill("2026-10-01")
    page.get_by_role("button", name="Count").click()
    expect(page.get_by_role("heading", name="8 children counted on October 1, 2026")).to_be_visible()
    visit.check("child count")

    table = page.get_by_role("table", name="FS002: educational environment by disability")
    table.get_by_role("link", name="2 children: RC80, SLD").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Specific learning disability")
    rows = page.get_by_role("table", name="Children counted").get_by_role("row")
    expect(rows).to_have_count(1 + 2)
    expect(rows.nth(1)).to_contain_text("Adams, Kid")
    expect(rows.nth(2)).to_contain_text("Moore, Kid")
    visit.check("students in a cell")

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Child count").click()
    page.get_by_role("link", name="check the students with missing or inconsistent data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data to fix before the child count")
    first = page.get_by_role("table", name="Students with data to fix, most urgent first").get_by_role("row").nth(1)
    expect(first).to_contain_text("Hill, Kid")
    expect(first).to_contain_text("Not counted")
    visit.check("validation report")

    hill, hill_iep = kids["hill"]
    first.get_by_role("link", name="IEP", exact=True).click()
    expect(page).to_have_url(f"{visit.base_url}/students/{hill.pk}/ieps/{hill_iep.pk}/")
