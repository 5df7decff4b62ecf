"""Worked examples for Illinois: 23 Ill. Adm. Code 226.110, 60 school days and the fewer-than-60 rule."""

from __future__ import annotations

from openiep.compliance.tests.helpers import D, deadline, due


def test_decision_on_a_request_within_14_school_days_is_flagged_as_secondary():
    # Request 1 Sep 2026: 2-4 Sep = 3, Labor Day, 8-11 → 7, 14-18 → 12, 21-22 Sep → 14.
    result = deadline("IL", "consent_request_after_referral", referral_received=D(2026, 9, 1))
    assert (result.due, result.confidence) == (D(2026, 9, 22), "R")


def test_evaluation_and_iep_meeting_within_60_school_days():
    # Consent 14 Sep 2026: 60th school day is 10 Dec 2026 (see New York's placement clock).
    assert due("IL", "initial_evaluation", consent_received=D(2026, 9, 14)) == D(2026, 12, 10)


def test_sixty_school_days_over_winter_break():
    # Consent 2 Nov 2026 → 12 Feb 2027 (45th school day 22 Jan, then 15 more).
    assert due("IL", "initial_evaluation", consent_received=D(2026, 11, 2)) == D(2027, 2, 12)


def test_fewer_than_60_school_days_left_means_before_next_first_day():
    # Consent Fri 5 Mar 2027: 59 school days left (see helpers) → before the first day of 2027-28
    # (Mon 23 Aug 2027): by Sun 22 Aug 2027.
    result = deadline("IL", "initial_evaluation", consent_received=D(2027, 3, 5))
    assert result.due == D(2027, 8, 22)
    assert any("59 school days" in line for line in result.explanation)


def test_exactly_60_school_days_left_uses_the_usual_count():
    # Consent Thu 4 Mar 2027: 60 school days left → 60th school day is the last day, Fri 4 Jun 2027.
    assert due("IL", "initial_evaluation", consent_received=D(2027, 3, 4)) == D(2027, 6, 4)


def test_end_of_year_rule_without_next_years_calendar_gives_no_date():
    from openiep.compliance.calendars import SchoolCalendar
    from openiep.compliance.tests.helpers import SPRINGFIELD

    one_year = SchoolCalendar(years=SPRINGFIELD.years[:1], closures=SPRINGFIELD.closures)
    result = deadline("IL", "initial_evaluation", calendar=one_year, consent_received=D(2027, 3, 5))
    assert result.due is None
    assert "next year's calendar" in result.no_date_reason


def test_transition_at_fourteen_and_a_half():
    # P.A. 96-0187: born 15 Sep 2012 → 14 years 6 months → 15 Mar 2027.
    assert due("IL", "transition_planning_age", date_of_birth=D(2012, 9, 15)) == D(2027, 3, 15)
