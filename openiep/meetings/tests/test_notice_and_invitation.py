"""The notice (300.322(b)): its contents, the state's days, the PDF in the parents' language, the emails with the
.ics invitation; the .ics itself parsed back with icalendar."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from openiep.documents.models import Document
from openiep.meetings import notice as notice_module
from openiep.meetings import services
from openiep.meetings.tasks import invitation_ics
from openiep.referrals.models import Referral
from openiep.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(cast, in_two_weeks):
    cast["case_manager"].email = "alice@lincoln.example"
    cast["case_manager"].save()
    guardian = cast.student.guardianships.get().guardian
    guardian.email = "pat@example.org"
    guardian.save()
    return services.meeting_schedule(student=cast.student, kind="initial", purpose="Write Maya's first IEP.",
                                     starts_at=in_two_weeks, location="Lincoln Elementary, room 12",
                                     actor=cast["case_manager"])


def render(meeting):
    return notice_module.notice_context(meeting)


def test_the_notice_states_purpose_time_place_who_and_the_right_to_bring_people(client, cast, meeting):
    client.force_login(cast["case_manager"])
    body = client.get(f"/students/{cast.student.pk}/meetings/{meeting.pk}/notice/").content.decode()
    assert "Write Maya&#x27;s first IEP." in body
    assert "Lincoln Elementary, room 12" in body
    assert str(cast["gened_teacher"]) in body and "Regular education teacher" in body
    assert "You may bring other people who know your child" in body
    assert "Part C" not in body  # not from early intervention


def test_an_initial_meeting_of_a_child_from_part_c_offers_the_coordinator(client, cast, meeting):
    ReferralFactory(student=cast.student, source=Referral.Source.EARLY_INTERVENTION)
    client.force_login(cast["parent"])
    body = client.get(f"/students/{cast.student.pk}/meetings/{meeting.pk}/notice/").content.decode()
    assert "Part C service coordinator" in body


def test_from_transition_age_the_notice_says_transition_the_student_and_the_agencies(client, cast, meeting, today):
    meeting.transition_discussed = True
    meeting.save()
    services.participant_add(meeting=meeting, name="Maya Alvarez", role="student", actor=cast["case_manager"])
    services.participant_add(meeting=meeting, name="State Vocational Rehabilitation", role="agency",
                             agency_consent_on=today, actor=cast["case_manager"])
    client.force_login(cast["case_manager"])
    body = client.get(f"/students/{cast.student.pk}/meetings/{meeting.pk}/notice/").content.decode()
    assert "We will also talk about transition" in body
    assert "Maya is invited to the meeting." in body
    assert "Other agencies invited, with your consent: State Vocational Rehabilitation." in body


def test_sending_records_the_day_stores_the_pdf_and_emails_the_ics(cast, meeting, today, immediate_tasks,
                                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.meeting_notice_send(meeting=meeting, sent_on=today, method="Email", actor=cast["case_manager"])
    meeting.refresh_from_db()
    assert (meeting.notice_sent_on, meeting.notice_method) == (today, "Email")
    assert sent.warning == ""  # 14 days ≥ Ohio's 7
    document = Document.objects.get(kind="meeting_notice")
    assert document.source_id == meeting.pk and len(document.sha256) == 64
    assert document.file.read().startswith(b"%PDF")
    # Pat reads Spanish: the notice is in Spanish once its text is translated, in English until then.
    assert document.language == ("es" if notice_module.translated("es") else "en")
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(p.email for p in meeting.participants.exclude(email=""))
    assert {"alice@lincoln.example", "pat@example.org"} <= set(recipients)
    ics = mail.outbox[0].attachments[0]
    assert ics[0] == "invitation.ics" and ics[2].startswith("text/calendar; method=REQUEST")
    assert Calendar.from_ical(ics[1]).get("method") == "REQUEST"


def test_a_late_notice_is_sent_with_a_warning_and_one_after_the_meeting_is_refused(cast, meeting, today):
    meeting.starts_at = timezone.now() + timedelta(days=3)
    meeting.save()
    sent = services.meeting_notice_send(meeting=meeting, sent_on=today, method="Mail", actor=cast["case_manager"])
    assert "gives 3 days before the meeting; the rule is 7 days" in sent.warning
    meeting.starts_at = timezone.now() - timedelta(days=1)
    meeting.notice_sent_on = None
    meeting.save()
    with pytest.raises(ValidationError) as exc:
        services.meeting_notice_send(meeting=meeting, sent_on=today, method="Mail", actor=cast["case_manager"])
    assert "dated after the meeting" in exc.value.message_dict["sent_on"][0]
    assert Document.objects.count() == 1


def test_texas_counts_school_days(cast, meeting, today):
    cast.district.state = "TX"
    cast.district.save()
    monday = today + timedelta(days=(7 - today.weekday()) % 7 or 7)
    meeting.starts_at = timezone.make_aware(timezone.datetime(monday.year, monday.month, monday.day, 10))
    timing = services.notice_timing(meeting, monday - timedelta(days=7))  # the Monday before
    assert timing.days_given == 4 and "the rule is 5 school days" in timing.warning


@pytest.mark.parametrize("changes, field", [({"method": ""}, "method"), ({"sent_on": None}, "sent_on")])
def test_sending_without_a_method_or_day_is_refused_at_the_field(cast, meeting, today, changes, field):
    values = {"sent_on": today, "method": "Mail", **changes}
    with pytest.raises(ValidationError) as exc:
        services.meeting_notice_send(meeting=meeting, actor=cast["case_manager"], **values)
    assert field in exc.value.message_dict
    meeting.refresh_from_db()
    assert meeting.notice_sent_on is None and not Document.objects.exists()


def test_the_invitation_parses_back_with_uid_sequence_times_organizer_and_attendees(cast, meeting):
    cal = Calendar.from_ical(invitation_ics(meeting, list(meeting.participants.all())))
    assert cal.get("method") == "REQUEST"
    event = cal.walk("VEVENT")[0]
    assert str(event.get("uid")) == f"meeting-{meeting.pk}@openiep"
    assert int(event.get("sequence")) == 0
    start = event.decoded("dtstart")
    assert start == meeting.starts_at and start.tzinfo.key == "America/New_York"
    assert event.decoded("dtend") - start == timedelta(minutes=60)
    assert str(event.get("location")) == "Lincoln Elementary, room 12"
    assert str(event.get("organizer")) == "mailto:alice@lincoln.example"
    attendees = event.get("attendee")
    names = {a.params["CN"] for a in attendees}
    assert "Pat Alvarez" in names and str(cast["gened_teacher"]) in names
    assert cal.walk("VTIMEZONE")


def test_a_cancelled_meeting_gives_a_cancel_with_the_same_uid_and_a_higher_sequence(cast, meeting):
    services.meeting_cancel(meeting=meeting, reason="Moved to January", actor=cast["case_manager"])
    meeting.refresh_from_db()
    cal = Calendar.from_ical(invitation_ics(meeting, list(meeting.participants.all())))
    event = cal.walk("VEVENT")[0]
    assert cal.get("method") == "CANCEL" and str(event.get("status")) == "CANCELLED"
    assert str(event.get("uid")) == f"meeting-{meeting.pk}@openiep" and int(event.get("sequence")) == 1


def test_cancelling_after_the_notice_emails_the_cancellation(cast, meeting, today, immediate_tasks,
                                                            django_capture_on_commit_callbacks):
    services.meeting_notice_send(meeting=meeting, sent_on=today, method="Email", actor=cast["case_manager"])
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting=meeting, reason="Moved to January", actor=cast["case_manager"])
    assert mail.outbox and all("cancelled" in m.subject for m in mail.outbox)
    assert all(m.attachments[0][2].startswith("text/calendar; method=CANCEL") for m in mail.outbox)


def test_the_family_downloads_the_ics(client, cast, meeting):
    client.force_login(cast["parent"])
    response = client.get(f"/students/{cast.student.pk}/meetings/{meeting.pk}/invitation.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart").astimezone(ZoneInfo("UTC")) == meeting.starts_at.astimezone(ZoneInfo("UTC"))


def test_the_notice_is_in_the_parents_language_where_it_is_translated(cast, meeting, monkeypatch):
    from django.utils import translation

    assert notice_module.notice_language(meeting) == ("es" if notice_module.translated("es") else "en")
    real = translation.gettext
    monkeypatch.setattr(translation, "gettext", lambda text: "Aviso de una reunión del IEP"
                        if translation.get_language() == "es" and text == notice_module.TRANSLATION_PROBE
                        else real(text))
    assert notice_module.notice_language(meeting) == "es"
    cast.student.guardianships.update(holds_educational_rights=False)
    assert notice_module.notice_language(meeting) == "en"


def test_moving_a_meeting_after_the_notice_emails_the_change_and_a_stale_task_sends_nothing(
        cast, meeting, today, immediate_tasks, django_capture_on_commit_callbacks):
    from openiep.meetings.tasks import send_meeting_invitations

    services.meeting_notice_send(meeting=meeting, sent_on=today, method="Email", actor=cast["case_manager"])
    with django_capture_on_commit_callbacks(execute=True):
        moved = services.meeting_update(meeting=meeting, location="Library", actor=cast["case_manager"])
    assert mail.outbox and all("moved" in m.subject for m in mail.outbox)
    event = Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")[0]
    assert int(event.get("sequence")) == moved.ics_sequence == 1 and str(event.get("location")) == "Library"
    sent = len(mail.outbox)
    assert send_meeting_invitations.enqueue(meeting.pk, "notice", 0).return_value == {"emails": 0}
    assert len(mail.outbox) == sent


def test_cancelling_before_any_notice_emails_no_one(cast, meeting, immediate_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting=meeting, reason="Scheduled by mistake", actor=cast["case_manager"])
    assert mail.outbox == []
