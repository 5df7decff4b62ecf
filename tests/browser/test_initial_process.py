"""A new user's journey in a real browser, from a teacher's concern to an eligibility decision.

The general-education teacher records a concern, an intervention and its scores, and the team refers;
the case manager proposes the evaluation with its Prior Written Notice and records the parent's consent,
plans the evaluation; the evaluator reports; the case manager completes the report and records
eligibility with the parent. Every page is checked with axe-core and kept as a screenshot.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openiep.compliance.models import Deadline
from openiep.eligibility.models import EligibilityDetermination
from openiep.evaluations.models import Evaluation
from openiep.prereferral.models import DataPoint
from openiep.referrals.models import Consent, Referral

pytestmark = pytest.mark.browser


def _day(on) -> str:
    """A date as the pages print it in a sentence: ``May 4, 2026``."""
    return f"{on:%B} {on.day}, {on.year}"


def test_from_a_teachers_concern_to_an_eligibility_decision(cast, open_page):
    today = timezone.localdate()
    maya = cast.student

    # 1. The general-education teacher: a concern, an intervention, its scores, a team review that refers.
    teacher = open_page(name="teacher")
    teacher.sign_in("charlie.gened")
    page = teacher.page
    expect(page.get_by_role("heading", level=1)).to_have_text("My students")
    page.get_by_role("link", name="Alvarez, Maya").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maya Alvarez")
    page.get_by_role("link", name="Interventions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Interventions for Maya Alvarez")
    teacher.check("no concern yet")

    page.get_by_role("link", name="Record a concern").click()
    page.get_by_label("Concern noted on").fill((today - timedelta(days=40)).isoformat())
    page.get_by_label("What the teacher sees").fill("Maya reads slowly and guesses at words she does not know.")
    page.get_by_role("group", name="Areas of concern").get_by_label("Reading").check()
    page.get_by_label("Parents told on").fill((today - timedelta(days=38)).isoformat())
    teacher.check("record a concern")
    page.get_by_role("button", name="Record the concern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Concern about Maya Alvarez")
    expect(page.get_by_role("status").first).to_contain_text("Concern recorded")

    page.get_by_role("link", name="Add an intervention").click()
    page.get_by_label("Area").select_option(label="Reading")
    page.get_by_role("group", name="Tier").get_by_label("Tier 2").check()
    page.get_by_label("Strategy or program").fill("Repeated reading with a partner")
    page.get_by_label("Sessions").fill("3")
    page.get_by_label("How often").select_option(label="per week")
    page.get_by_label("Minutes per session").fill("20")
    page.get_by_label("Starts on").fill((today - timedelta(days=35)).isoformat())
    page.get_by_label("Ends on").fill((today + timedelta(days=21)).isoformat())
    page.get_by_label("Delivered by (staff member)").select_option(label=str(cast["gened_teacher"]))
    page.get_by_label("Progress measure").fill("Oral reading fluency, grade 3 passages")
    page.get_by_label("Unit").fill("words correct per minute")
    page.get_by_label("Baseline").fill("40")
    page.get_by_label("Goal").fill("70")
    teacher.check("add an intervention")
    page.get_by_role("button", name="Add the intervention").click()
    expect(page.get_by_role("status").first).to_contain_text("Intervention added")

    # Three weekly scores, each swapped into the card in place (htmx): no reload, and the chart grows.
    page.evaluate("() => { window.__noReload = true; }")
    card = page.get_by_role("region", name=re.compile("^Repeated reading with a partner"))
    chart = card.get_by_role("img", name="Progress: Oral reading fluency, grade 3 passages")
    for weeks_ago, score in ((3, "41"), (2, "44"), (1, "46")):
        card.get_by_label("Date").fill((today - timedelta(weeks=weeks_ago)).isoformat())
        card.get_by_label("Score (words correct per minute)").fill(score)
        card.get_by_role("button", name="Add the score").click()
        expect(page.locator("#live-status")).to_contain_text(f"Score {score} words correct per minute")
    expect(chart).to_be_visible()
    expect(chart.locator("circle")).to_have_count(3)
    expect(card.get_by_role("table", name="Scores (words correct per minute)").get_by_role("row")).to_have_count(1 + 3)
    assert page.evaluate("() => window.__noReload === true"), "the page reloaded instead of swapping the card"
    assert DataPoint.objects.filter(intervention__concern__student=maya).count() == 3
    teacher.check("concern with scores and chart")

    page.get_by_role("link", name="Record a team review").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team review for Maya Alvarez")
    page.get_by_label("Who took part").fill("Charlie (teacher), Alice (case manager), Pat Alvarez (parent)")
    page.get_by_label("What the data showed").fill("Three points, all below the aim line.")
    page.get_by_role("group", name="What the team decided").get_by_label(
        "Refer for a special-education evaluation").check()
    teacher.check("team review")
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_role("heading", name="Referred for a special-education evaluation")).to_be_visible()
    referral = Referral.objects.get(student=maya)
    assert referral.received_on == today
    assert referral.status == Referral.Status.AWAITING_DECISION
    teacher.check("referred")

    # 2. The case manager: the case page says where Maya is, what is next and who owes it.
    manager = open_page(name="case-manager")
    manager.sign_in("alice.cm")
    page = manager.page
    page.get_by_role("link", name="Alvarez, Maya").click()
    page.get_by_role("link", name="Where is Maya in the process?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Where is Maya Alvarez in the process?")
    now = page.get_by_role("region", name=re.compile("^Now:"))
    expect(now.get_by_role("heading")).to_have_text("Now: 2. Referral")
    expect(now).to_contain_text("Referral received.")
    expect(now).to_contain_text("Decide: propose an evaluation and ask for consent")
    expect(now).to_contain_text(re.compile(r"Who owes it\s*" + re.escape(cast["case_manager"].get_full_name())))
    expect(page.get_by_role("list", name="The seven steps").locator("[aria-current=step]")).to_have_text("2. Referral")
    manager.check("case page at step 2")

    page.get_by_role("region", name="Timeline").get_by_role("link", name="Referral received").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Referral for evaluation")
    expect(page.get_by_role("region", name="Before the referral: interventions in general education")).to_contain_text(
        "Concern noted")
    manager.check("referral from the team review")

    page.get_by_role("link", name="Propose an evaluation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Propose an evaluation of Maya Alvarez")
    expect(page.get_by_label("1. What the district proposes")).to_contain_text("initial evaluation of Maya")
    expect(page.get_by_label("Date of the decision and the notice")).to_have_value(today.isoformat())
    expect(page.get_by_label("Language of the notice")).to_have_value("es")  # Pat reads Spanish
    manager.check("propose the evaluation")
    page.get_by_role("button", name="Propose the evaluation and issue the notice").click()
    expect(page.get_by_role("status").first).to_contain_text("Evaluation proposed")
    consent = Consent.objects.get(referral=referral)
    assert consent.status == Consent.Status.REQUESTED

    consent_card = page.get_by_role("region", name=re.compile("^Consent: initial evaluation"))
    consent_card.get_by_label("Date").fill(today.isoformat())
    consent_card.get_by_label("How").select_option(label="Phone call")
    consent_card.get_by_label("What happened").fill("Talked with Mrs. Alvarez; she will sign tomorrow.")
    consent_card.get_by_role("button", name="Add the attempt").click()
    expect(page.get_by_role("table", name="Attempts to reach the parent about this consent")).to_contain_text(
        "Talked with Mrs. Alvarez")
    manager.check("consent requested with an attempt")

    page.get_by_role("link", name="Record the parent's answer").click()
    page.get_by_role("group", name="The parent's answer").get_by_label("Granted", exact=True).check()
    expect(page.get_by_label("Date the answer was received")).to_have_value(today.isoformat())
    expect(page.get_by_label("Parent who answered")).to_have_value(str(maya.guardianships.get().guardian_id))
    page.get_by_label("How it was signed").select_option(label="Signed on paper")
    page.get_by_label("Name as signed").fill("Pat Alvarez")
    manager.check("record the parent's answer")
    page.get_by_role("button", name="Record the answer").click()
    expect(page.get_by_role("status").first).to_contain_text("The parent's answer is recorded: granted")
    consent.refresh_from_db()
    assert consent.status == Consent.Status.GRANTED
    manager.check("consent granted")

    # 3. The plan: the referral's areas come prefilled; an evaluator and a due date for each.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Maya Alvarez").click()
    page.get_by_role("link", name="Evaluations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluations and eligibility for Maya Alvarez")
    manager.check("no evaluation yet")
    page.get_by_role("link", name="Plan an evaluation").click()
    expect(page.get_by_label("Parent's consent to evaluate")).not_to_have_value("")
    areas = page.get_by_role("table", name=re.compile("^One row per area"))
    reading = areas.get_by_role("row").nth(1)
    expect(reading.get_by_label("Area")).to_have_value("reading")
    evaluator = cast["evaluator"]
    reading.get_by_label("Evaluator").select_option(
        label=f"{evaluator} ({evaluator.get_discipline_display() or evaluator.get_role_display()})")
    reading.get_by_label("Report due").fill((today + timedelta(days=30)).isoformat())
    manager.check("plan the evaluation")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_role("status").first).to_contain_text("Evaluation planned")
    evaluation = Evaluation.objects.get(student=maya)
    assert [(a.area, a.evaluator) for a in evaluation.areas.all()] == [("reading", evaluator)]
    manager.check("evaluation planned")
    manager.goto(f"/students/{maya.pk}/case/")  # step 3 now: the evaluator owes the report
    now = page.get_by_role("region", name=re.compile("^Now:"))
    expect(now.get_by_role("heading")).to_have_text("Now: 3. Identification: consent and evaluation")
    expect(now).to_contain_text("Complete 1 evaluation area and the report.")
    expect(now).to_contain_text(re.compile(r"Who owes it\s*" + re.escape(evaluator.get_full_name())))
    manager.check("case page at step 3")
    page.go_back()

    # 4. The evaluator finds the area in their worklist and writes the report with a score.
    evaluator_tab = open_page(name="evaluator")
    evaluator_tab.sign_in("eve.eval")
    page = evaluator_tab.page
    expect(page.get_by_role("heading", level=1)).to_have_text("My evaluations")
    evaluator_tab.check("evaluator home")
    # Nothing on the home page or in the menu leads to the worklist: the evaluator has to know its address.
    evaluator_tab.goto("/evaluations/mine/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My evaluation areas")
    to_do = page.get_by_role("table", name="Areas waiting for your report")
    expect(to_do.get_by_role("row")).to_have_count(1 + 1)
    expect(to_do).to_contain_text("Reading")
    expect(to_do).to_contain_text((today + timedelta(days=30)).strftime("%b %-d, %Y"))
    evaluator_tab.check("worklist")
    to_do.get_by_role("link", name="Alvarez, Maya").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reading: report for Maya Alvarez")
    expect(page.get_by_label("Report completed on")).to_have_value(today.isoformat())
    page.get_by_label("Tests, observations, records and interviews used").fill(
        f"WIAT-4 reading subtests, {_day(today)}; classroom observation; intervention data.")
    page.get_by_label("What the results mean").fill(
        "Maya decodes well below her age; her fluency grew little with a Tier 2 intervention.")
    first_score = page.get_by_role("table", name="Score table").get_by_role("row").nth(1)
    first_score.get_by_label("Measure").fill("WIAT-4 Word Reading")
    first_score.get_by_label("Score").fill("78")
    first_score.get_by_label("Scale").fill("standard score (mean 100, SD 15)")
    first_score.get_by_label("Percentile").fill("7")
    first_score.get_by_label("Descriptor").fill("Low")
    evaluator_tab.check("area report")
    page.get_by_role("button", name="Save the report").click()
    expect(page.get_by_role("status").first).to_contain_text("Reading: report saved")
    scores = page.get_by_role("table", name="Scores: Reading")
    expect(scores.get_by_role("row", name=re.compile("WIAT-4 Word Reading"))).to_contain_text("78")
    evaluator_tab.check("evaluation with the report")

    # 5. The case manager completes the evaluation and records eligibility with the parent's vote.
    page = manager.page
    page.reload()
    expect(page.get_by_role("table", name=re.compile("^Each area")).get_by_role("row").nth(1)).to_contain_text(
        f"Reported {today:%b} {today.day}, {today.year}")
    page.get_by_role("link", name="Complete the evaluation report").click()
    expect(page.get_by_role("note")).to_have_count(0)  # nothing left to report
    page.get_by_label("Integrated summary of the results").fill(
        "A specific difficulty with word reading and fluency, not explained by instruction or language.")
    page.get_by_label("Baseline of current performance").fill("Reads 46 words correct per minute in grade 3 text.")
    manager.check("complete the evaluation")
    page.get_by_role("button", name="Complete the report").click()
    expect(page.get_by_role("status").first).to_contain_text("The evaluation report is complete")
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.COMPLETED

    eligibility = page.get_by_role("region", name="Eligibility")
    expect(eligibility.get_by_label("Decided on")).to_have_value(today.isoformat())
    eligibility.get_by_role("group", name="Decision", exact=True).get_by_label("Eligible for special education").check()
    expect(eligibility.get_by_role("group", name="Secondary categories (if any)")).to_be_visible()  # not a bare label
    eligibility.get_by_label("Primary disability category").select_option(label="Specific learning disability (SLD)")
    eligibility.get_by_label("Does the disability adversely affect educational performance?").select_option("yes")
    eligibility.get_by_label("Does the student need specially designed instruction?").select_option("yes")
    eligibility.get_by_label("Evidence the team relied on").fill(
        "WIAT-4 reading, classroom observation, six weeks of intervention data, the parent's account.")
    votes = eligibility.get_by_role("table", name="Each member's agreement")
    parent_row = votes.get_by_role("row").filter(has=page.get_by_role("textbox", name="Member")).nth(0)
    expect(parent_row.get_by_label("Member")).to_have_value("Pat Alvarez")
    expect(parent_row.get_by_label("Role")).to_have_value("Parent")
    for row in votes.get_by_role("row").all()[1:]:
        if row.get_by_label("Member").input_value():
            row.get_by_label("Agrees with the decision?").select_option(label="Agrees")
            row.get_by_label("Signed").check()
    manager.check("eligibility form")
    eligibility.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Eligibility decision for Maya Alvarez")
    expect(page.get_by_role("status").first).to_contain_text("Eligibility decided")
    determination = EligibilityDetermination.objects.get(student=maya)
    assert determination.result == EligibilityDetermination.Result.ELIGIBLE
    assert determination.adverse_effect is True and determination.needs_special_education is True
    result = page.get_by_role("region", name="Eligible for special education")
    expect(result).to_contain_text("Specific learning disability")
    members = page.get_by_role("table", name="Each member's agreement or dissent")
    expect(members.get_by_role("row", name=re.compile("Pat Alvarez"))).to_contain_text("Agrees")
    notice = page.get_by_role("region", name=re.compile("^Prior Written Notice: the district proposes"))
    expect(notice).to_contain_text("identification")
    manager.check("eligibility decided with its notice")
    page.get_by_role("link", name="Prior Written Notice", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prior Written Notice")
    expect(page.locator("main")).to_contain_text("identification")
    manager.check("notice of identification")

    # 6. The case page: step 5, the IEP meeting, due 30 days after the decision; the timeline; the deadlines.
    manager.goto(f"/students/{maya.pk}/case/")
    iep_meeting = Deadline.objects.get(student=maya, rule_id="iep_meeting_after_eligibility")
    assert iep_meeting.due_on == today + timedelta(days=30)
    now = page.get_by_role("region", name=re.compile("^Now:"))
    expect(now.get_by_role("heading")).to_have_text("Now: 5. Development: the IEP meeting and the IEP")
    expect(now).to_contain_text("Hold the IEP meeting with the parents and write the IEP.")
    expect(now).to_contain_text(f"{iep_meeting.due_on:%A, %B} {iep_meeting.due_on.day}, {iep_meeting.due_on.year}")
    expect(now).to_contain_text("Meeting to develop the IEP")
    timeline = page.get_by_role("region", name="Timeline")
    for event in ("Eligible for special education", "Evaluation report completed", "Reading report",
                  "Initial evaluation planned", "Consent granted", "Attempt to reach the parent: Phone call",
                  "Consent requested", "Prior Written Notice: proposes", "Referral received",
                  "Team review: Refer for a special-education evaluation", "Concern noted"):
        expect(timeline.get_by_role("listitem").filter(has_text=event).first).to_be_visible()
    manager.check("case page at step 5")

    page.get_by_role("link", name="Every deadline with its reason and the days counted").click()
    expect(page).to_have_url(manager.base_url + f"/students/{maya.pk}/deadlines/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Deadlines for Maya Alvarez")
    evaluated = page.get_by_role("row").filter(has_text="Evaluation team report (ETR) completed")
    expect(evaluated).to_contain_text(f"Met on time ({today:%b} {today.day}, {today.year})")
    assert Deadline.objects.get(student=maya, rule_id="initial_evaluation").done_on == today
    manager.check("student deadlines")
