"""Worked examples for New York: 60 calendar days to evaluate, 60 school days to placement, transition at 15."""

from __future__ import annotations

from openiep.compliance.tests.helpers import D, deadline, due


def test_initial_evaluation_60_calendar_days():
    # 14 Sep 2026 + 60 = 13 Nov 2026 (no exclusions known) [R].
    result = deadline("NY", "initial_evaluation", consent_received=D(2026, 9, 14))
    assert (result.due, result.confidence) == (D(2026, 11, 13), "R")


def test_initial_evaluation_runs_through_summer():
    # 20 May 2027 + 60: 21-31 May = 11, June = 30 → 41, 1-19 Jul → 60.
    assert due("NY", "initial_evaluation", consent_received=D(2027, 5, 20)) == D(2027, 7, 19)


def test_placement_within_60_school_days_of_consent():
    # 200.4(e)(1). Consent 14 Sep 2026: 45th school day 16 Nov (see Texas); 17-20 Nov → 49, 23-24 → 51,
    # Thanksgiving, 30 Nov-4 Dec → 56, 7-10 Dec → 60.
    assert due("NY", "iep_implementation", consent_received=D(2026, 9, 14)) == D(2026, 12, 10)


def test_placement_clock_over_winter_break():
    # Consent 2 Nov 2026: 45th school day 22 Jan 2027 (see Texas); 25-29 Jan → 50, 1-5 Feb → 55, 8-12 Feb → 60.
    assert due("NY", "iep_implementation", consent_received=D(2026, 11, 2)) == D(2027, 2, 12)


def test_transition_at_15():
    # Born 30 Jun 2012 → 30 Jun 2027.
    result = deadline("NY", "transition_planning_age", date_of_birth=D(2012, 6, 30))
    assert (result.due, result.confidence) == (D(2027, 6, 30), "V")


def test_vocational_assessment_at_12():
    # Born 28 Feb 2015 → 28 Feb 2027 [R].
    assert due("NY", "vocational_assessment_age", date_of_birth=D(2015, 2, 28)) == D(2027, 2, 28)
