"""School calendars: school days, breaks, summer, federal holidays and reading .ics files."""

from __future__ import annotations

import pytest

from openiep.compliance.calendars import (
    BREAK,
    HOLIDAY,
    NO_SCHOOL,
    Closure,
    SchoolCalendar,
    SchoolYear,
    federal_holidays,
    parse_ics,
)
from openiep.compliance.errors import CalendarError
from openiep.compliance.tests.helpers import SPRINGFIELD, D, deadline

SPRINGFIELD_ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Springfield USD//School Calendar//EN
BEGIN:VEVENT
UID:first-2026@springfield.example
DTSTART;VALUE=DATE:20260824
SUMMARY:First Day of School
END:VEVENT
BEGIN:VEVENT
UID:labor-2026@springfield.example
DTSTART;VALUE=DATE:20260907
DTEND;VALUE=DATE:20260908
SUMMARY:Labor Day - No School
END:VEVENT
BEGIN:VEVENT
UID:board@springfield.example
DTSTART:20260915T180000Z
DTEND:20260915T200000Z
SUMMARY:School Board Meeting (no students)
END:VEVENT
BEGIN:VEVENT
UID:tg@springfield.example
DTSTART;VALUE=DATE:20261125
DTEND;VALUE=DATE:20261128
SUMMARY:Thanksgiving Break
END:VEVENT
BEGIN:VEVENT
UID:er@springfield.example
DTSTART;VALUE=DATE:20261218
SUMMARY:Early Release - Last Day Before Winter Break
END:VEVENT
BEGIN:VEVENT
UID:wb@springfield.example
DTSTART;VALUE=DATE:20261221
DTEND;VALUE=DATE:20270102
SUMMARY:Winter Break\\, Schools Closed
END:VEVENT
BEGIN:VEVENT
UID:mlk@springfield.example
DTSTART;VALUE=DATE:20270118
SUMMARY:Martin Luther King Jr. Day Holiday
END:VEVENT
BEGIN:VEVENT
UID:pres@springfield.example
DTSTART;VALUE=DATE:20270215
DURATION:P1D
SUMMARY:Presidents' Day - No School
END:VEVENT
BEGIN:VEVENT
UID:sb@springfield.example
DTSTART;VALUE=DATE:20270322
DTEND;VALUE=DATE:20270327
SUMMARY:Spring Break
END:VEVENT
BEGIN:VEVENT
UID:mem@springfield.example
DTSTART;VALUE=DATE:20270531
SUMMARY:Memorial Day Holiday
END:VEVENT
BEGIN:VEVENT
UID:last-2027@springfield.example
DTSTART;VALUE=DATE:20270604
SUMMARY:Last Day of School - Early Release
END:VEVENT
BEGIN:VEVENT
UID:first-2027@springfield.example
DTSTART;VALUE=DATE:20270823
SUMMARY:First day for students
END:VEVENT
BEGIN:VEVENT
UID:labor-2027@springfield.example
DTSTART;VALUE=DATE:20270906
SUMMARY:Labor Day
  Holiday
