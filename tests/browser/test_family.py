"""A parent sees who looked at the child's records and shares them with an advocate; the advocate sees only that."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openiep.people.models import AdvocateGrant

pytestmark = pytest.mark.browser


def test_parent_sees_record_of_access_and_shares_with_an_advocate(cast, open_page):
    # A staff visit first, through the real pages, so the parent has something to see.
    staff = open_page(name="case-manager")
    staff.sign_in("alice.cm")
    staff.goto(f"/students/{cast.student.pk}/")
    expect(staff.page.get_by_role("heading", level=1)).to_have_text("Maya Alvarez")

    visit = open_page(name="parent")
    page = visit.page
    visit.sign_in("pat.parent")
    expect(page.get_by_role("heading", level=1)).to_have_text("My children")
    expect(page.get_by_role("region")).to_have_count(1)
    expect(page.get_by_role("link", name="Olive", exact=False)).to_have_count(0)
    visit.check("my children")

    page.get_by_role("link", name="Maya Alvarez").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maya Alvarez")
    expect(page.get_by_role("region", name="Parents and guardians")).to_contain_text("Holds educational rights")
    visit.check("child profile")

    page.get_by_role("link", name="Record of access").click()
    records = page.get_by_role("table", name="Record of access, newest first")
    expect(records.get_by_role("row").filter(has_text=cast["case_manager"].get_full_name())).to_have_count(1)
    expect(records).to_contain_text("Student profile: demographics, family and team")
    # The parent's own reading is not a disclosure and is not entered (34 CFR 300.614 is about others).
    expect(records.get_by_role("row").filter(has_text=cast["parent"].get_full_name())).to_have_count(0)
    visit.check("record of access")

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Maya Alvarez").click()
    page.get_by_role("link", name="Share with an advocate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Share Maya's records with an advocate")
    grants = page.get_by_role("table", name="Advocates")
    expect(grants.get_by_role("row").filter(has_text="ada.advocate@example.org")).to_contain_text("Sharing")
    visit.check("sharing, one advocate")

    # The advocate already has access from the cast: sharing again is refused at the field.
    until = timezone.localdate() + timedelta(days=30)
    page.get_by_label("Advocate's email address").fill("ada.advocate@example.org")
    page.get_by_label("Share until (inclusive)").fill(until.isoformat())
    page.get_by_role("button", name="Share", exact=True).click()
    expect(page.locator("#id_advocate_email_error")).to_contain_text("can already see this child's records")
    visit.check("sharing, already shared")

    # Stop sharing, then share again until a date, then stop again.
    advocate = cast["advocate"]
    page.get_by_role("button", name=f"Stop sharing with {advocate}").click()
    expect(page.get_by_role("status").filter(has_text="can no longer see")).to_be_visible()
    expect(grants.get_by_role("row").filter(has_text="ada.advocate@example.org")).to_contain_text("Stopped")
    assert not AdvocateGrant.objects.in_force().filter(advocate=advocate).exists()

    page.get_by_label("Advocate's email address").fill("ada.advocate@example.org")
    page.get_by_label("Share until (inclusive)").fill(until.isoformat())
    page.get_by_role("button", name="Share", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Shared.")).to_be_visible()
    sharing = grants.get_by_role("row").filter(has_text="Sharing")
    expect(sharing).to_have_count(1)
    grant = AdvocateGrant.objects.in_force().get(advocate=advocate)
    # Access lasts through the whole chosen day: it ends at the midnight that starts the next one.
    assert timezone.localtime(grant.expires_at).date() == until + timedelta(days=1)
    visit.check("sharing again")

    page.get_by_role("button", name=f"Stop sharing with {advocate}").click()
    expect(grants.get_by_role("row").filter(has_text="Sharing")).to_have_count(0)
    expect(grants.get_by_role("row").filter(has_text="Stopped")).to_have_count(2)
    assert not AdvocateGrant.objects.in_force().filter(advocate=advocate).exists()
    visit.check("sharing stopped")


def test_advocate_sees_only_the_shared_child(cast, visit):
    page = visit.page
    visit.sign_in("ada.advocate")
    expect(page.get_by_role("heading", level=1)).to_have_text("Shared with me")
    expect(page.get_by_role("region")).to_have_count(1)
    expect(page.get_by_role("link", name="Maya Alvarez")).to_be_visible()
    expect(page.get_by_text("Olive")).to_have_count(0)
    expect(page.get_by_role("link", name="Find a student")).to_have_count(0)
    visit.check("shared with me")

    page.get_by_role("link", name="Maya Alvarez").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maya Alvarez")
    visit.check("shared child")

    response = visit.goto(f"/students/{cast.outsider.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_text("Olive")).to_have_count(0)
    visit.check("outsider is not found")
