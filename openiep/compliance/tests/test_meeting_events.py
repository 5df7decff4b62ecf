"""A held IEP meeting is the ``iep_meeting_held`` event: it meets the 30 days after eligibility and starts the
annual review; amendments, cancelled and scheduled meetings do not count."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from openiep.compliance.models import Deadline
from openiep.compliance.services import case_events, deadlines_recompute
from openiep.eligibility.tests.factories import EligibilityDeterminationFactory
from openiep.evaluations.tests.factories import CompletedEvaluationFactory
from openiep.meetings.models import Meeting
from openiep.meetings.tests.factories import HeldMeetingFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def held(cast, on: date, kind="initial"):
    starts_at = datetime(on.year, on.month, on.day, 15, tzinfo=UTC)
    return HeldMeetingFactory(student=cast.student, kind=kind, held_on=on, starts_at=starts_at)


def test_the_latest_held_iep_meeting_is_the_event(cast):
    held(cast, date(2026, 10, 1))
    held(cast, date(2026, 11, 2), kind="annual")
    held(cast, date(2026, 11, 20), kind="amendment")  # does not restart the year
    MeetingFactory(student=cast.student, kind="annual")  # scheduled, not held
    MeetingFactory(student=cast.student, kind="annual", status=Meeting.Status.CANCELLED, cancelled_reason="x")
    assert case_events([cast.student.pk])[cast.student.pk].events["iep_meeting_held"] == date(2026, 11, 2)


def test_a_student_with_no_held_meeting_has_no_event(cast):
    MeetingFactory(student=cast.student)
    assert "iep_meeting_held" not in case_events([cast.student.pk])[cast.student.pk].events


def test_the_meeting_meets_the_30_days_and_starts_the_annual_review(cast, today):
    evaluation = CompletedEvaluationFactory(student=cast.student, completed_on=today - timedelta(days=25))
    EligibilityDeterminationFactory(evaluation=evaluation, determined_on=today - timedelta(days=20))
    deadlines_recompute(student_ids=[cast.student.pk])
    meeting_rule = Deadline.objects.get(student=cast.student, done_event="iep_meeting_held",
                                        start_event="eligibility_determined")
    assert meeting_rule.done_on is None
    meeting_day = today - timedelta(days=5)
    held(cast, meeting_day)
    deadlines_recompute(student_ids=[cast.student.pk])
    meeting_rule = Deadline.objects.get(student=cast.student, done_event="iep_meeting_held",
                                        start_event="eligibility_determined")
    assert meeting_rule.done_on == meeting_day
    annual = Deadline.objects.get(student=cast.student, rule_id="annual_review")
    assert annual.start_on == meeting_day
    assert annual.due_on.year == meeting_day.year + 1
