"""The synthetic district's school calendar, written as the .ics file a district publishes.

It follows the convention ``openiep.compliance.calendars.parse_ics`` reads (see
``openiep/compliance/README.md``): all-day events, "First Day of School" and "Last Day of School" bound
each year, closures say "No School", "Holiday" or "Break", ``DTEND`` is exclusive, and the ordinary
events around them (early release, board meetings at a time of day) are there too and ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)
FIRST_DAY = (8, 20)  # classes start on 20 August in the synthetic district (see seed.school_year_start)


def _weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    return _weekday_on_or_after(date(year, month, 1), weekday) + timedelta(weeks=n - 1)


def _last_weekday(year: int, month: int, weekday: int) -> date:
    last = date(year + (month == 12), month % 12 + 1, 1) - ONE_DAY
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def first_day(year: int) -> date:
    """First day of the school year that starts in ``year`` (20 August, or the Monday after a weekend)."""
    day = date(year, *FIRST_DAY)
    return _weekday_on_or_after(day, 0) if day.weekday() >= 5 else day


def last_day(year: int) -> date:
    """Last day of the school year that starts in ``year``: 5 June, or the Friday before when it is a weekend."""
    day = date(year + 1, 6, 5)
    while day.weekday() >= 5:
        day -= ONE_DAY
    return day


def closures(year: int) -> list[tuple[date, date, str]]:
    """(first day, last day, summary) of every closure in the school year that starts in ``year``."""
    labor = _nth_weekday(year, 9, 0, 1)
    indigenous = _nth_weekday(year, 10, 0, 2)
    thanksgiving = _nth_weekday(year, 11, 3, 4)
    winter_first = _weekday_on_or_after(date(year, 12, 19), 0)
    winter_last = _weekday_on_or_after(date(year + 1, 1, 1), 4)
    mlk = _nth_weekday(year + 1, 1, 0, 3)
    presidents = _nth_weekday(year + 1, 2, 0, 3)
    spring = _weekday_on_or_after(date(year + 1, 3, 23), 0)
    memorial = _last_weekday(year + 1, 5, 0)
    conferences = _weekday_on_or_after(date(year, 10, 20), 4)  # a Friday in late October
    return [
        (labor, labor, "Labor Day - No School"),
        (indigenous, indigenous, "Professional Development Day - No School for Students"),
        (conferences, conferences, "Parent-Teacher Conferences - No School"),
        (thanksgiving - timedelta(days=1), thanksgiving + timedelta(days=1), "Thanksgiving Break"),
        (winter_first, winter_last, "Winter Break - Schools Closed"),
        (mlk, mlk, "Martin Luther King Jr. Day Holiday"),
        (presidents, presidents, "Presidents' Day - No School"),
        (spring, spring + timedelta(days=4), "Spring Break"),
        (memorial, memorial, "Memorial Day Holiday"),
    ]


def district_ics(district_name: str, years: Iterable[int]) -> str:
    """The .ics text of the district's calendar for the school years starting in ``years`` (e.g. 2025, 2026)."""
    slug = "".join(ch for ch in district_name.lower() if ch.isalnum())[:30] or "district"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{district_name}//School Calendar//EN",
        f"X-WR-CALNAME:{district_name} school calendar",
    ]

    def event(uid: str, first: date, summary: str, last: date | None = None) -> None:
        lines.extend([
            "BEGIN:VEVENT",
            f"UID:{uid}-{first:%Y%m%d}@{slug}.example.org",
            f"DTSTAMP:{first:%Y%m%d}T000000Z",
            f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
            f"DTEND;VALUE=DATE:{(last or first) + ONE_DAY:%Y%m%d}",
            f"SUMMARY:{summary}",
            "END:VEVENT",
        ])

    for year in sorted(set(years)):
        event("first", first_day(year), "First Day of School")
        for number, (first, last, summary) in enumerate(closures(year)):
            event(f"closed{number}", first, summary, last)
            if "Winter" in summary or "Spring" in summary:
                # The convention: "early release" and "last day before" are school days (ignored by the parser).
                event(f"early{number}", first - timedelta(days=3), "Early Release - Last Day Before " + (
                    "Winter Break" if "Winter" in summary else "Spring Break"))
        board = _nth_weekday(year, 9, 1, 2)  # timed events (board meetings) are ignored
        lines.extend([
            "BEGIN:VEVENT", f"UID:board-{board:%Y%m%d}@{slug}.example.org", f"DTSTAMP:{board:%Y%m%d}T000000Z",
            f"DTSTART:{board:%Y%m%d}T230000Z", f"DTEND:{board:%Y%m%d}T233000Z",
            "SUMMARY:Board of Education Meeting", "END:VEVENT",
        ])
        event("last", last_day(year), "Last Day of School")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
