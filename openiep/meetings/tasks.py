"""Background work of the meetings app (django-tasks; run by ``openiep db_worker``): emailing each invitee who
has an address the notice (or the change, or the cancellation) with the iCalendar invitation attached."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from openiep.compliance.tasks import site_url
from openiep.meetings import notice as notice_module
from openiep.meetings.ics import meeting_calendar
from openiep.meetings.models import Meeting, Participant

log = logging.getLogger(__name__)

SUBJECTS = {
    "notice": "IEP meeting for {name} on {day}",
    "rescheduled": "IEP meeting for {name} moved to {day}",
    "cancelled": "IEP meeting for {name} on {day} is cancelled",
}


def invitation_ics(meeting: Meeting, participants: list[Participant]) -> bytes:
    context = notice_module.notice_context(meeting, participants)
    manager = context["case_manager"]
    return meeting_calendar(
        meeting, participants=participants, organizer_name=str(manager) if manager else "",
        organizer_email=manager.email if manager else settings.DEFAULT_FROM_EMAIL,
        student_name=meeting.student.full_name,
    )


def invitation_messages(meeting: Meeting, reason: str) -> list[EmailMultiAlternatives]:
    participants = list(meeting.participants.select_related("guardian", "user"))
    ics = invitation_ics(meeting, participants)
    context = notice_module.notice_context(meeting, participants)
    link = site_url() + reverse("meeting_detail", kwargs={"student_id": meeting.student_id, "meeting_id": meeting.pk})
    method = "CANCEL" if meeting.status == Meeting.Status.CANCELLED else "REQUEST"
    messages = []
    for person in participants:
        if not person.email:
            continue
        language = context["language"] if person.role == Participant.Role.PARENT else "en"
        with translation.override(language):
            day = timezone.localtime(meeting.starts_at)
            subject = SUBJECTS[reason].format(name=meeting.student.full_name, day=f"{day:%B} {day.day}")
            body = render_to_string("meetings/email/invitation.txt",
                                    {**context, "person": person, "reason": reason, "link": link})
        message = EmailMultiAlternatives(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL,
                                         to=[person.email])
        message.attach("invitation.ics", ics, f"text/calendar; method={method}; charset=utf-8")
        messages.append(message)
    return messages


@task()
def send_meeting_invitations(meeting_id: int, reason: str, sequence: int) -> dict[str, int]:
    """Email the invitees. A newer change (a higher SEQUENCE) sends its own: this one is then skipped."""
    meeting = Meeting.objects.select_related("student__district", "student__school").filter(pk=meeting_id).first()
    if meeting is None or meeting.ics_sequence != sequence:
        return {"emails": 0}
    messages = invitation_messages(meeting, reason)
    with get_connection() as connection:
        sent = connection.send_messages(messages) or 0 if messages else 0
    log.info("meeting %s (%s): %s invitation emails", meeting_id, reason, sent)
    return {"emails": sent}
