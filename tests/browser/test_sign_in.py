"""The sign-in page: one generic message for any failure, an accessible form, and a working skip link."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

GENERIC = "The username and password do not match an active account. Check both and try again."


def test_wrong_password_shows_the_generic_message_then_skip_link_works(cast, visit):
    page = visit.page
    visit.goto("/")
    expect(page).to_have_url(f"{visit.base_url}/sign-in/?next=/")

    # Django's sign-in form autofocuses the username, so typing can start at once.
    expect(page.get_by_label("Username")).to_be_focused()

    for username in ("alice.cm", "nobody.here"):
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_label("Password").press("Enter")
        expect(page.get_by_role("alert")).to_have_text(GENERIC)
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to OpenIEP")
        assert "/sign-in/" in page.url
        visit.check(f"sign-in failed for {username}")

    # The right password still works from the same form and honours ?next=.
    page.get_by_label("Username").fill("alice.cm")
    page.get_by_label("Password").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")

    # On a fresh page the skip link is the first Tab stop, shows itself, and moves focus to main.
    page.reload()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    visit.screenshot("skip link focused")
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Name or student id")).to_be_focused()
