"""The minute arithmetic of service delivery, checked against counting day by day."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from itertools import product

import pytest

from openiep.implementation import rules
from openiep.implementation.rules import Plan, Session, delivery, required_minutes


def brute_weekdays(first: date, last: date, closed=()) -> int:
    count, day = 0, first
    while day <= last:
        if day.weekday() < 5 and day not in closed:
            count += 1
        day += timedelta(days=1)
    return count


def test_weekdays_between_matches_counting_day_by_day_for_every_start_and_length():
    for start in range(14):
        first = date(2026, 8, 31) + timedelta(days=start)
        for length in range(-2, 40):
            last = first + timedelta(days=length)
            assert rules.weekdays_between(first, last) == brute_weekdays(first, last), (first, last)


def test_school_days_leave_out_weekday_closures_but_not_weekend_ones():
    closed = (date(2026, 11, 26), date(2026, 11, 27), date(2026, 11, 28))  # Thursday, Friday, Saturday
    assert rules.school_days_between(date(2026, 11, 23), date(2026, 11, 29), closed) == 3
    assert rules.school_days_between(date(2026, 11, 23), date(2026, 11, 25), closed) == 3
    assert rules.school_days_between(date(2026, 11, 30), date(2026, 11, 23), closed) == 0


WEEK = Plan(30, 4, "week", date(2026, 9, 7), date(2027, 6, 11))  # Monday to Friday


def test_a_weekly_service_requires_its_minutes_each_full_week():
    assert required_minutes(WEEK, date(2026, 9, 7), date(2026, 9, 13)) == 120
    assert required_minutes(WEEK, date(2026, 9, 7), date(2026, 10, 4)) == 480  # four weeks


def test_a_weekly_service_requires_a_fifth_for_each_school_day_of_a_partial_week():
    assert required_minutes(WEEK, date(2026, 9, 9), date(2026, 9, 13)) == 72  # Wednesday to Friday: 3/5 of 120
    assert required_minutes(WEEK, date(2026, 9, 7), date(2026, 9, 7)) == 24


def test_a_holiday_reduces_the_week_it_falls_in():
    labor_day_week = (date(2026, 9, 7),)
    assert required_minutes(WEEK, date(2026, 9, 7), date(2026, 9, 13), labor_day_week) == 96


def test_nothing_is_required_before_the_service_starts_or_after_it_ends():
    assert required_minutes(WEEK, date(2026, 8, 1), date(2026, 9, 6)) == 0
    assert required_minutes(WEEK, date(2027, 6, 12), date(2027, 7, 1)) == 0
    assert required_minutes(WEEK, date(2026, 8, 31), date(2026, 9, 13)) == 120  # clipped to the start


def test_a_weekend_requires_nothing():
    assert required_minutes(WEEK, date(2026, 9, 12), date(2026, 9, 13)) == 0


def test_a_daily_service_requires_its_minutes_every_school_day():
    daily = Plan(15, 2, "day", date(2026, 9, 7), None)
    assert required_minutes(daily, date(2026, 9, 7), date(2026, 9, 20)) == 15 * 2 * 10


def test_a_monthly_service_shares_each_month_over_its_school_days():
    monthly = Plan(60, 2, "month", date(2026, 9, 1), None)
    assert required_minutes(monthly, date(2026, 9, 1), date(2026, 9, 30)) == 120
    assert required_minutes(monthly, date(2026, 9, 1), date(2026, 10, 31)) == 240
    # September 2026 has 22 weekdays; its first 11 require half.
    assert required_minutes(monthly, date(2026, 9, 1), date(2026, 9, 15)) == 60
    # Half of September, all of October.
    assert required_minutes(monthly, date(2026, 9, 16), date(2026, 10, 31)) == 180


def test_a_yearly_service_is_shared_over_the_days_of_the_year():
    yearly = Plan(365, 1, "year", date(2026, 1, 1), None)
    assert required_minutes(yearly, date(2026, 1, 1), date(2026, 1, 10)) == 10


def test_an_incomplete_plan_requires_nothing():
    for plan in (Plan(None, 4, "week", date(2026, 9, 7), None), Plan(30, None, "week", date(2026, 9, 7), None),
                 Plan(30, 4, "", date(2026, 9, 7), None), Plan(30, 4, "week", None, None)):
        assert required_minutes(plan, date(2026, 9, 7), date(2026, 12, 31)) == 0


@pytest.mark.parametrize(("minutes", "times", "period"), list(product((15, 25, 45), (1, 3, 5), ("day", "week", "month"))))
def test_the_required_minutes_of_adjacent_windows_add_up_to_the_whole_exactly(minutes, times, period):
    plan = Plan(minutes, times, period, date(2026, 9, 2), date(2027, 1, 20))
    first, last = date(2026, 8, 20), date(2027, 2, 5)
    whole = rules.required_exact(plan, first, last)
    day, parts = first, Fraction(0)
    while day <= last:
        end = min(last, day + timedelta(days=6))
        parts += rules.required_exact(plan, day, end)
        day = end + timedelta(days=1)
    assert parts == whole


def test_rounding_is_half_up():
    assert rules.round_half_up(Fraction(5, 2)) == 3
    assert rules.round_half_up(Fraction(49, 20)) == 2
    assert rules.round_half_up(Fraction(0)) == 0


def s(i, status, minutes, makes_up=None, on=date(2026, 9, 8)):
    return Session(i, on, status, minutes, makes_up)


def test_delivered_minutes_count_and_student_absences_excuse_the_school():
    d = delivery(120, [s(1, "delivered", 30), s(2, "delivered", 30), s(3, "student_absent", 30)])
    assert (d.delivered, d.missed_by_student, d.missed_by_school, d.owed, d.behind) == (60, 30, 0, 0, 30)
    assert d.percent == 50


def test_sessions_the_school_missed_are_owed_until_made_up():
    sessions = [s(1, "provider_absent", 30), s(2, "school_closed", 30), s(3, "other", 20)]
    d = delivery(80, sessions)
    assert (d.missed_by_school, d.owed, d.behind) == (80, 80, 80)
    d = delivery(80, [*sessions, s(4, "delivered", 30, makes_up=1), s(5, "delivered", 10, makes_up=2)])
    assert (d.delivered, d.made_up, d.owed, d.behind) == (40, 40, 40, 40)


def test_a_make_up_for_a_student_absence_is_delivered_time_and_owes_nothing():
    d = delivery(60, [s(1, "student_absent", 30), s(2, "delivered", 30, makes_up=1), s(3, "delivered", 30)])
    assert (d.delivered, d.owed, d.behind) == (60, 0, 0)


def test_a_bigger_make_up_never_makes_the_owed_minutes_negative():
    d = delivery(30, [s(1, "provider_absent", 30), s(2, "delivered", 45, makes_up=1)])
    assert d.owed == 0


def test_more_delivered_than_required_is_not_behind_and_nothing_required_has_no_percent():
    assert delivery(30, [s(1, "delivered", 60)]).behind == 0
    assert delivery(0, []).percent is None


def test_periods_split_by_week_and_month_newest_first_and_add_up():
    plan = Plan(30, 4, "week", date(2026, 9, 7), None)
    sessions = [s(1, "delivered", 30, on=date(2026, 9, 8)), s(2, "provider_absent", 30, on=date(2026, 9, 15)),
                s(3, "delivered", 30, makes_up=2, on=date(2026, 9, 22))]
    weeks = rules.periods(plan, sessions, date(2026, 9, 7), date(2026, 9, 27))
    assert [(w.first, w.delivery.required, w.delivery.delivered) for w in weeks] == [
        (date(2026, 9, 21), 120, 30), (date(2026, 9, 14), 120, 0), (date(2026, 9, 7), 120, 30)]
    assert weeks[1].delivery.owed == 30  # owed in the week of the miss; made up the week after
    months = rules.periods(plan, sessions, date(2026, 9, 7), date(2026, 10, 2), by="month")
    assert [m.first for m in months] == [date(2026, 10, 1), date(2026, 9, 1) + timedelta(days=6)]
    assert sum(m.delivery.required for m in months) == required_minutes(plan, date(2026, 9, 7), date(2026, 10, 2))


def test_the_school_day_comes_from_the_iep_or_seven_hours():
    assert rules.school_day_minutes(1950) == 390
    assert rules.school_day_minutes(None) == 420
