"""School calendars: which days are school days, holidays, breaks and summer, for counting deadlines.

A ``SchoolCalendar`` is a value: the school years it knows (first and last day of school) and the
days school is closed inside them. A day is a **school day** when it falls inside a school year, is a
Monday to Friday and is not a closure. Days between one year's last day and the next year's first day
are **summer**. A **break** is a run of closed school days with only weekends between them (winter
break Mon 21 Dec – Fri 1 Jan is one break of 10 school days); some states stop the clock for breaks of
N or more school days.

Without a calendar, ``SchoolCalendar.weekdays_only()`` counts every Monday to Friday as a school day
and knows no holidays or summer; deadlines that needed a calendar are then marked *estimated*. So are
days before the first or after the last school year a calendar knows.

Reading a district's .ics file (``parse_ics``) follows one convention, because districts publish
calendars as ordinary events rather than as "school day" data:

- Only **all-day** events (``DTSTART;VALUE=DATE``) count; timed events (board meetings, games) are
  ignored. ``DTEND`` is exclusive, as RFC 5545 says: a one-day event ends the next day. With no
  ``DTEND`` (or ``DURATION``) the event is one day.
- A summary like **"First day of school"** (also "first day for students", "first day of classes",
  "school begins") marks the start of a school year; **"Last day of school"** (also "last day for
  students", "last day of classes") marks its end. Each first day pairs with the next last day. Both
  are needed: without them summer cannot be told apart from the school year.
- A summary that says **no school, no students, school(s) closed, holiday, break, recess or vacation**
  is a closure for every day the event spans ("Winter Break", "Labor Day – No School").
- A summary that says **early release, early dismissal, half day, minimum day, last day before,
  resumes or returns** is still a school day and is ignored ("Early release – last day before winter
  break"), as is every other summary.
- A closure is a **holiday** when its summary says holiday or names a public holiday, a **break** when
  it says break, recess or vacation, otherwise **no school**. Business-day counts skip holidays (and
  federal public holidays) but not breaks or other closures, since offices stay open.
- Recurring closures (``RRULE``) are refused: list each closure as its own event.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays

from openiep.compliance.errors import CalendarError

ONE_DAY = timedelta(days=1)

HOLIDAY = "holiday"
BREAK = "break"
NO_SCHOOL = "no_school"
CLOSURE_KINDS = (HOLIDAY, BREAK, NO_SCHOOL)

_FIRST_DAY = re.compile(
    r"\bfirst\s+day\s+(of\s+)?(school|classes|instruction)\b|\bfirst\s+day\s+for\s+students\b"
    r"|\bschool\s+(begins|starts)\b",
    re.IGNORECASE,
)
_LAST_DAY = re.compile(
    r"\blast\s+day\s+(of\s+)?(school|classes|instruction)\b|\blast\s+day\s+for\s+students\b",
    re.IGNORECASE,
)
_STILL_SCHOOL = re.compile(
    r"\bearly\s+(release|dismissal)\b|\bhalf[\s-]+day\b|\bminimum\s+day\b|\blast\s+day\s+before\b"
    r"|\bresumes?\b|\breturns?\b",
    re.IGNORECASE,
)
_CLOSED = re.compile(
    r"\bno\s+(school|students|classes)\b|\bschools?\s+(are\s+)?closed\b|\bholiday\b|\bbreak\b|\brecess\b"
    r"|\bvacation\b",
    re.IGNORECASE,
)
_BREAK_WORDS = re.compile(r"\bbreak\b|\brecess\b|\bvacation\b", re.IGNORECASE)
_HOLIDAY_WORDS = re.compile(
    r"\bholiday\b|new\s+year|martin\s+luther\s+king|\bmlk\b|president|washington'?s\s+birthday|memorial\s+day"
    r"|juneteenth|independence\s+day|labor\s+day|columbus|indigenous|veterans|thanksgiving|christmas",
    re.IGNORECASE,
)


def closure_kind(name: str) -> str:
    """Holiday, break or no school, from the wording of a closure's name."""
    if _BREAK_WORDS.search(name):
        return BREAK
    if _HOLIDAY_WORDS.search(name):
        return HOLIDAY
    return NO_SCHOOL


