"""Worked examples for Arizona: 15 school days to answer a written request; 60 days to the MET decision."""

from __future__ import annotations

from openiep.compliance.tests.helpers import D, deadline, due


def test_answer_to_a_written_request_within_15_school_days():
    # Request 1 Sep 2026: 2-4 Sep 3, Labor Day, 8-11 → 7, 14-18 → 12, 21-23 Sep → 15.
    assert due("AZ", "consent_request_after_referral", referral_received=D(2026, 9, 1)) == D(2026, 9, 23)


def test_fifteen_school_days_over_thanksgiving():
    # Request Mon 16 Nov 2026: 17-20 Nov 4, 23-24 → 6, Thanksgiving, 30 Nov-4 Dec → 11, 7-10 Dec → 15.
    assert due("AZ", "consent_request_after_referral", referral_received=D(2026, 11, 16)) == D(2026, 12, 10)


def test_eligibility_decided_within_60_days_of_consent():
    assert due("AZ", "initial_evaluation", consent_received=D(2026, 9, 14)) == D(2026, 11, 13)


def test_no_break_exclusion_and_late_decision():
    # 1 Dec 2026 + 60 = 30 Jan 2027; the MET decides on 2 Feb → late by 3 days.
    result = deadline("AZ", "initial_evaluation", consent_received=D(2026, 12, 1),
                      evaluation_completed=D(2027, 1, 25), eligibility_determined=D(2027, 2, 2))
    assert (result.due, result.status, result.done_event) == (D(2027, 1, 30), "late", "eligibility_determined")


def test_transition_at_16_is_the_federal_rule():
    result = deadline("AZ", "transition_planning_age", date_of_birth=D(2011, 5, 5))
    assert (result.due, result.jurisdiction) == (D(2027, 5, 5), "federal")
