"""Scheduling a meeting: who is invited for you, the interpreter and transition defaults, alternative means,
rescheduling (SEQUENCE bumped, a new notice needed) and cancelling (kept, with its reason)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from openiep.meetings import services
from openiep.meetings.models import Meeting, Participant
from openiep.people.models import User
from openiep.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def schedule(cast, when, **changes):
    values = {"student": cast.student, "kind": "initial", "purpose": "Write Maya's first IEP.", "starts_at": when,
              "location": "Lincoln Elementary, room 12", "actor": cast["case_manager"]}
    values.update(changes)
    return services.meeting_schedule(**values)


def test_the_parents_the_team_and_the_classroom_teacher_are_invited(cast, in_two_weeks):
    meeting = schedule(cast, in_two_weeks)
    seats = {(p.name, p.role) for p in meeting.participants.all()}
    assert ("Pat Alvarez", "parent") in seats
    assert (str(cast["case_manager"]), "special_ed_teacher") in seats
    assert (str(cast["sped_teacher"]), "special_ed_teacher") in seats
    assert (str(cast["provider"]), "related_service") in seats
    assert (str(cast["evaluator"]), "evaluation_interpreter") in seats
    assert (str(cast["gened_teacher"]), "regular_ed_teacher") in seats
    assert (str(cast["school_admin"]), "lea_representative") in seats
    assert meeting.participants.get(role="parent").guardian.user == cast["parent"]


def test_the_interpreter_defaults_from_the_parents_needs(cast, in_two_weeks):
    guardian = cast.student.guardianships.get().guardian
    guardian.needs_interpreter = True
    guardian.save()
    meeting = schedule(cast, in_two_weeks)
    assert (meeting.interpreter_needed, meeting.interpreter_language) == (True, "es")
    assert schedule(cast, in_two_weeks, interpreter_needed=False).interpreter_needed is False


def test_from_the_states_transition_age_transition_is_discussed_and_the_student_invited(cast, in_two_weeks):
    cast.student.date_of_birth = in_two_weeks.date().replace(year=in_two_weeks.year - 14)  # Ohio: 14
    cast.student.save()
    meeting = schedule(cast, in_two_weeks, kind="annual")
    assert meeting.transition_discussed is True
    assert meeting.participants.filter(role="student", name=cast.student.full_name).exists()


def test_a_young_child_has_no_transition_on_the_agenda(cast, in_two_weeks):
    cast.student.date_of_birth = date(2018, 1, 1)
    cast.student.save()
    meeting = schedule(cast, in_two_weeks)
    assert meeting.transition_discussed is False
    assert not meeting.participants.filter(role="student").exists()


def test_video_needs_the_parents_agreement(cast, in_two_weeks):
    with pytest.raises(ValidationError) as exc:
        schedule(cast, in_two_weeks, modality="video")
    assert "300.328" in exc.value.message_dict["alternative_means_agreed"][0]
    assert not Meeting.objects.exists()
    assert schedule(cast, in_two_weeks, modality="video", alternative_means_agreed=True).modality == "video"


@pytest.mark.parametrize("changes, field", [
    ({"purpose": " "}, "purpose"),
    ({"location": ""}, "location"),
    ({"kind": "party"}, "kind"),
    ({"duration_minutes": 0}, "duration_minutes"),
    ({"starts_at": None}, "starts_at"),
    ({"interpreter_needed": True, "interpreter_language": ""}, "interpreter_language"),
])
def test_bad_input_is_named_at_the_field_and_nothing_is_written(cast, in_two_weeks, changes, field):
    with pytest.raises(ValidationError) as exc:
        schedule(cast, in_two_weeks, **changes)
    assert field in exc.value.message_dict
    assert not Meeting.objects.exists() and not Participant.objects.exists()


def test_a_time_in_the_past_cannot_be_scheduled(cast):
    with pytest.raises(ValidationError) as exc:
        schedule(cast, timezone.now() - timedelta(hours=1))
    assert "passed" in exc.value.message_dict["starts_at"][0]


def test_rescheduling_bumps_the_sequence_and_asks_for_a_new_notice(cast, in_two_weeks):
    meeting = schedule(cast, in_two_weeks)
    meeting.notice_sent_on, meeting.notice_method = timezone.localdate(), "Mail"
    meeting.save()
    moved = services.meeting_update(meeting=meeting, starts_at=in_two_weeks + timedelta(days=1),
                                    actor=cast["case_manager"])
    assert (moved.ics_sequence, moved.notice_sent_on) == (1, None)
    same = services.meeting_update(meeting=moved, purpose="Write the IEP and review the evaluation.",
                                   actor=cast["case_manager"])
    assert same.ics_sequence == 1
    assert same.history.first().history_user == cast["case_manager"]


def test_cancelling_keeps_the_record_with_its_reason(cast, in_two_weeks):
    meeting = schedule(cast, in_two_weeks)
    with pytest.raises(ValidationError) as exc:
        services.meeting_cancel(meeting=meeting, reason="  ", actor=cast["case_manager"])
    assert "cancelled_reason" in exc.value.message_dict
    cancelled = services.meeting_cancel(meeting=meeting, reason="Parent asked to move it", actor=cast["case_manager"])
    assert (cancelled.status, cancelled.cancelled_reason, cancelled.ics_sequence) == ("cancelled",
                                                                                      "Parent asked to move it", 1)
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    with pytest.raises(ValidationError):
        services.meeting_update(meeting=cancelled, purpose="x", actor=cast["case_manager"])


def test_anyone_can_be_invited_by_name_and_an_agency_needs_consent(cast, in_two_weeks):
    meeting = schedule(cast, in_two_weeks)
    person = services.participant_add(meeting=meeting, name="Dr. Rivera", email="rivera@example.org",
                                      role="advocate", actor=cast["case_manager"])
    assert person.pk and person.email == "rivera@example.org"
    with pytest.raises(ValidationError) as exc:
        services.participant_add(meeting=meeting, name="Vocational Rehab", role="agency", actor=cast["case_manager"])
    assert "agency_consent_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.participant_add(meeting=meeting, name=" ", role="other", actor=cast["case_manager"])
    assert "name" in exc.value.message_dict


def test_a_student_who_holds_the_rights_is_invited(cast, in_two_weeks):
    user = UserFactory(role=User.Role.STUDENT, district=cast.district, email="maya@example.org")
    cast.student.user = user
    cast.student.rights_transferred_on = timezone.localdate() - timedelta(days=30)
    cast.student.save()
    meeting = schedule(cast, in_two_weeks)
    assert meeting.participants.filter(role="student", email="maya@example.org").exists()


def test_a_meeting_under_way_can_still_get_notes_on_its_purpose_but_not_be_moved_into_the_past(cast):
    meeting = schedule(cast, timezone.now() + timedelta(minutes=1))
    meeting.starts_at = timezone.now() - timedelta(minutes=20)  # it has started
    meeting.save()
    updated = services.meeting_update(meeting=meeting, purpose="Write the IEP; review the evaluation first.",
                                      actor=cast["case_manager"])
    assert updated.ics_sequence == 0
    with pytest.raises(ValidationError) as exc:
        services.meeting_update(meeting=meeting, starts_at=timezone.now() - timedelta(days=1),
                                actor=cast["case_manager"])
    assert "starts_at" in exc.value.message_dict


def test_a_held_meeting_keeps_its_invitations(cast, in_two_weeks):
    meeting = schedule(cast, in_two_weeks)
    Meeting.objects.filter(pk=meeting.pk).update(status="held", held_on=timezone.localdate())
    with pytest.raises(ValidationError):
        services.participant_remove(participant=meeting.participants.first(), actor=cast["case_manager"])
    with pytest.raises(ValidationError):
        services.participant_add(meeting=meeting, name="Late comer", role="other", actor=cast["case_manager"])
