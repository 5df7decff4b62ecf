"""Worked examples for Georgia: breaks of 5 or more school days stop the clock, with their weekends."""

from __future__ import annotations

from openiep.compliance.tests.helpers import D, deadline, due


def test_thanksgiving_break_of_three_days_is_counted():
    # 3 school days < 5: 1 Oct 2026 + 60 = 30 Nov 2026.
    assert due("GA", "initial_evaluation", consent_received=D(2026, 10, 1)) == D(2026, 11, 30)


def test_winter_break_and_adjoining_weekends_are_skipped():
    # Consent 1 Dec 2026: 2-18 Dec = 17; Sat 19 Dec - Sun 3 Jan skipped (16 days); 4 Jan = 18; 15 Feb = 60.
    result = deadline("GA", "initial_evaluation", consent_received=D(2026, 12, 1))
    assert result.due == D(2027, 2, 15)
    assert result.skipped[0].days == 16


def test_spring_break_of_exactly_five_school_days_is_skipped():
    # Consent 1 Mar 2027: 2-19 Mar = 18; Sat 20 - Sun 28 Mar skipped (9 days); 29 Mar = 19; 31 Mar = 21;
    # 30 Apr = 51; 9 May = 60.
    assert due("GA", "initial_evaluation", consent_received=D(2027, 3, 1)) == D(2027, 5, 9)


def test_summer_is_skipped_but_flagged_uncertain():
    # Consent 1 May 2027: 2-31 May = 30 (Memorial Day is 1 day: counted); 1-4 Jun → 34; summer skipped;
    # 23 Aug = 35; 31 Aug = 43; 17 Sep 2027 = 60. The summer rule's text is truncated: [U].
    result = deadline("GA", "initial_evaluation", consent_received=D(2027, 5, 1))
    assert (result.due, result.confidence) == (D(2027, 9, 17), "U")


def test_iep_meeting_uses_the_federal_30_days():
    # Eligibility 15 Feb 2027: 16-28 Feb = 13, 1-17 Mar = 17 → 17 Mar 2027.
    assert due("GA", "iep_meeting_after_eligibility", eligibility_determined=D(2027, 2, 15)) == D(2027, 3, 17)
