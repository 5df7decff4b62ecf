"""Worked examples from IDEA Part B (34 CFR 300): calendar days, no break exceptions."""

from __future__ import annotations

from openiep.compliance.tests.helpers import D, deadline, due


def test_initial_evaluation_is_60_calendar_days_after_consent():
    # §300.301(c)(1). Consent Mon 14 Sep 2026: 15-30 Sep = 16 days, October 31 → 47, 13 Nov → day 60.
    assert due("federal", "initial_evaluation", consent_received=D(2026, 9, 14)) == D(2026, 11, 13)


def test_initial_evaluation_runs_through_winter_break_and_lands_on_a_saturday():
    # No school-break exception in federal law. Consent 1 Dec 2026: 2-31 Dec = 30 days, 1-30 Jan = 30 → 30 Jan
    # 2027, a Saturday; calendar-day deadlines are not moved off weekends.
    result = deadline("federal", "initial_evaluation", consent_received=D(2026, 12, 1))
    assert result.due == D(2027, 1, 30)
    assert result.skipped == ()
    assert not result.estimated  # a plain calendar-day count needs no school calendar


def test_iep_meeting_within_30_days_of_eligibility():
    # §300.323(c)(1). Eligibility 10 Nov 2026 + 30 days: 11-30 Nov = 20, 1-10 Dec = 10 → 10 Dec 2026.
    assert due("federal", "iep_meeting_after_eligibility", eligibility_determined=D(2026, 11, 10)) == D(2026, 12, 10)


def test_annual_review_is_a_year_after_the_last_iep_meeting():
    # §300.324(b)(1)(i): meeting 10 Dec 2026 → 10 Dec 2027.
    assert due("federal", "annual_review", iep_meeting_held=D(2026, 12, 10)) == D(2027, 12, 10)


def test_annual_review_from_29_february_falls_on_28_february():
    # 29 Feb 2028 + 1 year: 2029 has no 29 February, so the last day of February.
    result = deadline("federal", "annual_review", iep_meeting_held=D(2028, 2, 29))
    assert result.due == D(2029, 2, 28)
    assert any("last day of the month" in line for line in result.explanation)


def test_reevaluation_due_in_three_years_and_not_before_one():
    # §300.303(b): eligibility 10 Nov 2026 → due by 10 Nov 2029, not before 10 Nov 2027 unless agreed.
    assert due("federal", "reevaluation_due", eligibility_determined=D(2026, 11, 10)) == D(2029, 11, 10)
    earliest = deadline("federal", "reevaluation_earliest", eligibility_determined=D(2026, 11, 10))
    assert (earliest.due, earliest.kind) == (D(2027, 11, 10), "earliest")


def test_transition_at_16_and_age_of_majority_notice_at_17():
    # §300.320(b): born 15 Mar 2011 → 16th birthday 15 Mar 2027. §300.320(c): age of majority 18 (the
    # fallback), notice one year before → 17th birthday 15 Mar 2028.
    assert due("federal", "transition_planning_age", date_of_birth=D(2011, 3, 15)) == D(2027, 3, 15)
    notice = deadline("federal", "age_of_majority_notice", date_of_birth=D(2011, 3, 15))
    assert notice.due == D(2028, 3, 15)
    assert notice.confidence == "R"


def test_part_c_child_needs_an_iep_by_the_third_birthday():
    # §300.124(b): born 20 Jan 2024, referred from Part C → IEP in effect by 20 Jan 2027.
    result = deadline("federal", "part_c_to_b", date_of_birth=D(2024, 1, 20),
                      part_c_referral_received=D(2026, 9, 1))
    assert result.due == D(2027, 1, 20)


def test_part_c_rule_gives_no_date_without_a_part_c_referral():
    result = deadline("federal", "part_c_to_b", date_of_birth=D(2024, 1, 20))
    assert result.due is None
    assert "part_c_referral_received" in result.no_date_reason


def test_services_begin_as_soon_as_possible_has_no_number_of_days():
    # §300.323(c)(2) sets no number of days: no date, with the reason.
    result = deadline("federal", "iep_implementation", iep_meeting_held=D(2026, 12, 10))
    assert result.due is None
    assert "as soon as possible" in result.no_date_reason


def test_evaluation_three_days_after_the_deadline_is_late():
    # Due 13 Nov 2026 (first example); report completed 16 Nov → late by 3 days.
    result = deadline("federal", "initial_evaluation", consent_received=D(2026, 9, 14),
                      evaluation_completed=D(2026, 11, 16))
    assert (result.status, result.done_date) == ("late", D(2026, 11, 16))
    assert any("3 days late" in line for line in result.explanation)


def test_missing_start_event_gives_no_date_and_says_which_event():
    result = deadline("federal", "initial_evaluation", referral_received=D(2026, 9, 1))
    assert result.due is None
    assert "consent_received" in result.no_date_reason


def test_open_and_overdue_are_judged_against_today():
    before = deadline("federal", "initial_evaluation", consent_received=D(2026, 9, 14), today=D(2026, 11, 13))
    after = deadline("federal", "initial_evaluation", consent_received=D(2026, 9, 14), today=D(2026, 11, 14))
    assert (before.status, after.status) == ("open", "overdue")
