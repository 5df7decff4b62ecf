"""``compute_deadlines``: the dates the law sets for one student, with the arithmetic shown.

Pure Python: no database, no Django settings. Give it the dates that have happened (``events``), a law
profile and a school calendar; it returns one ``Deadline`` per rule, in the order of the process.

How days are counted:

- "Within N days of X" means day 1 is the day after X and the Nth counted day is the due date. A due
  date is never moved off a weekend: the law does not say so for calendar days, and school and
  business days never land on one.
- Calendar days count every day except what the state excludes (summer, breaks of N or more school
  days, weekends adjoining such breaks, absences beyond a limit), each listed in the explanation.
- School days are the calendar's school days; business days are Monday to Friday except holidays.
- Months and years land on the same day of the month (29 February → 28 February).
- An end-of-year rule (TX, CA, IL) replaces the count when the clock starts too close to the last day.

A deadline needs the calendar when it counts school or business days or skips summer or breaks; with
no calendar (or past its last known day) the date is marked ``estimated`` and says why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from openiep.compliance.calendars import ONE_DAY, SchoolCalendar
from openiep.compliance.errors import TimelineError
from openiep.compliance.events import PROCESS_ORDER, event_noun, validate_events
from openiep.compliance.law_profiles import (
    AGE_YEARS,
    AS_SOON_AS_POSSIBLE,
    BUSINESS_DAYS,
    CALENDAR_DAYS,
    DEADLINE,
    EARLIEST,
    MONTHS,
    SCHOOL_DAYS,
    YEARS,
    EndOfYearRule,
    LawProfile,
    Rule,
)

MET, LATE, OVERDUE, OPEN = "met", "late", "overdue", "open"
UNIT_WORDS = {CALENDAR_DAYS: "calendar days", SCHOOL_DAYS: "school days", BUSINESS_DAYS: "business days"}
#: Rules are listed in the order of the events that start them.
DISPLAY_ORDER = (*PROCESS_ORDER, "part_c_referral_received", "date_of_birth")
#: A count that has not finished after this long has gone wrong (a calendar with no school days).
MAX_COUNT_SPAN = timedelta(days=3 * 366)


@dataclass(frozen=True)
class SkippedDays:
    """Days in a row that were not counted, and why."""

    first_day: date
    last_day: date
    days: int
    reason: str

    def describe(self) -> str:
        if self.first_day == self.last_day:
            return f"{self.first_day} ({self.first_day:%a}): {self.reason}"
        return f"{self.first_day} to {self.last_day} ({self.days} days): {self.reason}"


@dataclass(frozen=True)
class Deadline:
    rule_id: str
    label: str
    kind: str  # "deadline": done by the date; "earliest": not before it
    due: date | None
    start_event: str
    start_date: date | None
    citation: str
    confidence: str  # V, R or U, as in law.md
    jurisdiction: str  # where the rule comes from: "federal" or a state code
    explanation: tuple[str, ...]
    skipped: tuple[SkippedDays, ...] = ()
    estimated: bool = False
    no_date_reason: str = ""
    done_event: str = ""
    done_date: date | None = None
    status: str = ""  # met, late, overdue, open, or "" when there is nothing to judge
    source: str = ""

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("due", "start_date", "done_date"):
            data[key] = data[key].isoformat() if data[key] else None
        data["explanation"] = list(self.explanation)
        data["skipped"] = [
            {**item, "first_day": item["first_day"].isoformat(), "last_day": item["last_day"].isoformat()}
            for item in data["skipped"]
        ]
        return data


def compute_deadlines(
    events: Mapping[str, date],
    profile: LawProfile,
    calendar: SchoolCalendar | None = None,
    *,
    absences: Iterable[date] = (),
    today: date | None = None,
) -> list[Deadline]:
    """Every rule of ``profile`` applied to ``events``; raises ``TimelineError`` for impossible input.

    ``absences`` are the school days the student missed (used only where a state counts them);
    ``today`` enables the sanity check on future dates and the overdue/open status.
    """
    checked = validate_events(events, today=today)
    absent = _check_absences(absences)
    cal = calendar if calendar is not None else SchoolCalendar.weekdays_only()
    deadlines = [_Computation(rule, profile, cal, checked, absent, today).run() for rule in profile.rules]
    position = {name: index for index, name in enumerate(DISPLAY_ORDER)}
    return sorted(deadlines, key=lambda d: position[d.start_event])  # stable: profile order within an event


def _check_absences(absences: Iterable[date]) -> frozenset[date]:
    days = set()
    for day in absences:
        if not isinstance(day, date) or hasattr(day, "hour"):
            raise TimelineError(f"Absences must be dates (YYYY-MM-DD), not {day!r}.")
        days.add(day)
    return frozenset(days)


def _add_months(day: date, months: int) -> tuple[date, bool]:
    """Same day of the month ``months`` later; True when the day had to move back (29 Feb, 31st)."""
    later = day + relativedelta(months=months)
    return later, later.day != day.day


def _ordinal(number: int) -> str:
    suffix = "th" if 11 <= number % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _age_words(years: float) -> str:
    whole = int(years)
    return f"{whole}½" if years != whole else str(whole)


def _plural(count: float, word: str) -> str:
    return f"{_age_words(count)} {word}" + ("" if count == 1 else "s")


def rule_summary(rule: Rule, profile: LawProfile) -> str:
    """The rule in one sentence: what, how long, from which event."""
    start = event_noun(rule.start)
    length = rule.length or 0
    if rule.unit == AS_SOON_AS_POSSIBLE:
        when = f"as soon as possible after {start} (no fixed number of days)"
    elif rule.unit in UNIT_WORDS:
        when = f"within {int(length)} {UNIT_WORDS[rule.unit]} after {start}"
    elif rule.unit in (MONTHS, YEARS):
        word = "month" if rule.unit == MONTHS else "year"
        when = f"{'not before' if rule.kind == EARLIEST else 'within'} {_plural(length, word)} after {start}"
    elif rule.unit == AGE_YEARS:
        when = f"by age {_age_words(length)}"
    else:  # years before the age of majority
        when = (f"{_plural(length, 'year')} before the age of majority ({profile.age_of_majority}): "
                f"by the {_ordinal(profile.age_of_majority - int(length))} birthday")
    if rule.kind == EARLIEST and rule.unit in UNIT_WORDS:
        when = when.replace("within", "not before", 1)
    return f"{rule.label}: {when}."


class _Computation:
    """One rule applied to one student's dates; collects the explanation as it goes."""

    def __init__(self, rule: Rule, profile: LawProfile, cal: SchoolCalendar, events: dict[str, date],
                 absent: frozenset[date], today: date | None) -> None:
        self.rule, self.profile, self.cal, self.events = rule, profile, cal, events
        self.absent, self.today = absent, today
        self.lines: list[str] = [
            f"Rule: {rule_summary(rule, profile)} {rule.citation} [{rule.confidence}]"
            + (" (federal rule)" if rule.jurisdiction == "federal" and profile.jurisdiction != "federal" else "")
        ]
        self.skipped: list[tuple[date, str]] = []
        self.estimated = False

    # -- result builders -----------------------------------------------------------------------

    def _deadline(self, due: date | None, *, no_date_reason: str = "") -> Deadline:
        rule = self.rule
        if rule.note:
            self.lines.append(f"Note: {rule.note}")
        done_date = self.events.get(rule.done_by) if rule.done_by else None
        status = ""
        if due is not None and rule.kind == DEADLINE:
            if done_date is not None:
                status = MET if done_date <= due else LATE
                gap = abs((due - done_date).days)
                self.lines.append(
                    f"Done: {rule.done_by} on {done_date}, "
                    + (f"{gap} days before the due date." if status == MET and gap else
                       "on the due date." if status == MET else f"{gap} days late.")
                )
            elif self.today is not None:
                status = OVERDUE if self.today > due else OPEN
        return Deadline(
            rule_id=rule.id,
            label=rule.label,
            kind=rule.kind,
            due=due,
            start_event=rule.start,
            start_date=self.events.get(rule.start),
            citation=rule.citation,
            confidence=rule.confidence,
            jurisdiction=rule.jurisdiction,
            explanation=tuple(self.lines),
            skipped=_group(self.skipped),
            estimated=self.estimated,
            no_date_reason=no_date_reason,
            done_event=rule.done_by,
            done_date=done_date,
            status=status,
            source=rule.source,
        )

    def _no_date(self, reason: str) -> Deadline:
        self.lines.append(f"No date: {reason}")
        return self._deadline(None, no_date_reason=reason)

    # -- the rule ------------------------------------------------------------------------------

    def run(self) -> Deadline:
        rule = self.rule
        if rule.only_if and rule.only_if not in self.events:
            return self._no_date(f"applies only when {event_noun(rule.only_if)} ({rule.only_if}) is recorded.")
        start = self.events.get(rule.start)
        if start is None:
            return self._no_date(f"the clock starts at {event_noun(rule.start)} ({rule.start}), which is not recorded yet.")
        self.lines.append(f"Starts: {rule.start} on {start}.")
        if rule.unit == AS_SOON_AS_POSSIBLE:
            return self._no_date("the law sets no number of days: as soon as possible after the start.")
        if rule.unit in UNIT_WORDS:
            return self._count_days(start)
        return self._deadline(self._add_period(start))

    def _add_period(self, start: date) -> date:
        rule, length = self.rule, self.rule.length or 0
        if rule.unit == MONTHS:
            months = int(length)
        elif rule.unit in (YEARS, AGE_YEARS):
            months = round(length * 12)
        else:  # years before the age of majority
            months = (self.profile.age_of_majority - int(length)) * 12
            where = "assumed (no state profile: check state law)" if self.profile.jurisdiction == "federal" \
                else f"in {self.profile.name}"
            self.lines.append(
                f"Age of majority {where}: {self.profile.age_of_majority} "
                f"[{self.profile.age_of_majority_confidence}]."
            )
        due, moved = _add_months(start, months)
        years, extra = divmod(months, 12)
        span = _plural(years, "year") + (f" {extra} months" if extra else "")
        self.lines.append(f"{start} + {span} = {due}." + (
            " (That month has no such day: the last day of the month is used.)" if moved else ""))
        return due

    # -- counting days -------------------------------------------------------------------------

    def _count_days(self, start: date) -> Deadline:
        rule, cal = self.rule, self.cal
        if rule.needs_calendar:
            self.lines.append(cal.description)
            if cal.estimated:
                self.estimated = True
                self.lines.append("Estimated: load the district's school calendar for exact dates.")
        if rule.end_of_year is not None:
            special = self._end_of_year(rule.end_of_year, start)
            if special is not None:
                return special
        due = self._walk(start, int(rule.length or 0))
        absences = rule.absences
        if absences is not None and absences.extend_when_absent_at_least is not None:
            due = self._extend_for_absences(start, due, absences.extend_when_absent_at_least)
        self.lines.extend(f"Not counted: {span.describe()}" for span in _group(self.skipped))
        self.lines.append(f"Due: {due} ({due:%A}).")
        return self._deadline(due)

    def _reason_not_counted(self) -> Callable[[date], str | None]:
        """Why a day does not count for this rule (None when it counts)."""
        rule, cal = self.rule, self.cal
        if rule.unit == SCHOOL_DAYS:
            return cal.why_not_school_day

        def reason(day: date) -> str | None:
            if rule.unit == BUSINESS_DAYS:
                if day.weekday() >= 5:
                    return "weekend"
                holiday = cal.holiday_name(day)
                if holiday:
                    return f"{holiday} (holiday)"
            if rule.skip_summer and cal.in_summer(day):
                return "summer (between school years)"
            if rule.skip_breaks_of_at_least is not None:
                found = cal.break_span(day, at_least=rule.skip_breaks_of_at_least,
                                       adjoining_weekends=rule.skip_adjoining_weekends)
                if found is not None:
                    brk = found[0]
                    closed = _plural(brk.school_days, "school day")
                    weekends = " and its weekends" if rule.skip_adjoining_weekends else ""
                    return f"{brk.name} ({closed} closed{weekends})"
            return None

        return reason

    def _walk(self, start: date, count: int, *, skip_absences: bool = True) -> date:
        """The ``count``-th day after ``start`` that counts for this rule; records the skipped days."""
        reason_for = self._reason_not_counted()
        skip_beyond = self.rule.absences.skip_beyond if self.rule.absences and skip_absences else None
        absent_seen = 0
        outside = False
        day, counted = start, 0
        while counted < count:
            day += ONE_DAY
            if day - start > MAX_COUNT_SPAN:
                raise TimelineError(
                    f"{self.rule.id}: the count from {start} did not finish within three years; "
                    "does the school calendar have school days?"
                )
            if self.rule.needs_calendar and not self.cal.estimated and not self.cal.covers(day):
                outside = True
            reason = reason_for(day)
            if reason is None and skip_beyond is not None and day in self.absent and self.cal.is_school_day(day):
                absent_seen += 1
                if absent_seen > skip_beyond:
                    reason = f"absent (beyond the first {skip_beyond} school days absent)"
            if reason is None:
                counted += 1
            else:
                self.skipped.append((day, reason))
        self.lines.append(
            f"Counted {count} {UNIT_WORDS[self.rule.unit]} from the day after {start}; "
            f"day {count} is {day}."
        )
        if skip_beyond is not None:
            self.lines.append(
                f"Absences: {absent_seen} school day(s) absent in the count"
                + (f"; those beyond {skip_beyond} were not counted." if absent_seen > skip_beyond else
                   f"; {skip_beyond} or fewer change nothing.")
            )
        if outside:
            self.estimated = True
            first, last = self.cal.years[0].first_day, self.cal.years[-1].last_day
            self.lines.append(
                f"Estimated: the count goes outside the calendar's dates ({first} to {last}); those days "
                "were counted as Monday to Friday with no holidays or summer. Load the next year's calendar."
            )
        return day

    def _extend_for_absences(self, start: date, due: date, threshold: int) -> date:
        missed = sorted(d for d in self.absent if start < d <= due and self.cal.is_school_day(d))
        listed = ", ".join(str(d) for d in missed) or "none"
        if len(missed) < threshold:
            self.lines.append(
                f"Absences: {len(missed)} school day(s) absent in the period ({listed}); "
                f"fewer than {threshold}, so no extension."
            )
            return due
        self.lines.append(
            f"Absences: {len(missed)} school days absent in the period ({listed}); {threshold} or more, "
            f"so the period is extended by {len(missed)} school days."
        )
        return self._walk(due, len(missed), skip_absences=False)

    # -- end of the school year ------------------------------------------------------------------

    def _end_of_year(self, eoy: EndOfYearRule, start: date) -> Deadline | None:
        """The special due date if the end-of-year rule applies, else None (after explaining why not)."""
        cal = self.cal
        trigger = eoy.trigger or self.rule.start
        trigger_date = self.events.get(trigger)
        rule_text = f"End-of-year rule ({eoy.citation or self.rule.citation})"
        if trigger_date is None:
            self.estimated = True
            self.lines.append(f"{rule_text} not checked: {trigger} is not recorded, so the date may change.")
            return None
        if cal.estimated:
            self.lines.append(f"{rule_text} not checked: it needs the school calendar's last day.")
            return None
        year = cal.year_ending_after(trigger_date)
        if year is None or (not cal.covers(trigger_date) and trigger_date < cal.years[0].first_day):
            self.estimated = True
            self.lines.append(f"{rule_text} not checked: the calendar does not cover {trigger_date}.")
            return None
        if eoy.measure == "school_days_left":
            left = len(cal.school_days_between(trigger_date, year.last_day))
            measured = f"{left} school days after {trigger} ({trigger_date}) through the last day of school ({year.last_day})"
        else:
            left = (year.last_day - trigger_date).days
            measured = f"{trigger} ({trigger_date}) is {left} days before the last day of school ({year.last_day})"
        window = (f"between {eoy.at_least} and {eoy.at_most}" if eoy.at_least else f"{eoy.at_most} or fewer")
        if not eoy.at_least <= left <= eoy.at_most:
            self.lines.append(f"{rule_text}: {measured}, not {window}: the usual count applies.")
            return None
        if eoy.unless_absent_at_least is not None:
            missed = [d for d in self.absent if trigger_date < d <= year.last_day and cal.is_school_day(d)]
            if len(missed) >= eoy.unless_absent_at_least:
                self.lines.append(
                    f"{rule_text}: {measured}, {window}, but the student was absent {len(missed)} school days "
                    f"before the last day ({eoy.unless_absent_at_least} or more), so the usual count applies."
                )
                return None
        next_first = cal.first_day_after(year.last_day)
        if eoy.due == "june_30":
            due: date | None = date(year.last_day.year, 6, 30)
            how = f"due June 30, {year.last_day.year}"
        elif next_first is None:
            due, how = None, ""
        elif eoy.due == "before_next_first_day":
            due = next_first - ONE_DAY
            how = f"due before the first day of the next school year ({next_first}): {due}"
        else:
            due = next_first + timedelta(days=eoy.due_days)
            how = f"due {eoy.due_days} days after the first day of the next school year ({next_first}): {due}"
        self.lines.append(f"{rule_text} applies: {measured}, {window}.")
        if eoy.note:
            self.lines.append(f"End of year: {eoy.note}")
        if due is None:
            return self._no_date(
                f"the end-of-year rule counts from the first day of the next school year, which the calendar "
                f"does not have (it ends {cal.years[-1].last_day}); load next year's calendar."
            )
        self.lines.append(f"The usual count does not apply: {how}.")
        self.lines.append(f"Due: {due} ({due:%A}).")
        return self._deadline(due)


def _group(days: list[tuple[date, str]]) -> tuple[SkippedDays, ...]:
    spans: list[SkippedDays] = []
    for day, reason in sorted(set(days)):
        last = spans[-1] if spans else None
        if last is not None and last.reason == reason and last.last_day + ONE_DAY == day:
            spans[-1] = SkippedDays(last.first_day, day, last.days + 1, reason)
        else:
            spans.append(SkippedDays(day, day, 1, reason))
    return tuple(spans)