END:VEVENT
BEGIN:VEVENT
UID:last-2028@springfield.example
DTSTART;VALUE=DATE:20280602
SUMMARY:Last day for students
END:VEVENT
END:VCALENDAR
"""


def test_school_days_weekends_closures_and_summer():
    assert SPRINGFIELD.is_school_day(D(2026, 9, 8))
    assert SPRINGFIELD.why_not_school_day(D(2026, 9, 12)) == "weekend"
    assert SPRINGFIELD.why_not_school_day(D(2026, 9, 7)) == "Labor Day (holiday)"
    assert SPRINGFIELD.why_not_school_day(D(2026, 11, 25)) == "Thanksgiving Break (no school)"
    assert SPRINGFIELD.why_not_school_day(D(2027, 7, 1)) == "summer"
    assert SPRINGFIELD.summer_around(D(2027, 7, 1)) == (D(2027, 6, 5), D(2027, 8, 22))


def test_breaks_are_runs_of_closed_school_days():
    # Winter break Mon 21 Dec - Fri 1 Jan: 10 school days, one break.
    winter = next(b for b in SPRINGFIELD.breaks if b.name == "Winter Break")
    assert (winter.first_day, winter.last_day, winter.school_days) == (D(2026, 12, 21), D(2027, 1, 1), 10)
    assert SPRINGFIELD.break_span(D(2027, 1, 3), at_least=5, adjoining_weekends=True)[1:] == (
        D(2026, 12, 19), D(2027, 1, 3))
    assert SPRINGFIELD.break_span(D(2027, 1, 3), at_least=5, adjoining_weekends=False) is None
    assert SPRINGFIELD.break_span(D(2026, 11, 26), at_least=5, adjoining_weekends=True) is None  # 3 days


def test_closure_kind_follows_the_wording():
    assert Closure(D(2026, 9, 7), D(2026, 9, 7), "Labor Day").kind == HOLIDAY
    assert Closure(D(2026, 12, 21), D(2027, 1, 1), "Winter Recess").kind == BREAK
    assert Closure(D(2026, 10, 9), D(2026, 10, 9), "Teacher Work Day - No School").kind == NO_SCHOOL


def test_federal_holidays_move_off_weekends():
    # 2027: Juneteenth is a Saturday (observed Fri 18 Jun); Independence Day a Sunday (observed Mon 5 Jul).
    days = federal_holidays(2027)
    assert days[D(2027, 6, 18)] == "Juneteenth National Independence Day (observed)"
    assert days[D(2027, 7, 5)] == "Independence Day (observed)"
    assert days[D(2027, 11, 25)] == "Thanksgiving Day"
    assert days[D(2027, 10, 11)] == "Columbus Day"
    # 1 January 2028 is a Saturday: observed on Friday 31 December 2027, in the year before.
    assert days[D(2027, 12, 31)] == "New Year's Day (observed)"


def test_without_a_calendar_every_weekday_is_a_school_day():
    calendar = SchoolCalendar.weekdays_only()
    assert calendar.estimated
    assert calendar.is_school_day(D(2026, 12, 25))
    assert not calendar.is_school_day(D(2026, 12, 26))


def test_a_last_day_before_the_first_day_is_refused():
    with pytest.raises(CalendarError, match="last day .* is before the first day"):
        SchoolYear(D(2027, 6, 4), D(2026, 8, 24))


def test_overlapping_school_years_are_refused():
    with pytest.raises(CalendarError, match="overlap"):
        SchoolCalendar(years=(SchoolYear(D(2026, 8, 24), D(2027, 6, 4)), SchoolYear(D(2027, 6, 1), D(2028, 6, 2))))


def test_a_district_ics_file_reads_as_the_same_calendar():
    calendar = parse_ics(SPRINGFIELD_ICS, name="springfield.ics")
    assert calendar.years == SPRINGFIELD.years
    assert {(c.first_day, c.last_day) for c in calendar.closures} == {
        (c.first_day, c.last_day) for c in SPRINGFIELD.closures
    }
    # The timed board meeting and the early-release day are school days.
    assert calendar.is_school_day(D(2026, 9, 15)) and calendar.is_school_day(D(2026, 12, 18))
    # DTEND is exclusive: Thanksgiving 25-27 Nov, school on Mon 30 Nov.
    assert not calendar.is_school_day(D(2026, 11, 27)) and calendar.is_school_day(D(2026, 11, 30))
    # A folded SUMMARY line (RFC 5545: the continuation's first space is dropped) is one summary.
    assert calendar.closure_on(D(2027, 9, 6)).name == "Labor Day Holiday"


def test_deadlines_from_the_ics_calendar_match_the_built_one():
    # Texas, consent 2 Nov 2026 → 22 Jan 2027 (see the Texas examples), from either calendar.
    calendar = parse_ics(SPRINGFIELD_ICS.encode())
    assert deadline("TX", "initial_evaluation", calendar=calendar, consent_received=D(2026, 11, 2)).due == D(2027, 1, 22)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("hello\n", "Line 1: an .ics file starts with BEGIN:VCALENDAR"),
        ("BEGIN:VCALENDAR\nVERSION:2.0\nthis is not ics\nEND:VCALENDAR\n", "Line 3: not an iCalendar line"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nEND:VCALENDAR\n", "Line 4: END:VCALENDAR does not match"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\n", "Line 1: BEGIN:VCALENDAR is never closed"),
        (
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Winter Break\nDTSTART;VALUE=DATE:2026-13-01\nEND:VEVENT\n"
            "END:VCALENDAR\n",
            "Line 4: .*2026-13-01",
        ),
        (
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Winter Break\nDTSTART;VALUE=DATE:20261221\n"
            "DTEND;VALUE=DATE:20261221\nEND:VEVENT\nEND:VCALENDAR\n",
            "Line 5: DTEND is not after DTSTART",
        ),
        (
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Winter Break\nEND:VEVENT\nEND:VCALENDAR\n",
            "Line 2: event 'Winter Break' has no DTSTART",
        ),
        (
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Winter Break\nDTSTART;VALUE=DATE:20261221\nEND:VEVENT\n"
            "END:VCALENDAR\n",
            "no 'First day of school' or 'Last day of school'",
        ),
        (
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:First Day of School\nDTSTART;VALUE=DATE:20260824\nEND:VEVENT\n"
            "END:VCALENDAR\n",
            "Line 2: 'First day of school' on 2026-08-24 has no 'Last day of school' after it",
        ),
        (
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:First Day of School\nDTSTART;VALUE=DATE:20260824\nEND:VEVENT\n"
            "BEGIN:VEVENT\nSUMMARY:No School - Teacher Day\nDTSTART;VALUE=DATE:20260911\n"
            "RRULE:FREQ=MONTHLY;COUNT=3\nEND:VEVENT\n"
            "BEGIN:VEVENT\nSUMMARY:Last Day of School\nDTSTART;VALUE=DATE:20270604\nEND:VEVENT\nEND:VCALENDAR\n",
            "Line 9: recurring closures",
        ),
    ],
)
def test_a_bad_ics_file_names_the_line_and_the_problem(text, message):
    with pytest.raises(CalendarError, match=message):
        parse_ics(text)


def test_a_file_that_is_not_utf8_is_refused():
    with pytest.raises(CalendarError, match="not UTF-8"):
        parse_ics(b"BEGIN:VCALENDAR\n\xff\xfe\n")


def test_a_count_past_the_calendar_is_estimated():
    # Only 2026-27 known: a Texas count from 16 Apr 2027 needs next year's days → estimated.
    one_year = SchoolCalendar(years=SPRINGFIELD.years[:1], closures=SPRINGFIELD.closures)
    result = deadline("TX", "initial_evaluation", calendar=one_year, consent_received=D(2027, 4, 16))
    assert result.estimated
    assert any("outside the calendar's dates" in line for line in result.explanation)
