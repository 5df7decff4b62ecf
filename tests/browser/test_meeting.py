"""The IEP meeting end to end: the case manager schedules it and sends the notice; the parent opens it, downloads
the calendar invitation and sends their input; the case manager records attendance and marks it held."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from openiep.documents.models import Document
from openiep.meetings.models import Meeting, ParentInput

pytestmark = pytest.mark.browser


def test_schedule_notice_parent_input_attendance_and_held(cast, open_page):
    staff = open_page(name="case-manager")
    page = staff.page
    staff.sign_in("alice.cm")
    staff.goto(f"/students/{cast.student.pk}/")
    page.get_by_role("link", name="Schedule a meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule an IEP meeting for Maya Alvarez")
    staff.check("schedule form")

    # Soon today, so the team can meet and mark it held within the test.
    start = timezone.localtime() + timedelta(minutes=3)
    page.get_by_label("Purpose").fill("Review the evaluation and write Maya's first IEP.")
    page.get_by_label("Date and time").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Place").fill("Lincoln Elementary, room 12")
    page.get_by_label("Place").press("Enter")  # submit by keyboard
    expect(page.get_by_role("heading", level=1)).to_contain_text("Initial IEP meeting for Maya Alvarez")
    invitees = page.get_by_role("table", name="Invitees")
    expect(invitees).to_contain_text("Pat Alvarez")
    expect(invitees).to_contain_text("Regular education teacher")
    staff.check("meeting scheduled")

    page.get_by_role("link", name="The notice: see and send").click()
    expect(page.get_by_role("heading", name="Notice of an IEP meeting")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("You may bring other people who know your child")
    staff.check("notice before sending")
    page.get_by_label("How it is sent").fill("Email and family portal")
    button = page.get_by_role("button", name="Send the notice and the invitations")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Notice sent")
    expect(page.get_by_role("status").first).to_contain_text("the rule is 7 days")  # late: a warning, not a block
    staff.check("notice sent")
    meeting = Meeting.objects.get()
    assert meeting.notice_sent_on == timezone.localdate()
    assert Document.objects.filter(kind="meeting_notice", source_id=meeting.pk).exists()

    family = open_page(viewport={"width": 390, "height": 844}, name="parent")  # on a phone
    fpage = family.page
    family.sign_in("pat.parent")
    upcoming = fpage.get_by_role("region", name="Upcoming meetings")
    expect(upcoming).to_contain_text("Maya Alvarez: Initial IEP meeting")
    family.check("home with the meeting")
    upcoming.get_by_role("link", name="Maya Alvarez: Initial IEP meeting").click()
    expect(fpage.get_by_role("heading", level=1)).to_contain_text("Initial IEP meeting")
    family.check("meeting for the parent")
    with fpage.expect_download() as download_info:
        fpage.get_by_role("link", name="Add to my calendar (.ics)").click()
    ics = Calendar.from_ical(Path(download_info.value.path()).read_bytes())
    event = ics.walk("VEVENT")[0]
    assert str(event.get("uid")) == f"meeting-{meeting.pk}@openiep"
    assert str(event.get("location")) == "Lincoln Elementary, room 12"

    fpage.get_by_role("link", name="Tell the team your concerns, strengths and hopes").click()
    expect(fpage.get_by_role("heading", level=1)).to_have_text("Tell the team about Maya")
    family.check("input form")
    fpage.get_by_role("button", name="Send to the team").click()  # empty: refused at the field
    expect(fpage.locator("#id_concerns_error")).to_contain_text("Write at least one thing")
    fpage.get_by_label("Your concerns").fill("Reading homework takes two hours a night.")
    fpage.keyboard.press("Tab")
    fpage.keyboard.type("She loves drawing and building things.")
    fpage.get_by_label("Your hopes and vision for your child").fill("Reading chapter books by summer.")
    fpage.get_by_role("button", name="Send to the team").click()
    expect(fpage.get_by_role("status").first).to_contain_text("Thank you")
    assert ParentInput.objects.get().strengths == "She loves drawing and building things."

    staff.goto(f"/students/{cast.student.pk}/meetings/{meeting.pk}/")
    expect(page.get_by_role("region", name="The parents' input")).to_contain_text("Reading homework takes two hours")
    attendance = page.get_by_role("region", name="Attendance on the day")
    names = [p.name for p in meeting.participants.all()]
    for name in names:
        form = attendance.get_by_role("form", name=re.compile("^" + re.escape(name)))
        form.get_by_label("Attended", exact=True).check()
        form.get_by_label("How they took part").select_option("in_person")
        form.get_by_label("Signature: name as typed by the member").fill(name)
        form.get_by_label("Signature: name as typed by the member").press("Enter")
        expect(page.get_by_role("status").first).to_contain_text(f"Attendance recorded for {name}")
    held = page.get_by_role("region", name="Mark the meeting held")
    expect(held).to_contain_text("The required members are there or properly excused.")
    staff.check("attendance recorded")
    held.get_by_label("Notes of the meeting").fill("Team reviewed the evaluation; IEP drafting to follow.")
    held.get_by_role("button", name="Mark held").click()
    expect(page.get_by_role("status").first).to_contain_text("Meeting marked held")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Held")
    staff.check("meeting held")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.held_on) == ("held", timezone.localdate())
    assert all(p.attendance == "attended" and p.signed_at for p in meeting.participants.all())
