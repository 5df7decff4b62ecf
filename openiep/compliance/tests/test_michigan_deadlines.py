"""Worked examples for Michigan: R 340.1721b counts school days for every step."""

from __future__ import annotations

from openiep.compliance.tests.helpers import D, deadline, due


def test_consent_request_within_10_school_days():
    # Request 1 Sep 2026: 2-4 Sep = 3, Labor Day, 8-11 → 7, 14-16 Sep → 10.
    assert due("MI", "consent_request_after_referral", referral_received=D(2026, 9, 1)) == D(2026, 9, 16)


def test_notice_of_fape_offer_within_30_school_days_of_consent():
    # Consent 14 Sep 2026: 15-18 Sep = 4, +5 a week → 29 on 23 Oct, Mon 26 Oct = 30.
    assert due("MI", "initial_evaluation", consent_received=D(2026, 9, 14)) == D(2026, 10, 26)


def test_thirty_school_days_over_thanksgiving_and_winter_break():
    # Consent Mon 16 Nov 2026: 17-20 Nov = 4, 23-24 → 6, 30 Nov-4 Dec → 11, 7-11 → 16, 14-18 → 21,
    # winter break, 4-8 Jan → 26, 11-14 Jan → 30.
    assert due("MI", "initial_evaluation", consent_received=D(2026, 11, 16)) == D(2027, 1, 14)


def test_written_notice_within_7_school_days_of_the_meeting():
    # Meeting Fri 20 Nov 2026: 23, 24 Nov (Thanksgiving), 30 Nov, 1-4 Dec → 7 = 4 Dec.
    assert due("MI", "fape_notice", iep_meeting_held=D(2026, 11, 20)) == D(2026, 12, 4)


def test_iep_implemented_within_15_school_days_of_the_notice():
    # Notice Fri 4 Dec 2026: 7-11 Dec = 5, 14-18 → 10, winter break, 4-8 Jan → 15. Anchor recalled: [R].
    result = deadline("MI", "iep_implementation", fape_notice_sent=D(2026, 12, 4))
    assert (result.due, result.confidence) == (D(2027, 1, 8), "R")