@lru_cache(maxsize=64)
def federal_holidays(year: int) -> dict[date, str]:
    """Federal public holidays (5 U.S.C. 6103) as observed, from the maintained ``holidays`` package.

    Observed days can fall in the year before (New Year's Day on a Saturday is observed on 31
    December), which is why this asks the package rather than shifting fixed dates by hand.
    """
    return dict(holidays.country_holidays("US", years=year, observed=True).items())


@dataclass(frozen=True)
class SchoolYear:
    first_day: date
    last_day: date
    name: str = ""

    def __post_init__(self) -> None:
        if self.last_day < self.first_day:
            raise CalendarError(
                f"School year {self.label}: the last day ({self.last_day}) is before the first day "
                f"({self.first_day})."
            )

    @property
    def label(self) -> str:
        return self.name or f"{self.first_day.year}-{str(self.last_day.year)[-2:]}"


@dataclass(frozen=True)
class Closure:
    """Days school is closed, first and last day included. ``kind`` is inferred from the name if empty."""

    first_day: date
    last_day: date
    name: str
    kind: str = ""

    def __post_init__(self) -> None:
        if self.last_day < self.first_day:
            raise CalendarError(f"Closure {self.name!r} ends ({self.last_day}) before it starts ({self.first_day}).")
        if not self.kind:
            object.__setattr__(self, "kind", closure_kind(self.name))
        elif self.kind not in CLOSURE_KINDS:
            raise CalendarError(f"Closure {self.name!r}: kind must be one of {', '.join(CLOSURE_KINDS)}.")

    def days(self) -> Iterable[date]:
        day = self.first_day
        while day <= self.last_day:
            yield day
            day += ONE_DAY


@dataclass(frozen=True)
class Break:
    """Closed school days in a row (weekends between them included): first and last closed weekday."""

    first_day: date
    last_day: date
    school_days: int
    name: str


