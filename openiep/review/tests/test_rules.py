"""The discipline clock, the 45-school-day interim setting, reevaluation and transfer windows."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from openiep.review import rules
from openiep.review.rules import RemovalFact, discipline_clock

FIRST, LAST = date(2026, 8, 20), date(2027, 6, 5)


def clock(*removals, is_school_day=rules.weekdays):
    return discipline_clock(list(removals), year_first=FIRST, year_last=LAST, is_school_day=is_school_day)


def r(i, on, days, pattern=None, interim=False):
    return RemovalFact(i, on, Decimal(str(days)), pattern, interim)


def test_ten_school_days_in_a_year_need_no_review():
    c = clock(r(1, date(2026, 9, 8), 3), r(2, date(2026, 10, 6), 5), r(3, date(2026, 11, 3), 2))
    assert (c.total_days, c.trigger, c.mdr_due_on, c.services_from) == (Decimal(10), None, None, None)


def test_the_removal_past_ten_days_starts_services_and_the_ten_school_day_review_clock():
    c = clock(r(1, date(2026, 9, 8), 6), r(2, date(2026, 10, 6), 4), r(3, date(2026, 11, 2), 1.5))
    assert c.total_days == Decimal("11.5") and c.trigger.id == 3 and c.services_from == date(2026, 11, 2)
    assert c.mdr_due_on == date(2026, 11, 16)  # ten weekdays after Monday Nov 2
    assert "more than 10 school days" in c.reason


def test_more_than_ten_consecutive_days_is_a_change_of_placement_at_once():
    c = clock(r(1, date(2026, 9, 8), 12))
    assert c.trigger.id == 1 and "consecutive" in c.reason


def test_a_pattern_found_by_the_team_triggers_the_review_before_ten_days():
    c = clock(r(1, date(2026, 9, 8), 3), r(2, date(2026, 9, 15), 3, pattern=True))
    assert c.trigger.id == 2 and "pattern" in c.reason and c.services_from is None


def test_an_interim_setting_triggers_the_review():
    c = clock(r(1, date(2026, 9, 8), 45, interim=True))
    assert c.trigger.id == 1 and "interim" in c.reason


def test_removals_of_another_school_year_do_not_count():
    c = clock(r(1, date(2026, 6, 1), 9), r(2, date(2026, 9, 8), 5))
    assert c.total_days == 5 and c.trigger is None


def test_the_review_clock_skips_closures_of_the_school_calendar():
    thanksgiving = {date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27)}
    c = clock(r(1, date(2026, 11, 23), 11), is_school_day=lambda d: d.weekday() < 5 and d not in thanksgiving)
    assert c.mdr_due_on == date(2026, 12, 10)


def test_the_interim_setting_lasts_45_school_days_counting_the_first():
    assert rules.interim_setting_ends(date(2026, 9, 7)) == date(2026, 11, 6)  # 9 weeks of weekdays
    assert rules.interim_setting_ends(date(2026, 9, 5)) == date(2026, 11, 6)  # a Saturday starts on Monday
    assert rules.nth_school_day(date(2026, 9, 7), 1) == date(2026, 9, 7)


@pytest.mark.parametrize(("caused", "failure", "expected"), [
    (True, False, True), (False, True, True), (True, True, True), (False, False, False), (None, False, None),
    (None, True, True),
])
def test_either_yes_makes_it_a_manifestation(caused, failure, expected):
    assert rules.is_manifestation(caused, failure) is expected


def test_reevaluation_at_least_every_three_years_and_not_within_one_unless_agreed():
    last = date(2025, 3, 10)
    window = rules.reevaluation_window(last)
    assert (window.earliest_without_agreement, window.due_by) == (date(2026, 3, 10), date(2028, 3, 10))
    assert "only if the parent and the district agree" in rules.reevaluation_problem(
        planned_on=date(2025, 12, 1), last_evaluated_on=last, agreed_early=False)
    assert rules.reevaluation_problem(planned_on=date(2025, 12, 1), last_evaluated_on=last, agreed_early=True) == ""
    assert "three-year limit" in rules.reevaluation_problem(planned_on=date(2028, 4, 1), last_evaluated_on=last,
                                                            agreed_early=False)
    assert rules.reevaluation_problem(planned_on=date(2027, 1, 1), last_evaluated_on=None, agreed_early=False) == ""


def test_a_transfer_from_the_same_state_has_a_decision_date_another_state_none():
    assert rules.transfer_decision_due(date(2026, 9, 1), same_state=True) == date(2026, 9, 1) + timedelta(days=30)
    assert rules.transfer_decision_due(date(2026, 9, 1), same_state=False) is None


def test_a_summary_of_performance_for_a_diploma_or_the_maximum_age_only():
    assert rules.needs_summary_of_performance("GHS") and rules.needs_summary_of_performance("RMA")
    assert not rules.needs_summary_of_performance("DROPOUT") and not rules.needs_summary_of_performance("GRADALTDPL")
