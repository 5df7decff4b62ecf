"""Stored deadlines follow the records: computed from each case's events, replaced when they change."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from openiep.compliance.models import Deadline
from openiep.compliance.services import calendar_upload, deadlines_recompute
from openiep.compliance.tests.test_school_calendars import SPRINGFIELD_ICS
from openiep.eligibility.models import EligibilityDetermination
from openiep.evaluations.models import Evaluation
from openiep.referrals.models import Consent, Referral

pytestmark = pytest.mark.django_db
D = date


def refer(cast, received_on=date(2026, 9, 1)) -> Referral:
    return Referral.objects.create(
        student=cast.student, received_on=received_on, source=Referral.Source.TEACHER, reason="Reading",
        created_by=cast["case_manager"],
    )


def consent(cast, referral, requested_on=date(2026, 9, 8), received_on=date(2026, 9, 14)) -> Consent:
    return Consent.objects.create(
        student=cast.student, referral=referral, kind=Consent.Kind.INITIAL_EVALUATION,
        status=Consent.Status.GRANTED, requested_on=requested_on, responded_on=received_on,
        created_by=cast["case_manager"],
    )


def stored(cast) -> dict[str, Deadline]:
    return {d.rule_id: d for d in Deadline.objects.filter(student=cast.student)}


def test_a_student_never_referred_has_no_deadlines(cast):
    deadlines_recompute(student_ids=[cast.student.pk])
    assert not Deadline.objects.exists()


def test_consent_starts_the_ohio_60_day_evaluation_clock_owed_by_the_case_manager(cast):
    referral = refer(cast)
    consent(cast, referral)
    deadlines_recompute(student_ids=[cast.student.pk])
    evaluation = stored(cast)["initial_evaluation"]
    # 14 Sep 2026 + 60 calendar days = 13 Nov 2026 (OH counts calendar days, no exclusions).
    assert evaluation.due_on == D(2026, 11, 13)
    assert evaluation.responsible == cast["case_manager"]
    assert (evaluation.district, evaluation.school) == (cast.district, cast.lincoln)
    assert evaluation.cycle == f"referral-{referral.pk}"
    assert evaluation.citation and evaluation.explanation
    assert evaluation.done_on is None


def test_completing_the_evaluation_marks_the_deadline_met_and_starts_the_next(cast):
    referral = refer(cast)
    granted = consent(cast, referral)
    evaluation = Evaluation.objects.create(
        student=cast.student, referral=referral, consent=granted, planned_on=D(2026, 9, 15),
        status=Evaluation.Status.COMPLETED, completed_on=D(2026, 11, 20), created_by=cast["case_manager"],
    )
    EligibilityDetermination.objects.create(
        student=cast.student, evaluation=evaluation, determined_on=D(2026, 11, 30), result="eligible",
        primary_category="specific_learning_disability", adverse_effect=True, needs_special_education=True,
        rationale="Test data", recorded_by=cast["case_manager"],
    )
    deadlines_recompute(student_ids=[cast.student.pk])
    rows = stored(cast)
    assert rows["initial_evaluation"].done_on == D(2026, 11, 20)
    assert rows["initial_evaluation"].days_late == 7  # due 13 Nov
    assert rows["iep_meeting_after_eligibility"].due_on == D(2026, 12, 30)  # 30 days after 30 Nov
    # Eligible: the birthday clocks now apply (transition planning at 14 in Ohio).
    assert "transition_planning_age" in rows
    assert rows["transition_planning_age"].cycle == ""


def test_recomputing_replaces_rather_than_duplicates(cast):
    referral = refer(cast)
    consent(cast, referral)
    deadlines_recompute(student_ids=[cast.student.pk])
    first = Deadline.objects.count()
    deadlines_recompute(student_ids=[cast.student.pk])
    assert Deadline.objects.count() == first


def test_a_new_referral_keeps_what_an_earlier_one_met_and_drops_what_it_left_open(cast):
    old = refer(cast, received_on=D(2024, 9, 3))
    granted = consent(cast, old, requested_on=D(2024, 9, 5), received_on=D(2024, 9, 9))
    Evaluation.objects.create(student=cast.student, referral=old, consent=granted, planned_on=D(2024, 9, 10),
                              status="completed", completed_on=D(2024, 10, 30), created_by=cast["case_manager"])
    deadlines_recompute(student_ids=[cast.student.pk])
    new = refer(cast, received_on=D(2026, 9, 1))
    deadlines_recompute(student_ids=[cast.student.pk])
    old_rows = Deadline.objects.filter(cycle=f"referral-{old.pk}")
    assert old_rows.filter(rule_id="initial_evaluation", done_on=D(2024, 10, 30)).exists()  # kept for Indicator 11
    assert not old_rows.filter(done_on__isnull=True).exists()  # what it left open is superseded
    # Ohio: consent is requested within 30 days of the new referral (1 Sep 2026 + 30 = 1 Oct 2026).
    assert Deadline.objects.get(cycle=f"referral-{new.pk}", rule_id="consent_request_after_referral").due_on == D(
        2026, 10, 1)


def test_impossible_events_refuse_the_write_in_strict_mode_and_are_reported_in_bulk(cast):
    referral = refer(cast)
    consent(cast, referral, requested_on=D(2026, 9, 8), received_on=D(2026, 9, 14))
    Referral.objects.filter(pk=referral.pk).update(received_on=D(2026, 10, 1))  # now after the consent
    with pytest.raises(ValidationError):
        deadlines_recompute(student_ids=[cast.student.pk])
    report = deadlines_recompute(student_ids=[cast.student.pk], strict=False)
    assert cast.student.pk in report.failed
    assert "before" in report.failed[cast.student.pk]


def test_a_calendar_upload_recomputes_the_district_with_school_days(cast):
    cast.district.state = "TX"
    cast.district.save()
    referral = refer(cast)
    consent(cast, referral)
    deadlines_recompute(student_ids=[cast.student.pk])
    assert stored(cast)["initial_evaluation"].estimated
    upload, report = calendar_upload(district=cast.district, name="springfield.ics", ics=SPRINGFIELD_ICS,
                                     actor=cast["district_admin"])
    assert report.students == 1 and not report.failed
    evaluation = stored(cast)["initial_evaluation"]
    assert not evaluation.estimated
    assert "school years" in upload.summary


def test_a_calendar_that_does_not_parse_is_refused_and_nothing_is_stored(cast):
    with pytest.raises(ValidationError) as error:
        calendar_upload(district=cast.district, name="bad.ics", ics="BEGIN:VCALENDAR\nnot a calendar",
                        actor=cast["district_admin"])
    assert "file" in error.value.message_dict
    from openiep.compliance.models import CalendarUpload

    assert not CalendarUpload.objects.exists()


def test_a_student_found_not_eligible_owes_no_iep_meeting_or_reevaluation(cast):
    referral = refer(cast)
    granted = consent(cast, referral)
    evaluation = Evaluation.objects.create(
        student=cast.student, referral=referral, consent=granted, planned_on=D(2026, 9, 15),
        status=Evaluation.Status.COMPLETED, completed_on=D(2026, 11, 2), created_by=cast["case_manager"],
    )
    EligibilityDetermination.objects.create(
        student=cast.student, evaluation=evaluation, determined_on=D(2026, 11, 10), result="not_eligible",
        rationale="Test data", recorded_by=cast["case_manager"],
    )
    deadlines_recompute(student_ids=[cast.student.pk])
    rows = stored(cast)
    assert rows["initial_evaluation"].done_on == D(2026, 11, 2)
    assert not {"iep_meeting_after_eligibility", "reevaluation_due", "reevaluation_earliest"} & set(rows)


def test_a_refusal_with_notice_meets_the_clock_for_answering_the_referral(cast):
    referral = refer(cast)
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.EVALUATION_REFUSED,
                                                   decided_on=D(2026, 9, 20))
    deadlines_recompute(student_ids=[cast.student.pk])
    answer = stored(cast)["consent_request_after_referral"]  # Ohio: 30 days to answer a request
    assert answer.done_on == D(2026, 9, 20)
    assert answer.days_late is None
