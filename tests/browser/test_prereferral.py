"""A teacher's pre-referral work in a real browser: the pages pass axe, and scores go in with htmx."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from openiep.prereferral.models import DataPoint
from openiep.prereferral.tests.factories import (
    AccommodationFactory,
    ConcernFactory,
    DataPointFactory,
    InterventionFactory,
    ReviewFactory,
    days_ago,
)

pytestmark = pytest.mark.browser


def test_a_teacher_reads_the_chart_and_adds_a_score_with_htmx(cast, visit):
    concern = ConcernFactory(student=cast.student, raised_by=cast["gened_teacher"])
    intervention = InterventionFactory(concern=concern, start_date=days_ago(60),
                                       end_date=days_ago(60) + timedelta(weeks=9))
    for week in range(6):
        DataPointFactory(intervention=intervention, measured_on=days_ago(56 - 7 * week), value=Decimal(42 + 2 * week))
    AccommodationFactory(concern=concern)
    ReviewFactory(concern=concern, decision="change", changes="Add a third weekly session")

    visit.sign_in("charlie.gened")
    page = visit.page
    visit.goto(f"/students/{cast.student.pk}/")
    page.get_by_role("link", name="Interventions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Interventions for Maya Alvarez")
    visit.check("concerns")

    page.get_by_role("link", name=concern.raised_on.strftime("%b %-d, %Y")).click()
    card = page.locator(f"#intervention-{intervention.pk}")
    chart = card.get_by_role("img", name="Progress: Oral reading fluency, grade 3 passages")
    expect(chart).to_be_visible()
    expect(card.locator("circle")).to_have_count(6)
    visit.check("concern")

    card.get_by_label("Score (words correct per minute)").fill("55")
    card.get_by_role("button", name="Add the score").click()
    expect(card.locator("circle")).to_have_count(7)
    expect(page.locator("#live-status")).to_contain_text("Score 55 words correct per minute")
    assert DataPoint.objects.filter(intervention=intervention).count() == 7

    card.get_by_label("Score (words correct per minute)").fill("99")
    card.get_by_role("button", name="Add the score").click()  # the same day again, another value
    expect(card.get_by_role("alert")).to_contain_text("There is already a score for")
    visit.check("duplicate day")
    assert DataPoint.objects.filter(intervention=intervention).count() == 7

    page.get_by_role("link", name="Add an intervention").click()
    expect(page.get_by_role("group", name="Tier")).to_be_visible()
    visit.check("add an intervention")
    page.go_back()
    page.get_by_role("link", name="Record a team review").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team review for Maya Alvarez")
    page.get_by_label("Refer for a special-education evaluation").check()
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_role("heading", name="Referred for a special-education evaluation")).to_be_visible()
    visit.check("referred")
