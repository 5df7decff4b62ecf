"""How the permission harness builds a meeting (and an invitee of it) for a given student."""

from __future__ import annotations

from openiep.meetings.tests.factories import MeetingFactory, ParticipantFactory


def _meeting(student) -> int:
    return MeetingFactory(student=student).pk


def _participant(student) -> int:
    return ParticipantFactory(meeting=MeetingFactory(student=student)).pk


URL_PARAMETERS = {"meeting_id": _meeting, "participant_id": _participant}
