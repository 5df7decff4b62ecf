"""The chart of an IEP goal: the pre-referral chart (data, baseline, target, aim line) plus the trend line, and
what it says in words (trend, projected date, the decision rule). Same geometry on screen and in the PDF."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from openiep.prereferral.chart import Chart, progress_chart
from openiep.prereferral.rules import format_value
from openiep.progress import rules


@dataclass(frozen=True)
class GoalChart:
    chart: Chart | None  # None when the goal has no numeric baseline and target
    aim: rules.Aim | None
    trend: rules.Trend | None
    projected_on: date | None
    below_aim: bool
    met: bool

    @property
    def per_week(self) -> str:
        if self.trend is None:
            return ""
        return format_value(round(Decimal(str(self.trend.slope * 7)), 2))


def _day(on: date) -> str:
    return f"{on:%B} {on.day}, {on.year}"


def goal_chart(*, points: Sequence[tuple[date, Decimal]], baseline: Decimal | None, target: Decimal | None,
               start: date, end: date, unit: str, title: str) -> GoalChart:
    if baseline is None or target is None:
        return GoalChart(None, None, rules.trend(points), None, False, False)
    aim = rules.Aim(baseline, target, start, end)
    line = rules.trend(points)
    projected = rules.projected_date(line, target, increasing=aim.increasing)
    chart = progress_chart(points=points, baseline=baseline, goal=target, start=start, end=end, unit=unit,
                           title=title, trend=line.value_on if line else None)
    flagged = rules.below_aim(points, aim)
    met = rules.goal_met(points, aim)
    said = [chart.description, f"The aim line runs from {format_value(baseline)} on {_day(start)} to "
                               f"{format_value(target)} on {_day(end)}."]
    if line is not None:
        said.append(f"The trend changes by {format_value(round(Decimal(str(line.slope * 7)), 2))} {unit} a week"
                    + (f" and reaches the target around {_day(projected)}." if projected else
                       " and does not reach the target."))
    if flagged:
        said.append(f"The last {rules.DECISION_POINTS} points are below the aim line.")
    return GoalChart(replace(chart, description=" ".join(said)), aim, line, projected, flagged, met)
