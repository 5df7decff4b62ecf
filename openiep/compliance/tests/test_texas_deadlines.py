"""Worked examples for Texas: TEC 29.004 counts 45 school days, adds absences, and has a June 30 rule."""

from __future__ import annotations

from openiep.compliance.tests.helpers import D, deadline, due


def test_consent_form_within_15_school_days_of_a_written_request():
    # 19 TAC 89.1011(b). Request Tue 1 Sep 2026: 2-4 Sep = 3, Labor Day 7 Sep skipped, 8-11 Sep → 7,
    # 14-18 Sep → 12, 21-23 Sep → 15.
    assert due("TX", "consent_request_after_referral", referral_received=D(2026, 9, 1)) == D(2026, 9, 23)


def test_evaluation_report_45_school_days_after_consent():
    # Consent Mon 14 Sep 2026: five school days a week from 15 Sep (no closures until 25 Nov):
    # 15-18 Sep = 4, then +5 a week → 44 on Fri 13 Nov, Mon 16 Nov = 45.
    assert due("TX", "initial_evaluation", consent_received=D(2026, 9, 14)) == D(2026, 11, 16)


def test_thanksgiving_winter_break_and_mlk_day_are_not_school_days():
    # Consent Mon 2 Nov 2026: 3-6 Nov 4, 9-13 → 9, 16-20 → 14, 23-24 → 16 (25-27 Thanksgiving),
    # 30 Nov-4 Dec → 21, 7-11 → 26, 14-18 → 31 (winter break), 4-8 Jan → 36, 11-15 → 41 (18 Jan MLK),
    # 19-22 Jan → 45.
    result = deadline("TX", "initial_evaluation", consent_received=D(2026, 11, 2))
    assert result.due == D(2027, 1, 22)
    reasons = {s.reason for s in result.skipped}
    assert {"weekend", "Thanksgiving Break (no school)", "Winter Break (no school)"} <= reasons
    assert "Martin Luther King Jr. Day (holiday)" in reasons


def test_three_absences_extend_the_period_by_three_school_days():
    # Same as above (22 Jan) with absences 3, 4, 5 Nov: 3 or more → +3 school days: 25, 26, 27 Jan.
    result = deadline("TX", "initial_evaluation", consent_received=D(2026, 11, 2),
                      absences=[D(2026, 11, 3), D(2026, 11, 4), D(2026, 11, 5)])
    assert result.due == D(2027, 1, 27)


def test_two_absences_do_not_extend_the_period():
    assert due("TX", "initial_evaluation", consent_received=D(2026, 11, 2),
               absences=[D(2026, 11, 3), D(2026, 11, 4)]) == D(2027, 1, 22)


def test_consent_44_school_days_before_the_last_day_makes_the_report_due_june_30():
    # TEC 29.004(a-1). Consent Fri 2 Apr 2027: 44 school days left (see helpers) → between 35 and 44 →
    # report by 30 Jun 2027.
    result = deadline("TX", "initial_evaluation", consent_received=D(2027, 4, 2))
    assert result.due == D(2027, 6, 30)
    assert any("15th school day" in line for line in result.explanation)


def test_consent_35_school_days_before_the_last_day_is_also_june_30():
    # Consent Thu 15 Apr 2027: 35 school days left → 30 Jun 2027.
    assert due("TX", "initial_evaluation", consent_received=D(2027, 4, 15)) == D(2027, 6, 30)


def test_consent_45_school_days_before_the_last_day_is_due_on_the_last_day():
    # Consent Thu 1 Apr 2027: 45 school days left → usual rule; the 45th school day is Fri 4 Jun.
    assert due("TX", "initial_evaluation", consent_received=D(2027, 4, 1)) == D(2027, 6, 4)


def test_consent_34_school_days_before_the_last_day_carries_into_the_fall():
    # Consent Fri 16 Apr 2027: 34 school days to 4 Jun; summer is not school days; 23-27 Aug → 39,
    # 30 Aug-3 Sep → 44, Labor Day 6 Sep closed, Tue 7 Sep 2027 = 45.
    result = deadline("TX", "initial_evaluation", consent_received=D(2027, 4, 16))
    assert result.due == D(2027, 9, 7)
    assert not result.estimated
    assert any(s.reason == "summer" for s in result.skipped)


def test_june_30_rule_gives_way_when_the_student_misses_three_days():
    # Consent 2 Apr 2027 (44 left) but absent 5, 6, 7 Apr: the 45-school-day rule applies. 44th school
    # day is 4 Jun; summer; Mon 23 Aug = 45th; +3 for the absences → 24, 25, 26 Aug.
    result = deadline("TX", "initial_evaluation", consent_received=D(2027, 4, 2),
                      absences=[D(2027, 4, 5), D(2027, 4, 6), D(2027, 4, 7)])
    assert result.due == D(2027, 8, 26)


def test_ard_meeting_30_days_after_the_report_is_flagged_as_recalled():
    # Report 16 Nov 2026 + 30 calendar days = 16 Dec 2026 [R].
    result = deadline("TX", "iep_meeting_after_eligibility", evaluation_completed=D(2026, 11, 16))
    assert (result.due, result.confidence) == (D(2026, 12, 16), "R")


def test_transition_planning_at_14():
    # TEC 29.0111: born 1 Oct 2012 → 1 Oct 2026.
    assert due("TX", "transition_planning_age", date_of_birth=D(2012, 10, 1)) == D(2026, 10, 1)
