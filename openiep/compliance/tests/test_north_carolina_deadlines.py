"""Worked examples for North Carolina: 90 calendar days from the written referral, summer included."""

from __future__ import annotations

from openiep.compliance.tests.helpers import D, deadline, due


def test_ninety_days_from_the_referral():
    # Referral 1 Sep 2026: 2-30 Sep = 29, October → 60, November → 90 = 30 Nov 2026.
    assert due("NC", "initial_evaluation", referral_received=D(2026, 9, 1)) == D(2026, 11, 30)


def test_clock_starts_at_referral_not_consent():
    # Consent 20 Sep does not move it: still 30 Nov 2026.
    result = deadline("NC", "initial_evaluation", referral_received=D(2026, 9, 1), consent_received=D(2026, 9, 20))
    assert (result.due, result.start_event) == (D(2026, 11, 30), "referral_received")


def test_summer_is_not_excluded():
    # Referral 15 Apr 2027: 16-30 Apr = 15, May → 46, June → 76, 1-14 Jul → 90.
    result = deadline("NC", "initial_evaluation", referral_received=D(2027, 4, 15))
    assert (result.due, result.skipped) == (D(2027, 7, 14), ())


def test_iep_and_placement_five_days_early_is_met():
    result = deadline("NC", "initial_evaluation", referral_received=D(2026, 9, 1),
                      consent_received=D(2026, 9, 10), iep_meeting_held=D(2026, 11, 25))
    assert result.status == "met"
    assert any("5 days before the due date" in line for line in result.explanation)


def test_transition_components_at_14_goals_at_16():
    # Born 30 Nov 2012 → 30 Nov 2026 and 30 Nov 2028.
    assert due("NC", "transition_planning_age", date_of_birth=D(2012, 11, 30)) == D(2026, 11, 30)
    assert due("NC", "postsecondary_goals_age", date_of_birth=D(2012, 11, 30)) == D(2028, 11, 30)
