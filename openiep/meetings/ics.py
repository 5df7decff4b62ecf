"""The iCalendar invitation (RFC 5545 / iTIP RFC 5546) for an IEP meeting, written with the ``icalendar``
package: METHOD:REQUEST while scheduled (SEQUENCE bumped on each change of time or place, so calendars update
the same event, found by its stable UID), METHOD:CANCEL once cancelled. Times are in the district's time zone
(``settings.TIME_ZONE``: a district has no zone of its own yet) with its VTIMEZONE, so calendars show the
local time whatever the reader's zone."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from openiep.meetings.models import Meeting, Participant

PRODID = "-//OpenIEP//IEP meetings//EN"


def meeting_uid(meeting: Meeting) -> str:
    """Stable for the life of the meeting: every update and the cancellation name the same event."""
    return f"meeting-{meeting.pk}@openiep"


def district_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _address(email: str, name: str, **params: str) -> vCalAddress:
    # A person without an email address still appears, by name (RFC 5545 needs a URI: an empty mailto).
    address = vCalAddress(f"mailto:{email}" if email else "mailto:")
    address.params["CN"] = vText(name)
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


PARTSTAT = {
    Participant.Attendance.INVITED: "NEEDS-ACTION",
    Participant.Attendance.ATTENDED: "ACCEPTED",
    Participant.Attendance.EXCUSED: "DECLINED",
    Participant.Attendance.ABSENT: "DECLINED",
}


def meeting_calendar(meeting: Meeting, *, participants: list[Participant], organizer_name: str,
                     organizer_email: str, student_name: str) -> bytes:
    """The .ics bytes for the meeting, for every invitee (each finds themselves among the ATTENDEE lines)."""
    cancelled = meeting.status == Meeting.Status.CANCELLED
    zone = district_zone()
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.ics_sequence)
    event.add("dtstamp", timezone.now())
    start = meeting.starts_at.astimezone(zone)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=meeting.duration_minutes))
    event.add("summary", f"IEP meeting for {student_name}: {meeting.get_kind_display()}")
    description = [meeting.purpose, f"How: {meeting.get_modality_display()}."]
    if meeting.interpreter_needed:
        description.append("An interpreter will be there.")
    event.add("description", "\n".join(description))
    event.add("location", meeting.location)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("organizer", _address(organizer_email, organizer_name or "OpenIEP"))
    for person in participants:
        event.add("attendee", _address(person.email, person.name, ROLE="REQ-PARTICIPANT", RSVP="FALSE",
                                       PARTSTAT=PARTSTAT.get(person.attendance, "NEEDS-ACTION")),
                  encode=False)
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
