"""The test calendar and a helper, shared by the worked examples.

Springfield's calendar (dates checked against a real 2026-27 and 2027-28 calendar):

- 2026-27: first day Mon 24 Aug 2026, last day Fri 4 Jun 2027.
  Closed: Labor Day Mon 7 Sep; Thanksgiving break Wed 25 – Fri 27 Nov (3 school days); winter break
  Mon 21 Dec – Fri 1 Jan (10 school days); MLK Day Mon 18 Jan; Presidents' Day Mon 15 Feb; spring break
  Mon 22 – Fri 26 Mar (5 school days); Memorial Day Mon 31 May.
- Summer: Sat 5 Jun – Sun 22 Aug 2027.
- 2027-28: first day Mon 23 Aug 2027 (Labor Day Mon 6 Sep 2027 closed), last day Fri 2 Jun 2028.

Weekdays used in the arithmetic: 1 Sep 2026 is a Tuesday; 14 Sep, 2 Nov, 16 Nov, 1 Mar, 5 Apr 2027 and
23 Aug 2027 are Mondays; 4 Jun 2027 is a Friday.

School days left in 2026-27 *after* a date, through 4 Jun (used by the TX and IL end-of-year rules):
after Thu 4 Mar → 60; after Fri 5 Mar → 59; after Thu 1 Apr → 45; after Fri 2 Apr → 44;
after Thu 15 Apr → 35; after Fri 16 Apr → 34. (From 5 Mar: 5 Mar 1, 8-12 Mar 6, 15-19 Mar 11,
spring break, 29 Mar-2 Apr 16, then 5 a week to 28 May = 56, 1-4 Jun = 60.)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from openiep.compliance.calendars import Closure, SchoolCalendar, SchoolYear
from openiep.compliance.deadlines import Deadline, compute_deadlines
from openiep.compliance.law_profiles import load_profile

D = date

SPRINGFIELD = SchoolCalendar(
    years=(SchoolYear(D(2026, 8, 24), D(2027, 6, 4)), SchoolYear(D(2027, 8, 23), D(2028, 6, 2))),
    closures=(
        Closure(D(2026, 9, 7), D(2026, 9, 7), "Labor Day"),
        Closure(D(2026, 11, 25), D(2026, 11, 27), "Thanksgiving Break"),
        Closure(D(2026, 12, 21), D(2027, 1, 1), "Winter Break"),
        Closure(D(2027, 1, 18), D(2027, 1, 18), "Martin Luther King Jr. Day"),
        Closure(D(2027, 2, 15), D(2027, 2, 15), "Presidents' Day"),
        Closure(D(2027, 3, 22), D(2027, 3, 26), "Spring Break"),
        Closure(D(2027, 5, 31), D(2027, 5, 31), "Memorial Day"),
        Closure(D(2027, 9, 6), D(2027, 9, 6), "Labor Day"),
    ),
    name="Springfield",
)


def deadline(
    state: str,
    rule_id: str,
    *,
    calendar: SchoolCalendar | None = SPRINGFIELD,
    absences: Iterable[date] = (),
    today: date | None = None,
    **events: date,
) -> Deadline:
    results = compute_deadlines(events, load_profile(state), calendar, absences=absences, today=today)
    return next(d for d in results if d.rule_id == rule_id)


def due(state: str, rule_id: str, **kwargs) -> date | None:
    return deadline(state, rule_id, **kwargs).due
