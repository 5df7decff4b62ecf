"""The progress chart: where each score lands, the goal line, and what the chart says in words."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation

from openiep.prereferral.chart import HEIGHT, LEFT, RIGHT, TOP, WIDTH, nice_step, progress_chart, value_range

START = date(2026, 3, 2)


def chart(points, *, baseline="40", goal="70", end=START + timedelta(weeks=8)):
    return progress_chart(
        points=[(START + timedelta(days=d), Decimal(v)) for d, v in points], baseline=Decimal(baseline),
        goal=Decimal(goal), start=START, end=end, unit="words correct per minute", title="Progress: fluency",
    )


def test_the_first_day_is_at_the_left_the_end_at_the_right_and_higher_scores_higher():
    c = chart([(0, "40"), (56, "70")])
    first, last = c.points
    assert (first.x, last.x) == (LEFT, WIDTH - RIGHT)
    assert last.y < first.y
    assert first.y == c.baseline_y and last.y == c.goal_y


def test_scores_are_drawn_in_date_order_whatever_order_they_come_in():
    c = chart([(14, "50"), (0, "42"), (7, "45")])
    assert [p.on for p in c.points] == [START, START + timedelta(days=7), START + timedelta(days=14)]
    assert c.line == " ".join(f"{p.x},{p.y}" for p in c.points)


def test_every_point_and_line_stays_inside_the_drawing():
    c = chart([(0, "-5"), (3, "1000"), (90, "12")])
    for p in c.points:
        assert LEFT <= p.x <= WIDTH - RIGHT and TOP <= p.y <= HEIGHT - 36
    assert all(TOP <= t.at <= HEIGHT - 36 for t in c.y_ticks)


def test_the_aim_line_runs_from_the_baseline_at_the_start_to_the_goal_at_the_end():
    c = chart([])
    assert c.aim_line == (LEFT, c.baseline_y, WIDTH - RIGHT, c.goal_y)
    assert chart([], end=None).aim_line is None


def test_the_description_says_what_the_chart_shows():
    assert chart([(0, "42"), (7, "47.5")]).description == (
        "2 scores from Mar 2, 2026 to Mar 9, 2026; first 42, latest 47.5 words correct per minute. "
        "Baseline 40, goal 70 words correct per minute."
    )
    assert chart([]).description.startswith("No scores yet.")


def test_the_value_axis_uses_round_numbers_and_never_goes_negative_for_positive_scores():
    assert nice_step(33) == 10
    assert nice_step(0.7) == 0.2
    assert value_range([3.0, 97.0]) == (0.0, 100.0, 20.0)
    assert value_range([5.0, 5.0])[0] >= 0


def test_a_goal_below_the_baseline_is_drawn_below_it():
    c = chart([(0, "9")], baseline="10", goal="2")
    assert c.goal_y > c.baseline_y


def test_the_svg_has_one_point_per_score_a_title_and_a_description():
    c = chart([(d * 7, str(40 + d)) for d in range(6)])
    svg = render_to_string("prereferral/includes/chart.html", {"chart": c, "id": 9})
    assert svg.count("<circle") == 6
    assert 'role="img"' in svg and 'aria-labelledby="chart-9-title chart-9-desc"' in svg
    assert '<title id="chart-9-title">Progress: fluency</title>' in svg
    assert "6 scores from Mar 2, 2026" in svg
    assert "Goal 70" in svg


def test_the_svg_coordinates_keep_a_decimal_point_in_a_language_with_a_decimal_comma():
    c = chart([(0, "41"), (5, "43")])
    with translation.override("es"):
        svg = render_to_string("prereferral/includes/chart.html", {"chart": c, "id": 1})
    for value in re.findall(r'c[xy]="([^"]*)"', svg):
        assert "," not in value and float(value) >= 0
