"""Step 2 in a real browser: a referral, the proposal with its notice, the htmx attempts log, the printed notice.

Each page is checked with axe-core and kept as a screenshot, with the fixtures of tests/browser/conftest.py.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openiep.referrals.models import Consent, ConsentAttempt, PriorWrittenNotice, Referral
from openiep.referrals.tests.factories import days_ago

pytestmark = pytest.mark.browser


def test_a_case_manager_refers_proposes_and_logs_attempts(cast, visit):
    visit.sign_in("alice.cm")
    page = visit.page
    visit.goto(f"/students/{cast.student.pk}/")
    page.get_by_role("link", name="Referrals and notices").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referrals and notices for Maya Alvarez")
    visit.check("referrals empty")

    page.get_by_role("link", name="New referral").click()
    page.get_by_label("Who is referring").select_option(label="Teacher")
    page.get_by_label("Date the school received the referral").fill(days_ago(5).isoformat())
    page.get_by_label("Why is the student referred?").fill("Reads two years below grade level.")
    areas = page.get_by_role("group", name="Areas of concern")
    areas.get_by_label("Reading").check()
    areas.get_by_label("Mathematics").check()
    visit.check("new referral form")
    page.get_by_role("button", name="Enter the referral").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Referral for evaluation")
    expect(page.locator("main")).to_contain_text("Awaiting the district")
    visit.check("referral awaiting decision")

    page.get_by_role("link", name="Propose an evaluation").click()
    expect(page.get_by_label("1. What the district proposes")).to_contain_text("initial evaluation of Maya")
    visit.check("propose form")
    page.get_by_role("button", name="Propose the evaluation and issue the notice").click()
    expect(page.get_by_role("status").first).to_contain_text("Evaluation proposed")
    referral = Referral.objects.get(student=cast.student)
    consent = Consent.objects.get(referral=referral)
    assert referral.status == "evaluation_proposed"
    visit.check("referral with consent")

    # The attempts log grows in place (htmx), and an impossible date is refused at the field.
    page.evaluate("() => { window.__noReload = true; }")
    card = page.locator(f"#consent-{consent.pk}")
    card.get_by_label("Date").fill(timezone.localdate().isoformat())
    card.get_by_label("How").select_option(label="Letter")
    card.get_by_label("What happened").fill("Consent form sent home in Spanish.")
    card.get_by_role("button", name="Add the attempt").click()
    log = page.get_by_role("table", name="Attempts to reach the parent about this consent")
    expect(log.get_by_role("row")).to_have_count(2)
    expect(log).to_contain_text("Consent form sent home in Spanish.")
    card = page.locator(f"#consent-{consent.pk}")
    card.get_by_label("Date").fill((timezone.localdate() + timedelta(days=2)).isoformat())
    card.get_by_label("What happened").fill("Typo.")
    card.get_by_role("button", name="Add the attempt").click()
    expect(page.locator(f"#id_attempt-{consent.pk}-attempted_on_error")).to_contain_text("in the future")
    assert page.evaluate("() => window.__noReload === true"), "the page reloaded instead of swapping the card"
    assert ConsentAttempt.objects.filter(consent=consent).count() == 1
    visit.check("attempt refused at the field")

    page.get_by_role("link", name="Prior Written Notice of").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prior Written Notice")
    expect(page.get_by_role("heading", level=2)).to_have_count(7)
    visit.check("notice")
    page.emulate_media(media="print")
    expect(page.locator(".breadcrumbs")).to_be_hidden()
    expect(page.get_by_role("button", name="Print this notice")).to_be_hidden()
    visit.screenshot("notice printed")


def test_a_refusal_without_reasons_lists_the_missing_elements(cast, open_page):
    referral = Referral.objects.create(student=cast.student, received_on=days_ago(3), source="parent",
                                       is_written_parent_request=True, reason="Worried about reading.",
                                       areas_of_concern=["reading"], created_by=cast["case_manager"])
    staff = open_page()
    staff.sign_in("alice.cm")
    page = staff.page
    staff.goto(f"/students/{cast.student.pk}/referrals/{referral.pk}/refuse/")
    page.get_by_role("button", name="Record the refusal and issue the notice").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Please correct 2 fields")
    expect(summary).to_contain_text("Missing element 2")
    expect(summary).to_contain_text("Missing element 6")
    assert not PriorWrittenNotice.objects.exists()
    staff.check("refusal missing elements")

    parent = open_page(name="parent")
    parent.sign_in("pat.parent")
    parent.goto(f"/students/{cast.student.pk}/referrals/{referral.pk}/")
    expect(parent.page.get_by_role("link", name="Refuse to evaluate")).to_have_count(0)
    parent.check("parent sees the referral")
