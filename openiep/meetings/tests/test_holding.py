"""Holding the meeting: attendance with a typed-name signature, excusals only as 300.321(e) allows, the
required-members check before marking it held, and the deadlines recomputed in the same transaction."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from openiep.compliance.models import Deadline
from openiep.eligibility.tests.factories import EligibilityDeterminationFactory
from openiep.evaluations.tests.factories import CompletedEvaluationFactory
from openiep.meetings import services
from openiep.meetings.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(cast):
    # Starts in an hour, today: the team meets and then marks it held.
    soon = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=5)
    return services.meeting_schedule(student=cast.student, kind="initial", purpose="Write Maya's first IEP.",
                                     starts_at=soon, location="Room 12", actor=cast["case_manager"])


def attend_all(meeting, actor, *, except_role=None):
    for person in meeting.participants.all():
        if person.role != except_role:
            services.attendance_record(participant=person, attendance="attended", attended_by="in_person",
                                       signed_name=person.name, actor=actor)


def test_attendance_is_recorded_with_the_typed_name_and_the_time(cast, meeting):
    parent = meeting.participants.get(role="parent")
    person = services.attendance_record(participant=parent, attendance="attended", attended_by="in_person",
                                        signed_name="Pat Alvarez", actor=cast["case_manager"])
    assert (person.attendance, person.attended_by, person.signed_name) == ("attended", "in_person", "Pat Alvarez")
    assert abs((timezone.now() - person.signed_at).total_seconds()) < 60
    assert person.history.first().history_user == cast["case_manager"]


def test_attending_needs_how(cast, meeting):
    parent = meeting.participants.get(role="parent")
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(participant=parent, attendance="attended", actor=cast["case_manager"])
    assert "attended_by" in exc.value.message_dict
    parent.refresh_from_db()
    assert parent.attendance == "invited"


def test_a_parent_by_phone_needs_the_agreement_to_alternative_means(cast, meeting):
    parent = meeting.participants.get(role="parent")
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(participant=parent, attendance="attended", attended_by="phone",
                                   actor=cast["case_manager"])
    assert "300.328" in exc.value.message_dict["attended_by"][0]


def test_an_excusal_without_written_agreement_is_refused_at_the_field(cast, meeting):
    teacher = meeting.participants.get(role="regular_ed_teacher")
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(participant=teacher, attendance="excused", actor=cast["case_manager"])
    assert "300.321(e)" in exc.value.message_dict["excusal"][0]
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(participant=teacher, attendance="excused", excusal="consented",
                                   excusal_agreed_on=timezone.localdate(), actor=cast["case_manager"])
    assert "written_input_on" in exc.value.message_dict and "written_input" in exc.value.message_dict
    teacher.refresh_from_db()
    assert teacher.attendance == "invited"


def test_an_excusal_with_consent_and_written_input_is_accepted(cast, meeting, today):
    teacher = meeting.participants.get(role="regular_ed_teacher")
    person = services.attendance_record(participant=teacher, attendance="excused", excusal="consented",
                                        excusal_agreed_on=today, written_input_on=today,
                                        written_input="Maya reads at a grade 2 level in class.",
                                        actor=cast["case_manager"])
    assert (person.excusal, person.written_input_on) == ("consented", today)


def test_the_parent_is_never_excused(cast, meeting, today):
    parent = meeting.participants.get(role="parent")
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(participant=parent, attendance="excused", excusal="agreed",
                                   excusal_agreed_on=today, actor=cast["case_manager"])
    assert "never excused" in exc.value.message_dict["attendance"][0]


def test_marking_held_needs_everyone_recorded(cast, meeting, today):
    with pytest.raises(ValidationError) as exc:
        services.meeting_mark_held(meeting=meeting, held_on=today, actor=cast["case_manager"])
    assert "Record attendance for everyone first" in exc.value.message_dict[NON_FIELD_ERRORS][0]
    meeting.refresh_from_db()
    assert meeting.status == "scheduled"


def test_a_missing_required_member_is_shown_and_the_team_must_say_why_it_went_ahead(cast, meeting, today):
    attend_all(meeting, cast["case_manager"], except_role="lea_representative")
    lea = meeting.participants.get(role="lea_representative")
    services.attendance_record(participant=lea, attendance="absent", actor=cast["case_manager"])
    with pytest.raises(ValidationError) as exc:
        services.meeting_mark_held(meeting=meeting, held_on=today, actor=cast["case_manager"])
    assert "district representative" in exc.value.message_dict["go_ahead_despite"][0]
    with pytest.raises(ValidationError) as exc:
        services.meeting_mark_held(meeting=meeting, held_on=today, go_ahead_despite=True, actor=cast["case_manager"])
    assert "minutes_notes" in exc.value.message_dict
    done = services.meeting_mark_held(meeting=meeting, held_on=today, go_ahead_despite=True,
                                      minutes_notes="The principal was called away; the parent agreed to go on.",
                                      actor=cast["case_manager"])
    assert done.status == "held"


def test_an_interpreter_needed_must_be_said_provided_or_not(cast, meeting, today):
    meeting.interpreter_needed, meeting.interpreter_language = True, "es"
    meeting.save()
    attend_all(meeting, cast["case_manager"])
    with pytest.raises(ValidationError) as exc:
        services.meeting_mark_held(meeting=meeting, held_on=today, actor=cast["case_manager"])
    assert "interpreter_provided" in exc.value.message_dict
    done = services.meeting_mark_held(meeting=meeting, held_on=today, interpreter_provided=True,
                                      actor=cast["case_manager"])
    assert done.interpreter_provided is True


def test_held_sets_the_day_and_recomputes_the_deadlines_in_the_same_transaction(cast, meeting, today, monkeypatch):
    evaluation = CompletedEvaluationFactory(student=cast.student, completed_on=today - timedelta(days=12))
    EligibilityDeterminationFactory(evaluation=evaluation, determined_on=today - timedelta(days=10))
    attend_all(meeting, cast["case_manager"])
    done = services.meeting_mark_held(meeting=meeting, held_on=today, actor=cast["case_manager"])
    assert (done.status, done.held_on) == ("held", today)
    deadline = Deadline.objects.get(student=cast.student, rule_id="iep_meeting_after_eligibility")
    assert deadline.done_on == today
    assert Deadline.objects.get(student=cast.student, rule_id="annual_review").start_on == today


def test_a_failing_recompute_rolls_the_held_mark_back(cast, meeting, today, monkeypatch):
    from openiep.compliance import services as compliance_services

    attend_all(meeting, cast["case_manager"])

    def boom(**kwargs):
        raise ValidationError("impossible dates")

    monkeypatch.setattr(compliance_services, "deadlines_recompute", boom)
    with pytest.raises(ValidationError):
        services.meeting_mark_held(meeting=meeting, held_on=today, actor=cast["case_manager"])
    assert Meeting.objects.get(pk=meeting.pk).status == "scheduled"


@pytest.mark.parametrize("offset, words", [(1, "not before"), (-3, "cannot have been held before")])
def test_the_held_day_is_neither_future_nor_before_the_meeting(cast, meeting, today, offset, words):
    attend_all(meeting, cast["case_manager"])
    with pytest.raises(ValidationError) as exc:
        services.meeting_mark_held(meeting=meeting, held_on=today + timedelta(days=offset), actor=cast["case_manager"])
    assert words in exc.value.message_dict["held_on"][0]


def test_a_held_meeting_takes_no_more_attendance(cast, meeting, today):
    attend_all(meeting, cast["case_manager"])
    services.meeting_mark_held(meeting=meeting, held_on=today, actor=cast["case_manager"])
    with pytest.raises(ValidationError):
        services.attendance_record(participant=meeting.participants.first(), attendance="absent",
                                   actor=cast["case_manager"])
