"""Worked examples for California: Ed Code 56344(a) skips summer and vacations of more than 5 school days."""

from __future__ import annotations

from openiep.compliance.tests.helpers import D, deadline, due


def test_sixty_days_stop_for_winter_break_and_its_weekends():
    # Consent 1 Dec 2026: 2-18 Dec = 17 days. Winter break is 10 school days (> 5): Sat 19 Dec - Sun 3 Jan
    # are not counted (the clock "recommences on the date that pupil schooldays reconvene"). Mon 4 Jan = day
    # 18; 31 Jan = day 45; 15 Feb = day 60.
    result = deadline("CA", "initial_evaluation", referral_received=D(2026, 11, 2), consent_received=D(2026, 12, 1))
    assert result.due == D(2027, 2, 15)
    assert [(s.first_day, s.last_day, s.days) for s in result.skipped] == [(D(2026, 12, 19), D(2027, 1, 3), 16)]
    assert "Winter Break" in result.skipped[0].reason


def test_spring_break_of_exactly_five_school_days_is_counted():
    # Spring break 22-26 Mar is 5 school days, not "in excess of five": nothing skipped.
    # Consent 1 Mar 2027: 2-31 Mar = 30, 1-30 Apr = 30 → 30 Apr.
    result = deadline("CA", "initial_evaluation", referral_received=D(2027, 2, 1), consent_received=D(2027, 3, 1))
    assert result.due == D(2027, 4, 30)
    assert result.skipped == ()


def test_days_between_school_years_are_not_counted():
    # Referral 15 Mar 2027 (81 days before the last day: no end-of-year rule). Consent 20 Apr: 21-30 Apr = 10,
    # May = 31 → 41, 1-4 Jun → 45. Summer 5 Jun - 22 Aug skipped. Mon 23 Aug = 46; 6 Sep = 60 (Labor Day:
    # a calendar-day due date is not moved).
    result = deadline("CA", "initial_evaluation", referral_received=D(2027, 3, 15), consent_received=D(2027, 4, 20))
    assert result.due == D(2027, 9, 6)
    assert [(s.first_day, s.last_day) for s in result.skipped] == [(D(2027, 6, 5), D(2027, 8, 22))]


def test_referral_25_days_before_year_end_moves_the_iep_to_30_days_after_next_start():
    # Referral 10 May 2027 is 25 days before the last day (4 Jun): 30 or fewer → the IEP is due 30 days
    # after the next school year starts (23 Aug 2027): 22 Sep 2027.
    result = deadline("CA", "initial_evaluation", referral_received=D(2027, 5, 10), consent_received=D(2027, 5, 20))
    assert result.due == D(2027, 9, 22)
    assert any("End-of-year rule" in line and "applies" in line for line in result.explanation)


def test_referral_exactly_30_days_before_year_end_still_uses_the_end_of_year_rule():
    # 5 May → 4 Jun is 30 days: "30 days or less" → 23 Aug + 30 = 22 Sep 2027.
    assert due("CA", "initial_evaluation", referral_received=D(2027, 5, 5), consent_received=D(2027, 5, 12)) == D(
        2027, 9, 22
    )


def test_referral_31_days_before_year_end_uses_the_usual_count_over_summer():
    # 4 May → 4 Jun is 31 days: usual rule. Consent 10 May: 11-31 May = 21, 1-4 Jun → 25, summer skipped,
    # 23 Aug = 26, 23 Aug + 34 days = 26 Sep 2027 = day 60.
    assert due("CA", "initial_evaluation", referral_received=D(2027, 5, 4), consent_received=D(2027, 5, 10)) == D(
        2027, 9, 26
    )


def test_without_the_referral_date_the_end_of_year_rule_is_unchecked_and_estimated():
    result = deadline("CA", "initial_evaluation", consent_received=D(2026, 9, 14))
    assert result.due == D(2026, 11, 13)  # 60 plain days: no vacation in between
    assert result.estimated
    assert any("referral_received is not recorded" in line for line in result.explanation)


def test_assessment_plan_within_15_days_of_referral():
    # Referral 1 Sep 2026 + 15 = 16 Sep.
    assert due("CA", "consent_request_after_referral", referral_received=D(2026, 9, 1)) == D(2026, 9, 16)


def test_assessment_plan_clock_stops_over_winter_break():
    # Referral Mon 14 Dec 2026: 15-18 Dec = 4 days; 19 Dec - 3 Jan skipped; 4 Jan = 5; 14 Jan = 15.
    assert due("CA", "consent_request_after_referral", referral_received=D(2026, 12, 14)) == D(2027, 1, 14)


def test_transition_at_16_cites_california_law():
    result = deadline("CA", "transition_planning_age", date_of_birth=D(2011, 3, 15))
    assert result.due == D(2027, 3, 15)
    assert "AB 438" in result.citation
