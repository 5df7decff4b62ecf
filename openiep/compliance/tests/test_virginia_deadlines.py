"""Worked examples for Virginia: 65 business days from referral to eligibility (8VAC20-81-60)."""

from __future__ import annotations

from openiep.compliance.tests.helpers import D, deadline, due


def test_65_business_days_skip_weekends_and_federal_holidays():
    # Referral Tue 1 Sep 2026. Holidays: Labor Day 7 Sep, Columbus Day 12 Oct, Veterans Day Wed 11 Nov,
    # Thanksgiving Thu 26 Nov (25 and 27 Nov are break days, still business days).
    # 2-4 Sep 3, 8-11 → 7, 14-18 → 12, 21-25 → 17, 28 Sep-2 Oct → 22, 5-9 Oct → 27, 13-16 → 31,
    # 19-23 → 36, 26-30 → 41, 2-6 Nov → 46, 9,10,12,13 → 50, 16-20 → 55, 23,24,25,27 → 59,
    # 30 Nov-4 Dec → 64, Mon 7 Dec = 65.
    result = deadline("VA", "initial_evaluation", referral_received=D(2026, 9, 1))
    assert result.due == D(2026, 12, 7)
    assert {"Columbus Day (holiday)", "Veterans Day (holiday)", "Thanksgiving Day (holiday)"} <= {
        s.reason for s in result.skipped
    }


def test_winter_break_weekdays_are_business_days_except_the_holidays():
    # Referral 1 Dec 2026: 2-4 Dec 3, 7-11 → 8, 14-18 → 13, 21-24 → 17 (Christmas 25), 28-31 → 21
    # (New Year 1 Jan), 4-8 Jan → 26, 11-15 → 31 (MLK 18), 19-22 → 35, 25-29 → 40, 1-5 Feb → 45,
    # 8-12 → 50 (Washington's Birthday 15), 16-19 → 54, 22-26 → 59, 1-5 Mar → 64, Mon 8 Mar = 65.
    assert due("VA", "initial_evaluation", referral_received=D(2026, 12, 1)) == D(2027, 3, 8)


def test_summer_weekdays_are_business_days():
    # Referral Mon 3 May 2027: 4-7 May 4, 10-14 → 9, 17-21 → 14, 24-28 → 19 (Memorial Day 31), 1-4 Jun → 23,
    # 7-11 → 28, 14-17 → 32 (Juneteenth observed Fri 18 Jun), 21-25 → 37, 28 Jun-2 Jul → 42 (Independence
    # Day observed Mon 5 Jul), 6-9 → 46, 12-16 → 51, 19-23 → 56, 26-30 → 61, 2-5 Aug → 65.
    assert due("VA", "initial_evaluation", referral_received=D(2027, 5, 3)) == D(2027, 8, 5)


def test_without_a_calendar_federal_holidays_still_count_but_the_date_is_estimated():
    # Same as the first example: the calendar adds no holiday beyond the federal ones → 7 Dec, estimated.
    result = deadline("VA", "initial_evaluation", calendar=None, referral_received=D(2026, 9, 1))
    assert (result.due, result.estimated) == (D(2026, 12, 7), True)


def test_transition_at_14():
    # Born 1 Sep 2013 → 1 Sep 2027.
    assert due("VA", "transition_planning_age", date_of_birth=D(2013, 9, 1)) == D(2027, 9, 1)


def test_iep_meeting_uses_the_federal_30_days():
    # 30 days [R] in law.md, the same as federal: inherited. Eligibility 7 Dec 2026 + 30 = 6 Jan 2027.
    result = deadline("VA", "iep_meeting_after_eligibility", eligibility_determined=D(2026, 12, 7))
    assert (result.due, result.jurisdiction) == (D(2027, 1, 6), "federal")
