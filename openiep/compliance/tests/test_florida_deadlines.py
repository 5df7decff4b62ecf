"""Worked examples for Florida: 60 calendar days without school holidays and vacations, summer included."""

from __future__ import annotations

from openiep.compliance.tests.helpers import D, deadline, due


def test_thanksgiving_break_days_are_not_counted():
    # Consent 1 Oct 2026: 2-31 Oct = 30, 1-24 Nov → 54; 25-27 Nov (break) skipped; 28 Nov = 55 ... 3 Dec = 60.
    result = deadline("FL", "initial_evaluation", consent_received=D(2026, 10, 1))
    assert result.due == D(2026, 12, 3)
    assert [(s.first_day, s.last_day) for s in result.skipped] == [(D(2026, 11, 25), D(2026, 11, 27))]


def test_winter_break_and_a_single_holiday_are_not_counted():
    # Consent 1 Dec 2026: 2-20 Dec = 19; 21 Dec - 1 Jan (break, weekend inside it too) skipped; Sat 2 Jan = 20
    # (no adjoining weekends in Florida's rule); 17 Jan = 35; MLK Day 18 Jan skipped; 19 Jan = 36; 31 Jan = 48;
    # 12 Feb = 60.
    assert due("FL", "initial_evaluation", consent_received=D(2026, 12, 1)) == D(2027, 2, 12)


def test_summer_is_not_counted():
    # Consent Sat 1 May 2027: 2-30 May = 29; Memorial Day 31 May skipped; 1-4 Jun → 33; summer skipped;
    # 23 Aug = 34; 5 Sep = 47; Labor Day 6 Sep skipped; 7 Sep = 48; 19 Sep 2027 = 60.
    assert due("FL", "initial_evaluation", consent_received=D(2027, 5, 1)) == D(2027, 9, 19)


def test_school_days_absent_beyond_eight_are_not_counted():
    # [U] secondary source. Consent 14 Sep 2026 (usually 13 Nov). Absent 15-18, 21-25 and 28 Sep: ten school
    # days; the 9th (25 Sep) and 10th (28 Sep) are not counted → two more days → Sun 15 Nov 2026.
    absences = [D(2026, 9, day) for day in (15, 16, 17, 18, 21, 22, 23, 24, 25, 28)]
    result = deadline("FL", "initial_evaluation", consent_received=D(2026, 9, 14), absences=absences)
    assert result.due == D(2026, 11, 15)
    assert result.confidence == "U"


def test_eight_absences_change_nothing():
    absences = [D(2026, 9, day) for day in (15, 16, 17, 18, 21, 22, 23, 24)]
    assert due("FL", "initial_evaluation", consent_received=D(2026, 9, 14), absences=absences) == D(2026, 11, 13)


def test_transition_iep_by_14():
    # s.1003.5716(1): born 10 Jan 2013 → 10 Jan 2027.
    assert due("FL", "transition_planning_age", date_of_birth=D(2013, 1, 10)) == D(2027, 1, 10)


def test_without_a_calendar_the_date_is_an_estimate():
    # No calendar: no holidays known, so Thanksgiving is counted: 1 Oct + 60 = 30 Nov, estimated.
    result = deadline("FL", "initial_evaluation", calendar=None, consent_received=D(2026, 10, 1))
    assert (result.due, result.estimated) == (D(2026, 11, 30), True)
    assert any("No school calendar" in line for line in result.explanation)
