"""The progress chart of an intervention, as pure geometry (no ORM, no HTML).

``progress_chart`` turns dated scores, the baseline and the goal into coordinates inside an SVG
view box; ``prereferral/includes/chart.html`` draws them. The same scores are always shown in a table
beside the chart, and the chart's description says in words what it shows.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from openiep.prereferral.rules import format_value

WIDTH = 640
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 56, 84, 16, 36  # margins; the right one holds the "Goal" label
X_TICKS = 5


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    on: date
    label: str


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    points: list[Point]
    line: str  # "x,y x,y …" for <polyline points>
    goal_y: float
    goal_label: str
    baseline_y: float
    baseline_label: str
    baseline_label_y: float  # moved off the goal's label when the two lines are close
    aim_line: tuple[float, float, float, float] | None  # x1, y1, x2, y2: baseline at the start to goal at the end
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    trend_line: tuple[float, float, float, float] | None = None  # x1, y1, x2, y2 of a trend, when asked for

    @property
    def right(self) -> int:
        return self.width - RIGHT

    @property
    def bottom(self) -> int:
        return self.height - BOTTOM


def _day(on: date) -> str:
    return f"{on:%b} {on.day}, {on.year}"


def nice_step(span: float, ticks: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about ``ticks`` intervals over ``span``."""
    raw = span / ticks if span > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    ratio = raw / power
    factor = 1 if ratio < 1.5 else 2 if ratio < 3 else 5 if ratio < 7 else 10
    return factor * power


def value_range(values: Sequence[float]) -> tuple[float, float, float]:
    """Bottom, top and step of the value axis: round numbers that contain every value."""
    lo, hi = min(values), max(values)
    if lo == hi:
        pad = max(abs(lo) * 0.1, 1.0)
        lo, hi = lo - pad, hi + pad
    step = nice_step(hi - lo)
    bottom = math.floor(lo / step) * step
    top = math.ceil(hi / step) * step
    if lo >= 0 > bottom:
        bottom = 0.0  # scores that cannot be negative never get a negative axis
    return bottom, top, step


def date_range(days: Sequence[date], start: date, end: date | None) -> tuple[date, date]:
    first = min([start, *days])
    last = max([end or start, *days])
    if last == first:
        last = first + timedelta(days=7)
    return first, last


def _apart(label_y: float, other_y: float, gap: float = 14.0) -> float:
    if abs(label_y - other_y) >= gap:
        return label_y
    below = other_y + gap
    return below if below <= HEIGHT - BOTTOM else other_y - gap


def progress_chart(
    *,
    points: Sequence[tuple[date, Decimal]],
    baseline: Decimal,
    goal: Decimal,
    start: date,
    end: date | None,
    unit: str,
    title: str,
    trend: Callable[[date], float] | None = None,
) -> Chart:
    """The chart's geometry. ``trend`` (value on a day) adds a trend line across the dates shown, clipped to the
    value axis (IEP goal charts use it: openiep.progress.chart)."""
    scores = sorted(points)
    first, last = date_range([on for on, _ in scores], start, end)
    bottom, top, step = value_range([float(v) for _, v in scores] + [float(baseline), float(goal)])
    plot_left, plot_right = LEFT, WIDTH - RIGHT
    plot_top, plot_bottom = TOP, HEIGHT - BOTTOM
    span_days = (last - first).days

    def x(on: date) -> float:
        return round(plot_left + (on - first).days / span_days * (plot_right - plot_left), 1)

    def y(value: Decimal | float) -> float:
        return round(plot_bottom - (float(value) - bottom) / (top - bottom) * (plot_bottom - plot_top), 1)

    drawn = [Point(x(on), y(v), on, f"{_day(on)}: {format_value(v)} {unit}") for on, v in scores]
    y_ticks = []
    count = round((top - bottom) / step)
    for i in range(count + 1):
        value = bottom + i * step
        y_ticks.append(Tick(y(value), format_value(round(value, 6))))
    x_days = sorted({first + timedelta(days=round(span_days * i / (X_TICKS - 1))) for i in range(X_TICKS)})
    x_ticks = [Tick(x(on), f"{on:%b} {on.day}") for on in x_days]
    aim = (x(start), y(baseline), x(end), y(goal)) if end else None
    trend_line = None
    if trend is not None:
        trend_line = _clipped(first, trend(first), last, trend(last), bottom, top, x, y)

    if scores:
        (first_on, first_value), (last_on, last_value) = scores[0], scores[-1]
        said = (f"{len(scores)} score{'s' if len(scores) != 1 else ''} from {_day(first_on)} to {_day(last_on)}; "
                f"first {format_value(first_value)}, latest {format_value(last_value)} {unit}.")
    else:
        said = "No scores yet."
    description = f"{said} Baseline {format_value(baseline)}, goal {format_value(goal)} {unit}."
    return Chart(
        title=title,
        description=description,
        points=drawn,
        line=" ".join(f"{p.x},{p.y}" for p in drawn),
        goal_y=y(goal),
        goal_label=f"Goal {format_value(goal)}",
        baseline_y=y(baseline),
        baseline_label=f"Baseline {format_value(baseline)}",
        baseline_label_y=_apart(y(baseline), y(goal)),
        aim_line=aim,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        trend_line=trend_line,
    )


def _clipped(d1: date, v1: float, d2: date, v2: float, bottom: float, top: float, x, y):
    """The part of the line from (d1, v1) to (d2, v2) inside the value axis, as x1, y1, x2, y2 (None if none)."""
    t0, t1 = 0.0, 1.0
    dv = v2 - v1
    for edge, inside_above in ((bottom, True), (top, False)):
        if dv == 0:
            if (v1 < edge) if inside_above else (v1 > edge):
                return None
            continue
        t = (edge - v1) / dv
        if (dv > 0) == inside_above:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
    if t0 > t1:
        return None
    span = (d2 - d1).days

    def at(t: float) -> tuple[float, float]:
        day = d1 + timedelta(days=round(span * t))
        return x(day), y(v1 + dv * t)

    (x1, y1), (x2, y2) = at(t0), at(t1)
    return x1, y1, x2, y2
