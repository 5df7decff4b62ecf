"""The IEP editor in a real browser: autosave, the conflict view, nothing lost when the session ends, and an
initial IEP from draft to the parent's e-consent, the PDF and an amendment. axe checks every page."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from openiep.iep import rules, selectors, services
from openiep.iep.models import IEP, Signature
from openiep.iep.tests.test_lifecycle import complete
from openiep.meetings.tests.factories import HeldMeetingFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def draft(cast):
    meeting = HeldMeetingFactory(student=cast.student)
    return services.iep_create(student=cast.student, kind=IEP.Kind.INITIAL, actor=cast["case_manager"], meeting=meeting)


def iep_url(cast, iep, tail=""):
    return f"/students/{cast.student.pk}/ieps/{iep.pk}/{tail}"


def saved(page):
    expect(page.locator("#save-status")).to_contain_text("All changes saved", timeout=10_000)


def test_typing_is_saved_without_pressing_anything(cast, open_page, draft):
    visit = open_page()
    visit.sign_in("alice.cm")
    visit.goto(iep_url(cast, draft))
    page = visit.page
    expect(page.get_by_role("heading", level=1)).to_contain_text("IEP for Maya Alvarez")
    visit.check("the editor")
    page.get_by_label("The parents' concerns for their child's education").fill("Reading homework takes two hours.")
    saved(page)
    draft.refresh_from_db()
    assert draft.parent_concerns == "Reading homework takes two hours."
    # The completeness list follows: the concern is no longer missing.
    expect(page.locator("#completeness")).not_to_contain_text("Record the parents' concerns")
    page.reload()
    expect(page.get_by_label("The parents' concerns for their child's education")).to_have_value(
        "Reading homework takes two hours.")


def test_two_people_editing_the_same_text_see_both_and_choose(cast, open_page, draft):
    alice = open_page(name="alice")
    alice.sign_in("alice.cm")
    alice.goto(iep_url(cast, draft))
    teacher = open_page(name="teacher")
    teacher.sign_in("sped.teacher")
    teacher.goto(iep_url(cast, draft))
    label = "The student's strengths:"

    alice.page.get_by_role("textbox", name=label).fill("Kind to classmates; loves science.")
    saved(alice.page)

    teacher.page.get_by_role("textbox", name=label).fill("Curious; asks good questions.")
    conflict = teacher.page.get_by_role("alert").filter(has_text="Someone else changed this")
    expect(conflict).to_be_visible(timeout=10_000)
    expect(conflict).to_contain_text("Kind to classmates; loves science.")
    expect(conflict).to_contain_text("Curious; asks good questions.")
    teacher.check("the conflict view")
    draft.refresh_from_db()
    assert draft.student_strengths == "Kind to classmates; loves science."  # nothing overwritten silently

    teacher.page.get_by_role("button", name="Keep my text").click()
    saved(teacher.page)
    draft.refresh_from_db()
    assert draft.student_strengths == "Curious; asks good questions."


def test_text_typed_after_the_session_ended_is_kept_and_saved_after_signing_in_again(cast, open_page, draft):
    visit = open_page()
    visit.sign_in("alice.cm")
    visit.goto(iep_url(cast, draft))
    page = visit.page
    Session.objects.all().delete()  # the session times out while the page is open
    page.get_by_label("Present levels: functional performance").fill("Uses a visual schedule independently.")
    expect(page.locator("#save-status")).to_contain_text("signed out", timeout=10_000)
    expect(page.locator("#save-status")).to_contain_text("kept on this computer")
    draft.refresh_from_db()
    assert "visual schedule" not in draft.present_levels_functional

    visit.sign_in("alice.cm")
    visit.goto(iep_url(cast, draft))
    banner = page.locator("#restore-banner")
    expect(banner).to_contain_text("not saved")
    visit.check("offered the unsaved text back")
    page.get_by_role("button", name="Restore my unsaved text").click()
    saved(page)
    draft.refresh_from_db()
    assert draft.present_levels_functional == "Uses a visual schedule independently."


def test_an_initial_iep_from_draft_to_consent_pdf_and_amendment(cast, open_page, draft):
    manager = cast["case_manager"]
    complete(draft, manager)
    alice = open_page(name="alice")
    alice.sign_in("alice.cm")
    alice.goto(iep_url(cast, draft))
    page = alice.page
    expect(page.locator("#completeness")).to_contain_text("Ready to finalise")

    # A goal from the bank, then made Maya's own: the list says what is still missing, then nothing.
    page.get_by_label("Search goal stems").fill("fluency")
    page.locator("#goal-bank-results").get_by_role("button", name="Insert").first.click()
    expect(page.get_by_role("status").first).to_contain_text("inserted")
    goal = draft.goals.order_by("-id").first()
    expect(page.locator("#completeness")).to_contain_text(f"Goal {goal.order}")
    alice.check("a goal from the bank")
    services.row_delete(row=goal, actor=manager)

    page.goto(alice.base_url + iep_url(cast, draft))
    page.get_by_role("button", name="Share the draft with the parents").click()
    expect(page.get_by_role("status").first).to_contain_text("shared with the parents")

    parent = open_page(name="parent")
    parent.sign_in("pat.parent")
    parent.goto(iep_url(cast, draft))
    expect(parent.page.get_by_role("heading", name="Maya's IEP on one page")).to_be_visible()
    parent.check("the shared draft")

    page.get_by_role("link", name="Finalise…").click()
    alice.check("finalise")
    page.get_by_role("button", name="Finalise version").click()
    expect(page.get_by_role("status").first).to_contain_text("consent to services is requested")
    draft.refresh_from_db()
    assert draft.status == IEP.Status.AWAITING_CONSENT and len(draft.content_hash) == 64

    parent.goto(iep_url(cast, draft))
    parent.page.get_by_role("link", name="Read and answer: consent to services").click()
    parent.check("consent")
    parent.page.get_by_label("I consent to the special education and related services in this IEP").check()
    parent.page.get_by_label("Type your full name to sign").fill("Pat Alvarez")
    parent.page.get_by_role("button", name="Sign and send my answer").click()
    expect(parent.page.get_by_role("status").first).to_contain_text("your answer is recorded")
    draft.refresh_from_db()
    assert draft.status == IEP.Status.IN_EFFECT
    signature = Signature.objects.get(iep=draft)
    assert signature.document_hash == draft.content_hash and signature.method == "electronic"

    with parent.page.expect_download() as download:
        parent.page.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")

    # The case manager amends it: everything carried over, the change shown.
    page.goto(alice.base_url + iep_url(cast, draft))
    page.get_by_role("button", name="Amend this IEP").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("version 2")
    amendment = IEP.objects.get(student=cast.student, status=IEP.Status.DRAFT)
    service = amendment.services.get()
    page.locator(f"#id_service{service.pk}_minutes").fill("45")
    saved(page)
    page.reload()
    changes = page.locator("details.changes")
    expect(changes).to_contain_text("2 changes from version 1")  # the minutes, and the amendment's start date
    changes.locator("summary").click()
    expect(changes.get_by_role("row", name="Minutes")).to_contain_text("30")
    expect(changes.get_by_role("row", name="Minutes")).to_contain_text("45")
    alice.check("the amendment and its change")
    facts = selectors.facts_for(selectors.iep_detail(student=cast.student, iep_id=amendment.pk))
    assert rules.completeness_problems(facts) == []
