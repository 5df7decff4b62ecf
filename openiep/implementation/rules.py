"""Pure rules of service delivery (no ORM): what the plan requires, what was delivered, missed, made up and owed.

A service promises ``minutes`` each time, ``times`` per ``period`` (day, week, month, year) between its
start and end dates. The minutes it requires over a window are counted on school days (weekdays, less
the closures of the district's calendar when one is given):

- per day: every school day;
- per week: a fifth of the weekly minutes for each school day, so a week with a holiday or a service that
  starts on a Wednesday requires its share;
- per month: each month's minutes shared over that month's school days;
- per year: the yearly minutes shared over the calendar days of a year (365).

Fractions are kept exact and rounded once, half up, at the end.

A session logged as missed is the school's responsibility when the provider was absent, the school was
closed (an unplanned closure: planned ones are in the calendar and require nothing) or for another reason;
it is not when the student was absent. Minutes missed by the school and not made up are owed as
compensatory services. A provider is *behind* by the required minutes not delivered, less those the
student missed by being absent.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

DELIVERED = "delivered"
STUDENT_ABSENT = "student_absent"
PROVIDER_ABSENT = "provider_absent"
SCHOOL_CLOSED = "school_closed"
OTHER = "other"
SCHOOL_RESPONSIBLE = frozenset({PROVIDER_ABSENT, SCHOOL_CLOSED, OTHER})
MISSED = SCHOOL_RESPONSIBLE | {STUDENT_ABSENT}

DEFAULT_SCHOOL_DAY_MINUTES = 420  # seven hours, when the IEP does not give the school week
DAYS_IN_YEAR = 365


def weekdays_between(first: date, last: date) -> int:
    """Mondays to Fridays from ``first`` to ``last``, both included (0 when last is before first)."""
    if last < first:
        return 0
    days = (last - first).days + 1
    weeks, extra = divmod(days, 7)
    count = weeks * 5
    start = first.weekday()
    for i in range(extra):
        if (start + i) % 7 < 5:
            count += 1
    return count


def school_days_between(first: date, last: date, closed: Sequence[date] = ()) -> int:
    """Weekdays from first to last, less the weekday closures in ``closed`` (sorted dates)."""
    if last < first:
        return 0
    lo = bisect.bisect_left(closed, first)
    hi = bisect.bisect_right(closed, last)
    return weekdays_between(first, last) - sum(1 for day in closed[lo:hi] if day.weekday() < 5)


def round_half_up(value: Fraction) -> int:
    return int(value + Fraction(1, 2)) if value >= 0 else -int(-value + Fraction(1, 2))


@dataclass(frozen=True)
class Plan:
    """What a service promises: ``minutes`` × ``times`` per ``period``, from ``start`` to ``end``."""

    minutes: int | None
    times: int | None
    period: str
    start: date | None
    end: date | None

    @property
    def complete(self) -> bool:
        return bool(self.minutes and self.times and self.period in {"day", "week", "month", "year"} and self.start)


def _month_end(day: date) -> date:
    following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def required_exact(plan: Plan, first: date, last: date, closed: Sequence[date] = ()) -> Fraction:
    if not plan.complete:
        return Fraction(0)
    lo = max(first, plan.start)  # type: ignore[type-var]
    hi = min(last, plan.end) if plan.end else last
    if hi < lo:
        return Fraction(0)
    each = Fraction(plan.minutes * plan.times)  # type: ignore[operator]
    if plan.period == "day":
        return each * school_days_between(lo, hi, closed)
    if plan.period == "week":
        return each * school_days_between(lo, hi, closed) / 5
    if plan.period == "month":
        total = Fraction(0)
        month_start = lo.replace(day=1)
        while month_start <= hi:
            month_end = _month_end(month_start)
            in_month = school_days_between(month_start, month_end, closed)
            if in_month:
                total += each * school_days_between(max(lo, month_start), min(hi, month_end), closed) / in_month
            month_start = month_end + timedelta(days=1)
        return total
    return each * ((hi - lo).days + 1) / DAYS_IN_YEAR


def required_minutes(plan: Plan, first: date, last: date, closed: Sequence[date] = ()) -> int:
    """Minutes the plan requires from ``first`` to ``last`` (both included), clipped to the plan's own dates."""
    return round_half_up(required_exact(plan, first, last, closed))


def in_effect(plan: Plan, day: date) -> bool:
    return plan.start is not None and plan.start <= day and (plan.end is None or day <= plan.end)


@dataclass(frozen=True)
class Session:
    """One logged session: ``minutes`` delivered, or the minutes of the session missed."""

    id: int
    on: date
    status: str
    minutes: int
    makes_up: int | None = None


@dataclass(frozen=True)
class Delivery:
    required: int
    delivered: int
    made_up: int  # delivered minutes that make up a missed session (included in ``delivered``)
    missed_by_school: int
    missed_by_student: int
    owed: int  # missed by the school and not yet made up: compensatory minutes
    behind: int  # required, less delivered, less what the student missed by being absent

    @property
    def percent(self) -> int | None:
        """Delivered as a share of required, in whole percent (None when nothing was required yet)."""
        if not self.required:
            return None
        return round_half_up(Fraction(self.delivered * 100, self.required))


def delivery(required: int, sessions: Iterable[Session]) -> Delivery:
    """Sum up the sessions against the required minutes."""
    sessions = list(sessions)
    made_up_for: dict[int, int] = defaultdict(int)
    delivered = made_up = by_school = by_student = 0
    for s in sessions:
        if s.status == DELIVERED:
            delivered += s.minutes
            if s.makes_up is not None:
                made_up += s.minutes
                made_up_for[s.makes_up] += s.minutes
        elif s.status == STUDENT_ABSENT:
            by_student += s.minutes
        elif s.status in SCHOOL_RESPONSIBLE:
            by_school += s.minutes
    owed = sum(max(0, s.minutes - made_up_for[s.id]) for s in sessions if s.status in SCHOOL_RESPONSIBLE)
    behind = max(0, required - delivered - by_student)
    return Delivery(required, delivered, made_up, by_school, by_student, owed, behind)


@dataclass(frozen=True)
class PeriodRow:
    first: date
    last: date
    delivery: Delivery


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def periods(plan: Plan, sessions: Sequence[Session], first: date, last: date, *, by: str = "week",
            closed: Sequence[date] = ()) -> list[PeriodRow]:
    """Delivery per week (Monday to Sunday) or per calendar month from ``first`` to ``last``, newest first.

    A make-up counts in the period it was delivered; what it makes up is owed only in the period of the miss
    when the make-up came in the same period (otherwise the period shows it owed, as it was at the time).
    """
    rows: list[PeriodRow] = []
    start = week_start(first) if by == "week" else first.replace(day=1)
    while start <= last:
        end = start + timedelta(days=6) if by == "week" else _month_end(start)
        lo, hi = max(start, first), min(end, last)
        inside = [s for s in sessions if lo <= s.on <= hi]
        rows.append(PeriodRow(lo, hi, delivery(required_minutes(plan, lo, hi, closed), inside)))
        start = end + timedelta(days=1)
    return rows[::-1]


def school_day_minutes(school_week_minutes: int | None) -> int:
    """The longest a student's services can take on one day: the IEP's school week over five days."""
    if school_week_minutes:
        return max(1, school_week_minutes // 5)
    return DEFAULT_SCHOOL_DAY_MINUTES


def make_up_room(missed_minutes: int, made_up_already: int) -> int:
    """Minutes of a missed session still to be made up."""
    return max(0, missed_minutes - made_up_already)
