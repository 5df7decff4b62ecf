"""Pure rules of progress monitoring (no ORM): the aim line, the trend, the decision rule, reporting periods.

- The **aim line** runs from the goal's baseline on the IEP's first day to its target on the IEP's last.
- The **trend** is the least-squares line through the data points (value against day).
- The **projected date** is where the trend reaches the target, if it is heading there.
- The **decision rule** (the common "four-point rule"): when the last four points all fall on the wrong side
  of the aim line (below it for a goal to increase, above it for one to decrease), the team should change the
  instruction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

DECISION_POINTS = 4


@dataclass(frozen=True)
class Aim:
    baseline: Decimal
    target: Decimal
    start: date
    end: date

    @property
    def increasing(self) -> bool:
        return self.target >= self.baseline

    def value_on(self, day: date) -> float:
        span = (self.end - self.start).days or 1
        share = min(max((day - self.start).days / span, 0.0), 1.0)
        return float(self.baseline) + (float(self.target) - float(self.baseline)) * share


@dataclass(frozen=True)
class Trend:
    origin: date
    slope: float  # units a day
    intercept: float  # value at ``origin``

    def value_on(self, day: date) -> float:
        return self.intercept + self.slope * (day - self.origin).days


def trend(points: Sequence[tuple[date, Decimal]]) -> Trend | None:
    """The least-squares line through the points; None with fewer than two distinct days."""
    if len({on for on, _ in points}) < 2:
        return None
    origin = min(on for on, _ in points)
    xs = [(on - origin).days for on, _ in points]
    ys = [float(v) for _, v in points]
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    return Trend(origin, slope, mean_y - slope * mean_x)


def projected_date(line: Trend | None, target: Decimal, *, increasing: bool, limit_days: int = 3650) -> date | None:
    """The day the trend reaches the target, if it heads that way (within ten years); None otherwise."""
    if line is None:
        return None
    goal = float(target)
    if (increasing and line.slope <= 0) or (not increasing and line.slope >= 0):
        return None
    days = (goal - line.intercept) / line.slope
    days = max(days, 0.0)
    if days > limit_days:
        return None
    return line.origin + timedelta(days=round(days))


def below_aim(points: Sequence[tuple[date, Decimal]], aim: Aim, *, count: int = DECISION_POINTS) -> bool:
    """The decision rule: the last ``count`` points all fall short of the aim line on their days."""
    latest = sorted(points)[-count:]
    if len(latest) < count:
        return False
    if aim.increasing:
        return all(float(v) < aim.value_on(on) for on, v in latest)
    return all(float(v) > aim.value_on(on) for on, v in latest)


def goal_met(points: Sequence[tuple[date, Decimal]], aim: Aim) -> bool:
    if not points:
        return False
    latest = sorted(points)[-1][1]
    return latest >= aim.target if aim.increasing else latest <= aim.target


# Reporting periods -------------------------------------------------------------------------------------

MONTHS = {"quarterly": 3, "trimester": 4, "semester": 6, "monthly": 1}
NAMES = {"quarterly": "Quarter", "trimester": "Trimester", "semester": "Semester", "monthly": "Month"}


@dataclass(frozen=True)
class Period:
    number: int
    first: date
    last: date
    name: str

    @property
    def label(self) -> str:
        return f"{self.name} {self.number} ({self.first:%b} {self.first.day} – {self.last:%b} {self.last.day}, {self.last.year})"


def reporting_periods(start: date, end: date, schedule: str) -> list[Period]:
    """The IEP's year cut into its reporting periods (quarters by default), the last one ending with the IEP."""
    months = MONTHS.get(schedule, 3)
    name = NAMES.get(schedule, "Quarter")
    periods: list[Period] = []
    first = start
    number = 1
    while first <= end:
        last = min(end, first + relativedelta(months=months) - timedelta(days=1))
        periods.append(Period(number, first, last, name))
        first = last + timedelta(days=1)
        number += 1
    return periods


def period_on(periods: Sequence[Period], day: date) -> Period | None:
    for period in periods:
        if period.first <= day <= period.last:
            return period
    return None