@dataclass(frozen=True)
class SchoolCalendar:
    years: tuple[SchoolYear, ...] = ()
    closures: tuple[Closure, ...] = ()
    name: str = ""
    _closed: dict[date, Closure] = field(init=False, repr=False, compare=False)
    _breaks: tuple[Break, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        years = tuple(sorted(self.years, key=lambda y: y.first_day))
        for before, after in zip(years, years[1:], strict=False):
            if after.first_day <= before.last_day:
                raise CalendarError(
                    f"School years {before.label} and {after.label} overlap: {before.label} ends "
                    f"{before.last_day}, {after.label} starts {after.first_day}."
                )
        object.__setattr__(self, "years", years)
        closures = tuple(sorted(self.closures, key=lambda c: (c.first_day, c.last_day, c.name)))
        object.__setattr__(self, "closures", closures)
        closed: dict[date, Closure] = {}
        for closure in closures:
            for day in closure.days():
                closed.setdefault(day, closure)
        object.__setattr__(self, "_closed", closed)
        object.__setattr__(self, "_breaks", self._find_breaks())

    @classmethod
    def weekdays_only(cls) -> SchoolCalendar:
        """No calendar: every Monday to Friday is a school day. Results from it are estimates."""
        return cls(name="no school calendar (Monday to Friday)")

    @property
    def estimated(self) -> bool:
        return not self.years

    @property
    def description(self) -> str:
        if self.estimated:
            return "No school calendar: every Monday to Friday counts as a school day (estimated)."
        years = ", ".join(year.label for year in self.years)
        return f"{self.name}: school years {years}." if self.name else f"School calendar: school years {years}."

    # -- what a single day is -------------------------------------------------------------------

    def covers(self, day: date) -> bool:
        """True between the first day of the first known year and the last day of the last one."""
        return bool(self.years) and self.years[0].first_day <= day <= self.years[-1].last_day

    def year_of(self, day: date) -> SchoolYear | None:
        for year in self.years:
            if year.first_day <= day <= year.last_day:
                return year
        return None

    def in_summer(self, day: date) -> bool:
        return self.covers(day) and self.year_of(day) is None

    def summer_around(self, day: date) -> tuple[date, date] | None:
        """The first and last day of the summer that ``day`` falls in."""
        for before, after in zip(self.years, self.years[1:], strict=False):
            if before.last_day < day < after.first_day:
                return before.last_day + ONE_DAY, after.first_day - ONE_DAY
        return None

    def closure_on(self, day: date) -> Closure | None:
        return self._closed.get(day)

    def is_school_day(self, day: date) -> bool:
        if day.weekday() >= 5:
            return False
        if not self.covers(day):
            return True  # outside what the calendar knows: estimated as a school day
        return self.year_of(day) is not None and day not in self._closed

    def why_not_school_day(self, day: date) -> str | None:
        """None for a school day; otherwise summer, weekend or the closure's name."""
        if self.in_summer(day):
            return "summer"
        if day.weekday() >= 5:
            return "weekend"
        closure = self._closed.get(day) if self.covers(day) else None
        if closure is not None:
            return f"{closure.name} (no school)" if closure.kind != HOLIDAY else f"{closure.name} (holiday)"
        return None

    def holiday_name(self, day: date) -> str | None:
        """A holiday on a weekday, for business-day counts: the calendar's holidays and federal ones."""
        closure = self._closed.get(day)
        if closure is not None and closure.kind == HOLIDAY:
            return closure.name
        return federal_holidays(day.year).get(day)

    # -- the school year around a day ----------------------------------------------------------

    def year_ending_after(self, day: date) -> SchoolYear | None:
        """The school year ``day`` falls in, or the next one if ``day`` is in summer."""
        for year in self.years:
            if day <= year.last_day:
                return year
        return None

    def first_day_after(self, day: date) -> date | None:
        for year in self.years:
            if year.first_day > day:
                return year.first_day
        return None

    def school_days_between(self, after: date, through: date) -> list[date]:
        """School days d with after < d <= through."""
        days = []
        day = after + ONE_DAY
        while day <= through:
            if self.is_school_day(day):
                days.append(day)
            day += ONE_DAY
        return days

    # -- breaks --------------------------------------------------------------------------------

    def _find_breaks(self) -> tuple[Break, ...]:
        breaks: list[Break] = []
        for year in self.years:
            run: list[date] = []
            names: list[str] = []
            day = year.first_day
            while day <= year.last_day:
                if day.weekday() < 5:
                    closure = self._closed.get(day)
                    if closure is not None:
                        run.append(day)
                        if closure.name not in names:
                            names.append(closure.name)
                    elif run:
                        breaks.append(Break(run[0], run[-1], len(run), " + ".join(names)))
                        run, names = [], []
                day += ONE_DAY
            if run:
                breaks.append(Break(run[0], run[-1], len(run), " + ".join(names)))
        return tuple(breaks)

    @property
    def breaks(self) -> tuple[Break, ...]:
        return self._breaks

    def break_span(self, day: date, *, at_least: int, adjoining_weekends: bool) -> tuple[Break, date, date] | None:
        """The break of ``at_least`` school days that stops the clock on ``day``, with its first and last day."""
        for brk in self._breaks:
            if brk.school_days < at_least:
                continue
            first, last = brk.first_day, brk.last_day
            if adjoining_weekends:
                while (first - ONE_DAY).weekday() >= 5:
                    first -= ONE_DAY
                while (last + ONE_DAY).weekday() >= 5:
                    last += ONE_DAY
            if first <= day <= last:
                return brk, first, last
        return None


# -- iCalendar ----------------------------------------------------------------------------------

_CONTENT_LINE = re.compile(r"^[A-Za-z0-9-]+(;[^:]*)?:")


@dataclass
class _EventLines:
    begin: int
    props: dict[str, int] = field(default_factory=dict)


def _scan(text: str) -> list[_EventLines]:
    """Check the file's shape line by line, so errors can name a line; return each VEVENT's lines."""
    logical: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw[:1] in (" ", "\t") and logical:
            logical[-1] = (logical[-1][0], logical[-1][1] + raw[1:])  # a folded continuation line
        elif raw.strip():
            logical.append((number, raw))
    if not logical:
        raise CalendarError("The calendar file is empty.")
    first_number, first = logical[0]
    if first.strip().upper() != "BEGIN:VCALENDAR":
        raise CalendarError(f"Line {first_number}: an .ics file starts with BEGIN:VCALENDAR, not {first[:40]!r}.")
    stack: list[tuple[str, int]] = []
    events: list[_EventLines] = []
    for number, line in logical:
        if not _CONTENT_LINE.match(line):
            raise CalendarError(f"Line {number}: not an iCalendar line (NAME:value expected): {line[:60]!r}.")
        name, _, value = line.partition(":")
        name = name.split(";", 1)[0].upper()
        value = value.strip().upper()
        if name == "BEGIN":
            stack.append((value, number))
            if value == "VEVENT":
                events.append(_EventLines(begin=number))
        elif name == "END":
            if not stack or stack[-1][0] != value:
                open_part = f"{stack[-1][0]} opened on line {stack[-1][1]}" if stack else "nothing open"
                raise CalendarError(f"Line {number}: END:{value} does not match ({open_part}).")
            stack.pop()
        elif stack and stack[-1][0] == "VEVENT":
            events[-1].props.setdefault(name, number)
    if stack:
        raise CalendarError(f"Line {stack[-1][1]}: BEGIN:{stack[-1][0]} is never closed with END:{stack[-1][0]}.")
    return events


def parse_ics(data: str | bytes, *, name: str = "") -> SchoolCalendar:
    """Read a district's .ics calendar by the convention in this module's docstring."""
    import icalendar  # imported here so the rest of the module needs nothing outside the stdlib

    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CalendarError(f"The calendar file is not UTF-8 text (byte {exc.start}).") from exc
    lines = _scan(data)
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as exc:
        raise CalendarError(f"The calendar file could not be read: {str(exc).splitlines()[0]}") from exc
    components = list(calendar.walk("VEVENT"))
    if len(components) != len(lines):  # should not happen after _scan; keep errors honest if it does
        lines = [_EventLines(begin=0) for _ in components]
    firsts: list[tuple[date, int]] = []
    lasts: list[tuple[date, int]] = []
    closures: list[Closure] = []
    for event, where in zip(components, lines, strict=True):
        summary = str(event.get("SUMMARY", "")).strip()
        label = f"{summary!r} starting on line {where.begin}" if summary else f"starting on line {where.begin}"
        for prop, message in getattr(event, "errors", []):
            at = where.props.get(str(prop).upper(), where.begin) if prop else where.begin
            raise CalendarError(f"Line {at}: {message} (event {label}).")
        if "DTSTART" not in event:
            raise CalendarError(f"Line {where.begin}: event {summary!r} has no DTSTART.")
        start = event.decoded("DTSTART")
        if not isinstance(start, date):
            raise CalendarError(f"Line {where.props.get('DTSTART', where.begin)}: DTSTART is not a date.")
        if hasattr(start, "hour"):
            continue  # a timed event: meetings, games, conferences are not closures
        if "DTEND" in event:
            end = event.decoded("DTEND")
            if hasattr(end, "hour"):
                raise CalendarError(
                    f"Line {where.props.get('DTEND', where.begin)}: an all-day event must end on a date "
                    f"(event {label})."
                )
            last = end - ONE_DAY
        elif "DURATION" in event:
            last = start + event.decoded("DURATION") - ONE_DAY
        else:
            last = start
        if last < start:
            raise CalendarError(
                f"Line {where.props.get('DTEND', where.begin)}: DTEND is not after DTSTART (event {label})."
            )
        if _FIRST_DAY.search(summary):
            firsts.append((start, where.begin))
        elif _LAST_DAY.search(summary):
            lasts.append((last, where.begin))
        elif _STILL_SCHOOL.search(summary):
            continue
        elif _CLOSED.search(summary):
            if "RRULE" in event:
                raise CalendarError(
                    f"Line {where.props.get('RRULE', where.begin)}: recurring closures (RRULE) are not "
                    f"supported; list each closure as its own event ({label})."
                )
            closures.append(Closure(start, last, summary))
    return SchoolCalendar(years=_pair_years(firsts, lasts), closures=tuple(closures), name=name)


def _pair_years(firsts: list[tuple[date, int]], lasts: list[tuple[date, int]]) -> tuple[SchoolYear, ...]:
    if not firsts and not lasts:
        raise CalendarError(
            "The calendar has no 'First day of school' or 'Last day of school' event; add both so "
            "summer can be told apart from the school year."
        )
    firsts.sort()
    lasts.sort()
    years: list[SchoolYear] = []
    remaining = list(lasts)
    for index, (first, line) in enumerate(firsts):
        next_first = firsts[index + 1][0] if index + 1 < len(firsts) else None
        match = next((item for item in remaining if item[0] >= first), None)
        if match is None or (next_first is not None and match[0] >= next_first):
            raise CalendarError(f"Line {line}: 'First day of school' on {first} has no 'Last day of school' after it.")
        remaining.remove(match)
        years.append(SchoolYear(first, match[0]))
    if remaining:
        day, line = remaining[0]
        raise CalendarError(f"Line {line}: 'Last day of school' on {day} has no 'First day of school' before it.")
    return tuple(years)
