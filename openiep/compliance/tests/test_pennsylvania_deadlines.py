"""Worked examples for Pennsylvania: 22 Pa. Code 14.123 (summer excluded), 14.131, 14.124."""

from __future__ import annotations

from openiep.compliance.tests.helpers import D, deadline, due


def test_permission_to_evaluate_within_10_days_of_a_request():
    # 1 Sep 2026 + 10 = 11 Sep 2026.
    assert due("PA", "consent_request_after_referral", referral_received=D(2026, 9, 1)) == D(2026, 9, 11)


def test_evaluation_report_skips_summer():
    # Consent Sat 1 May 2027: 2-31 May = 30 (Memorial Day counts: only summer is excluded); 1-4 Jun → 34;
    # 5 Jun - 22 Aug skipped; 23 Aug = 35; 31 Aug = 43; 17 Sep 2027 = 60.
    result = deadline("PA", "initial_evaluation", consent_received=D(2027, 5, 1))
    assert result.due == D(2027, 9, 17)
    assert [s.reason for s in result.skipped] == ["summer (between school years)"]


def test_evaluation_report_counts_thanksgiving():
    # Consent 1 Oct 2026 + 60 = 30 Nov 2026; breaks during the year are not excluded.
    assert due("PA", "initial_evaluation", consent_received=D(2026, 10, 1)) == D(2026, 11, 30)


def test_iep_meeting_window_after_the_report():
    # Report Fri 20 Nov 2026. Meeting not before 10 school days: 23, 24 Nov (Thanksgiving 25-27), 30 Nov,
    # 1-4 Dec → 7, 7-9 Dec → 10 = 9 Dec. Meeting by 30 calendar days: 20 Nov + 30 = 20 Dec.
    earliest = deadline("PA", "iep_meeting_earliest", evaluation_completed=D(2026, 11, 20))
    assert (earliest.due, earliest.kind) == (D(2026, 12, 9), "earliest")
    assert due("PA", "iep_meeting_after_eligibility", evaluation_completed=D(2026, 11, 20)) == D(2026, 12, 20)


def test_iep_implemented_within_10_school_days_across_winter_break():
    # Meeting Tue 15 Dec 2026: 16-18 Dec = 3, winter break, 4-8 Jan → 8, 11-12 Jan → 10 = 12 Jan 2027.
    assert due("PA", "iep_implementation", iep_meeting_held=D(2026, 12, 15)) == D(2027, 1, 12)


def test_intellectual_disability_reevaluation_every_two_years():
    # 14.124(c): eligibility 10 Nov 2026 → 10 Nov 2028 (the general rule stays 10 Nov 2029).
    assert due("PA", "reevaluation_due_intellectual_disability", eligibility_determined=D(2026, 11, 10)) == D(
        2028, 11, 10
    )
    assert due("PA", "reevaluation_due", eligibility_determined=D(2026, 11, 10)) == D(2029, 11, 10)


def test_transition_at_14_is_flagged_as_from_district_guides():
    result = deadline("PA", "transition_planning_age", date_of_birth=D(2013, 4, 1))
    assert (result.due, result.confidence) == (D(2027, 4, 1), "R")
