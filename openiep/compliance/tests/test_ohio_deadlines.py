"""Worked examples for Ohio: consent within 30 days of a request; federal clocks otherwise; transition at 14."""

from __future__ import annotations

from openiep.compliance.tests.helpers import D, deadline, due


def test_consent_or_refusal_within_30_days_of_a_request():
    # Request 1 Sep 2026: 2-30 Sep = 29, 1 Oct = 30.
    assert due("OH", "consent_request_after_referral", referral_received=D(2026, 9, 1)) == D(2026, 10, 1)


def test_evaluation_team_report_60_days_after_consent():
    assert due("OH", "initial_evaluation", consent_received=D(2026, 9, 14)) == D(2026, 11, 13)


def test_no_exclusions_over_winter_break():
    # 1 Dec 2026 + 60 = 30 Jan 2027, nothing skipped.
    result = deadline("OH", "initial_evaluation", consent_received=D(2026, 12, 1))
    assert (result.due, result.skipped) == (D(2027, 1, 30), ())


def test_iep_meeting_uses_the_federal_30_days():
    # Inherited §300.323(c)(1): eligibility 13 Nov 2026 + 30 = 13 Dec 2026.
    result = deadline("OH", "iep_meeting_after_eligibility", eligibility_determined=D(2026, 11, 13))
    assert (result.due, result.jurisdiction) == (D(2026, 12, 13), "federal")


def test_course_of_study_at_14_and_postsecondary_goals_at_16():
    # Born 1 Apr 2013: 14th birthday 1 Apr 2027, 16th 1 Apr 2029.
    assert due("OH", "transition_planning_age", date_of_birth=D(2013, 4, 1)) == D(2027, 4, 1)
    assert due("OH", "postsecondary_goals_age", date_of_birth=D(2013, 4, 1)) == D(2029, 4, 1)
