"""At a phone's width (390×844) pages reflow without sideways scrolling and stay accessible."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _assert_no_horizontal_scroll(page) -> None:
    widths = page.evaluate(
        "() => ({scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth,"
        " wide: [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)"
        ".slice(0, 5).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className)})"
    )
    assert widths["scroll"] <= widths["inner"], f"page scrolls sideways at {widths['inner']}px: {widths}"


def test_profile_fits_a_phone(cast, open_page):
    visit = open_page(viewport=PHONE)
    page = visit.page
    visit.sign_in("alice.cm")
    for path, heading in [
        ("/", "My caseload"),
        (f"/students/{cast.student.pk}/", "Maya Alvarez"),
        (f"/students/{cast.student.pk}/access-record/", "Record of access for Maya Alvarez"),
    ]:
        visit.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        _assert_no_horizontal_scroll(page)
        visit.check(f"phone {heading}")
