"""The aim line, the least-squares trend, the projected date, the four-point decision rule, reporting periods."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from openiep.progress import rules
from openiep.progress.chart import goal_chart

START, END = date(2026, 9, 1), date(2027, 8, 31)
AIM = rules.Aim(Decimal("40"), Decimal("80"), START, END)
D = Decimal


def test_the_aim_line_runs_from_baseline_to_target_and_stays_there_outside_the_iep():
    assert AIM.value_on(START) == 40 and AIM.value_on(END) == 80
    assert abs(AIM.value_on(START + (END - START) / 2) - 60) < 0.1
    assert AIM.value_on(START - timedelta(days=30)) == 40 and AIM.value_on(END + timedelta(days=9)) == 80


def test_the_trend_of_points_on_a_line_is_that_line():
    points = [(START + timedelta(days=7 * i), D(40 + 2 * i)) for i in range(6)]
    line = rules.trend(points)
    assert abs(line.slope - 2 / 7) < 1e-9 and abs(line.intercept - 40) < 1e-9


def test_the_trend_is_the_least_squares_fit():
    points = [(START, D(1)), (START + timedelta(days=1), D(3)), (START + timedelta(days=2), D(2))]
    line = rules.trend(points)
    assert abs(line.slope - 0.5) < 1e-9 and abs(line.intercept - 1.5) < 1e-9


def test_no_trend_from_a_single_day():
    assert rules.trend([]) is None
    assert rules.trend([(START, D(1)), (START, D(2))]) is None


def test_the_projected_date_is_where_the_trend_meets_the_target():
    points = [(START + timedelta(days=7 * i), D(40 + 2 * i)) for i in range(6)]
    assert rules.projected_date(rules.trend(points), D(80), increasing=True) == START + timedelta(days=140)


def test_no_projected_date_when_the_trend_heads_away_or_is_too_slow():
    falling = rules.trend([(START, D(50)), (START + timedelta(days=7), D(45))])
    assert rules.projected_date(falling, D(80), increasing=True) is None
    crawling = rules.trend([(START, D(40)), (START + timedelta(days=700), D(41))])
    assert rules.projected_date(crawling, D(80), increasing=True) is None
    assert rules.projected_date(falling, D(20), increasing=False) == START + timedelta(days=42)


def test_four_points_below_the_aim_line_flag_the_goal():
    below = [(START + timedelta(days=30 * i), D(40)) for i in range(1, 5)]
    assert rules.below_aim(below, AIM)


def test_three_points_below_or_one_of_four_on_the_line_do_not():
    below = [(START + timedelta(days=30 * i), D(40)) for i in range(1, 5)]
    assert not rules.below_aim(below[:3], AIM)
    on_track = [*below[:3], (START + timedelta(days=120), D(55))]
    assert not rules.below_aim(on_track, AIM)


def test_only_the_last_four_points_count_whatever_their_order():
    early_good = [(START + timedelta(days=10), D(70))]
    later_bad = [(START + timedelta(days=30 * i), D(41)) for i in range(2, 6)]
    assert rules.below_aim(list(reversed(early_good + later_bad)), AIM)


def test_for_a_goal_to_decrease_above_the_line_is_behind():
    aim = rules.Aim(D("12"), D("2"), START, END)  # outbursts a week
    assert aim.increasing is False
    assert rules.below_aim([(START + timedelta(days=30 * i), D(12)) for i in range(1, 5)], aim)
    assert not rules.below_aim([(START + timedelta(days=30 * i), D(1)) for i in range(1, 5)], aim)


def test_the_goal_is_met_when_the_latest_point_reaches_the_target():
    assert rules.goal_met([(START, D(10)), (START + timedelta(days=3), D(80))], AIM)
    assert not rules.goal_met([(START, D(90)), (START + timedelta(days=3), D(79))], AIM)


def test_quarters_cut_the_iep_year_in_four_the_last_ending_with_the_iep():
    periods = rules.reporting_periods(date(2026, 9, 15), date(2027, 9, 14), "quarterly")
    assert [(p.first, p.last) for p in periods] == [
        (date(2026, 9, 15), date(2026, 12, 14)), (date(2026, 12, 15), date(2027, 3, 14)),
        (date(2027, 3, 15), date(2027, 6, 14)), (date(2027, 6, 15), date(2027, 9, 14))]
    assert periods[0].label == "Quarter 1 (Sep 15 – Dec 14, 2026)"
    assert rules.period_on(periods, date(2027, 1, 1)).number == 2
    assert rules.period_on(periods, date(2028, 1, 1)) is None


def test_other_schedules_and_the_default():
    assert len(rules.reporting_periods(START, END, "monthly")) == 12
    assert len(rules.reporting_periods(START, END, "semester")) == 2
    assert len(rules.reporting_periods(START, END, "trimester")) == 3
    assert len(rules.reporting_periods(START, END, "")) == 4


def test_the_goal_chart_draws_the_trend_and_says_what_it_shows():
    points = [(START + timedelta(days=7 * i), D(40 + 2 * i)) for i in range(6)]
    gc = goal_chart(points=points, baseline=D(40), target=D(80), start=START, end=END, unit="wcpm", title="Goal 1")
    assert gc.chart.trend_line is not None and gc.projected_on == START + timedelta(days=140)
    assert "reaches the target around January 19, 2027" in gc.chart.description
    assert gc.per_week == "2"


def test_a_steep_trend_is_clipped_to_the_chart():
    points = [(START, D(40)), (START + timedelta(days=7), D(80))]
    gc = goal_chart(points=points, baseline=D(40), target=D(80), start=START, end=END, unit="wcpm", title="Goal 1")
    x1, y1, x2, y2 = gc.chart.trend_line
    assert gc.chart.top <= min(y1, y2) and max(y1, y2) <= gc.chart.bottom
    assert x2 < gc.chart.right


def test_a_goal_without_numbers_has_no_chart():
    gc = goal_chart(points=[], baseline=None, target=D(80), start=START, end=END, unit="", title="Goal 1")
    assert gc.chart is None and not gc.below_aim
