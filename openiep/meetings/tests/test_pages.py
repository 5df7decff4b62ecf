"""The meeting pages: who may see and do what (allowed, 404 outside scope, 403 for the wrong role), bad input at
the field with nothing written, the parents' input from the family home, and the lists on other pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from openiep.audit.models import AccessRecord
from openiep.meetings.models import Meeting, ParentInput, Participant
from openiep.meetings.selectors import parent_input_for_student
from openiep.meetings.tests.factories import HeldMeetingFactory, MeetingFactory, ParentInputFactory

pytestmark = pytest.mark.django_db


def url(meeting, path=""):
    return f"/students/{meeting.student_id}/meetings/{meeting.pk}/{path}"


def schedule_data(**changes):
    when = (timezone.localtime() + timedelta(days=14)).replace(hour=15, minute=30)
    data = {"kind": "initial", "purpose": "Write the first IEP.", "starts_at": when.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "60", "location": "Room 12", "modality": "in_person", "interpreter_language": ""}
    data.update(changes)
    return data


def test_the_case_manager_schedules_a_meeting_and_lands_on_it(client, cast):
    client.force_login(cast["case_manager"])
    form = client.get(f"/students/{cast.student.pk}/meetings/new/")
    assert form.status_code == 200 and form.context["form"].initial["location"] == "Lincoln Elementary"
    response = client.post(f"/students/{cast.student.pk}/meetings/new/", schedule_data())
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == url(meeting)
    assert meeting.participants.filter(role="parent").exists()


@pytest.mark.parametrize("changes, field", [
    ({"duration_minutes": "an hour"}, "duration_minutes"),
    ({"starts_at": "next tuesday"}, "starts_at"),
    ({"purpose": ""}, "purpose"),
    ({"modality": "video"}, "alternative_means_agreed"),
])
def test_bad_scheduling_input_is_shown_at_the_field_and_nothing_is_written(client, cast, changes, field):
    client.force_login(cast["case_manager"])
    response = client.post(f"/students/{cast.student.pk}/meetings/new/", schedule_data(**changes))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("role", ["sped_teacher", "gened_teacher", "provider", "evaluator", "auditor", "parent",
                                  "advocate"])
def test_roles_that_do_not_manage_the_case_cannot_schedule(client, cast, role):
    client.force_login(cast[role])
    assert client.post(f"/students/{cast.student.pk}/meetings/new/", schedule_data()).status_code == 403
    assert not Meeting.objects.exists()


def test_outside_the_users_scope_a_meeting_is_not_found(client, cast):
    meeting = MeetingFactory(student=cast.outsider)
    client.force_login(cast["case_manager"])
    for path in ("", "notice/", "invitation.ics"):
        assert client.get(url(meeting, path)).status_code == 404
    # Another student's meeting through this student's URL: not found either.
    client.force_login(cast["district_admin"])
    assert client.get(f"/students/{cast.student.pk}/meetings/{meeting.pk}/").status_code == 404


def test_the_meeting_page_shows_staff_the_parents_input_and_the_team_check(client, cast):
    meeting = MeetingFactory(student=cast.student)
    ParentInputFactory(meeting=meeting, author=cast["parent"], concerns="Homework takes two hours.")
    client.force_login(cast["case_manager"])
    response = client.get(url(meeting))
    body = response.content.decode()
    assert "Homework takes two hours." in body
    assert "No one is invited as a parent" in body  # the factory meeting has no invitees
    assert AccessRecord.objects.filter(user=cast["case_manager"], student=cast.student).exists()


def test_the_parent_sees_the_meeting_and_no_staff_forms(client, cast):
    meeting = MeetingFactory(student=cast.student)
    client.force_login(cast["parent"])
    body = client.get(url(meeting)).content.decode()
    assert "Tell the team your concerns, strengths and hopes" in body
    assert "Mark the meeting held" not in body and "Invite someone else" not in body


def test_invitees_email_addresses_are_shown_to_staff_not_to_the_family(client, cast):
    meeting = MeetingFactory(student=cast.student)
    Participant.objects.create(meeting=meeting, name="Other Parent", role="parent", email="other@example.org")
    client.force_login(cast["parent"])
    assert "other@example.org" not in client.get(url(meeting)).content.decode()
    client.force_login(cast["sped_teacher"])
    assert "other@example.org" in client.get(url(meeting)).content.decode()


def test_the_parent_reaches_the_input_page_from_home_and_sends_it(client, cast):
    meeting = MeetingFactory(student=cast.student)
    client.force_login(cast["parent"])
    home = client.get("/").content.decode()
    assert "Upcoming meetings" in home and url(meeting, "input/") in home
    response = client.post(url(meeting, "input/"), {"concerns": "Reading", "strengths": "Loves drawing",
                                                    "vision": "College", "other": ""})
    assert response.status_code == 302
    row = ParentInput.objects.get()
    assert (row.author, row.author_name, row.strengths) == (cast["parent"], str(cast["parent"]), "Loves drawing")
    assert list(parent_input_for_student(student=cast.student)) == [row]


def test_the_advocate_the_parent_shared_with_may_send_input(client, cast):
    meeting = MeetingFactory(student=cast.student)
    client.force_login(cast["advocate"])
    assert url(meeting, "input/") in client.get("/").content.decode()
    assert client.post(url(meeting, "input/"), {"concerns": "Seating"}).status_code == 302
    assert ParentInput.objects.get().author == cast["advocate"]


def test_empty_input_is_refused_at_the_field(client, cast):
    meeting = MeetingFactory(student=cast.student)
    client.force_login(cast["parent"])
    response = client.post(url(meeting, "input/"), {"concerns": " ", "strengths": ""})
    assert response.status_code == 200 and response.context["form"].errors["concerns"]
    assert not ParentInput.objects.exists()


@pytest.mark.parametrize("role", ["case_manager", "sped_teacher", "district_admin", "auditor"])
def test_staff_do_not_send_the_parents_input(client, cast, role):
    meeting = MeetingFactory(student=cast.student)
    client.force_login(cast[role])
    assert client.post(url(meeting, "input/"), {"concerns": "x"}).status_code == 403
    assert not ParentInput.objects.exists()


def test_sending_the_notice_from_its_page(client, cast, today):
    meeting = MeetingFactory(student=cast.student, notice_sent_on=None)
    client.force_login(cast["case_manager"])
    page = client.get(url(meeting, "notice/"))
    assert "Early enough" in page.content.decode()
    response = client.post(url(meeting, "notice/send/"), {"sent_on": today.isoformat(), "method": "Email"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.notice_sent_on == today
    detail = client.get(url(meeting)).content.decode()
    assert "Notice (PDF)" in detail


def test_a_notice_without_a_method_is_refused_at_the_field(client, cast, today):
    meeting = MeetingFactory(student=cast.student, notice_sent_on=None)
    client.force_login(cast["case_manager"])
    response = client.post(url(meeting, "notice/send/"), {"sent_on": today.isoformat(), "method": ""})
    assert response.status_code == 200 and response.context["send_form"].errors["method"]
    meeting.refresh_from_db()
    assert meeting.notice_sent_on is None


def test_the_parent_cannot_send_the_notice_or_mark_attendance(client, cast, today):
    meeting = MeetingFactory(student=cast.student, notice_sent_on=None)
    person = Participant.objects.create(meeting=meeting, name="Pat Alvarez", role="parent")
    client.force_login(cast["parent"])
    assert client.post(url(meeting, "notice/send/"), {"sent_on": today.isoformat(), "method": "x"}).status_code == 403
    assert client.post(url(meeting, f"invitees/{person.pk}/attendance/"),
                       {f"p{person.pk}-attendance": "attended"}).status_code == 403
    assert client.post(url(meeting, "held/"), {"held_on": today.isoformat()}).status_code == 403


def test_attendance_and_held_through_the_pages(client, cast, today):
    meeting = MeetingFactory(student=cast.student, starts_at=timezone.now() - timedelta(minutes=30))
    for role in ("parent", "regular_ed_teacher", "special_ed_teacher", "lea_representative"):
        Participant.objects.create(meeting=meeting, name=f"Person {role}", role=role,
                                   also_interprets_evaluations=role == "special_ed_teacher")
    client.force_login(cast["case_manager"])
    bad = client.post(url(meeting, f"invitees/{meeting.participants.first().pk}/attendance/"),
                      {f"p{meeting.participants.first().pk}-attendance": "attended"})
    assert bad.status_code == 200 and "How did they take part" in bad.content.decode()
    for person in meeting.participants.all():
        response = client.post(url(meeting, f"invitees/{person.pk}/attendance/"), {
            f"p{person.pk}-attendance": "attended", f"p{person.pk}-attended_by": "in_person",
            f"p{person.pk}-signed_name": person.name})
        assert response.status_code == 302
    assert "The required members are there" in client.get(url(meeting)).content.decode()
    assert client.post(url(meeting, "held/"), {"held_on": today.isoformat()}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "held" and meeting.held_on == today


def test_inviting_and_removing_through_the_pages(client, cast):
    meeting = MeetingFactory(student=cast.student)
    client.force_login(cast["case_manager"])
    bad = client.post(url(meeting, "invitees/"), {"name": "", "role": "other"})
    assert bad.status_code == 200 and bad.context["invitee_form"].errors["name"]
    assert client.post(url(meeting, "invitees/"), {"name": "Dr. Rivera", "email": "r@example.org",
                                                   "role": "advocate"}).status_code == 302
    person = Participant.objects.get(name="Dr. Rivera")
    assert client.post(url(meeting, f"invitees/{person.pk}/remove/")).status_code == 302
    assert not Participant.objects.filter(pk=person.pk).exists()


def test_cancel_and_reschedule_through_the_pages(client, cast):
    meeting = MeetingFactory(student=cast.student)
    client.force_login(cast["case_manager"])
    edit = client.post(url(meeting, "edit/"), schedule_data(location="Library"))
    assert edit.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.location, meeting.ics_sequence) == ("Library", 1)
    assert client.post(url(meeting, "cancel/"), {"cancelled_reason": ""}).status_code == 200
    assert client.post(url(meeting, "cancel/"), {"cancelled_reason": "Snow day"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"


def test_the_student_page_and_the_case_page_list_the_meetings(client, cast):
    held = HeldMeetingFactory(student=cast.student)
    upcoming = MeetingFactory(student=cast.student, kind="annual")
    client.force_login(cast["sped_teacher"])
    for page in (f"/students/{cast.student.pk}/", f"/students/{cast.student.pk}/case/"):
        body = client.get(page).content.decode()
        assert url(held) in body and url(upcoming) in body


def test_the_case_managers_home_lists_upcoming_meetings_on_the_caseload(client, cast):
    upcoming = MeetingFactory(student=cast.student)
    MeetingFactory(student=cast.outsider)
    client.force_login(cast["case_manager"])
    body = client.get("/").content.decode()
    assert "Upcoming IEP meetings on your caseload" in body and url(upcoming) in body
