"""Pure rules of the procedural safeguards: is a notice owed, and the clocks of requests and disputes.

No database here: the selectors read the facts, these functions answer, and every branch is tested
directly. Days are calendar days unless the law says school days (34 CFR 300.11); counting follows the
deadline engine's convention (day 1 is the day after the event; the Nth counted day is due).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from openiep.compliance.calendars import SchoolCalendar

ONE_DAY = timedelta(days=1)
RECORDS_DAYS = 45  # 34 CFR 300.613(a)
STATE_COMPLAINT_DAYS = 60  # 300.152(a)
RESPONSE_DAYS = 10  # 300.508(e)
SUFFICIENCY_DAYS = 15  # 300.508(d)(1)
RESOLUTION_MEETING_DAYS = 15  # 300.510(a)(1)
RESOLUTION_PERIOD_DAYS = 30  # 300.510(b)(1)
DECISION_DAYS = 45  # 300.515(a)
EXPEDITED_MEETING_DAYS = 7  # 300.532(c)(3)(i)
EXPEDITED_RESOLUTION_DAYS = 15  # 300.532(c)(3)(ii)
EXPEDITED_HEARING_SCHOOL_DAYS = 20  # 300.532(c)(2)
EXPEDITED_DECISION_SCHOOL_DAYS = 10  # 300.532(c)(2)


@dataclass(frozen=True)
class ClockStatus:
    code: str  # open, overdue, met, late, waived, limit
    text: str
    badge: str  # CSS badge class: bad, warn, ok, ""


@dataclass(frozen=True)
class Clock:
    """One date the law sets for a request or a dispute, with what satisfies it."""

    rule_id: str
    label: str
    due: date
    citation: str
    done_on: date | None = None
    kind: str = "deadline"  # "deadline" (done by) or "limit" (the last day something may happen; nothing owed)
    waived: bool = False
    estimated: bool = False  # counted in school days without the district's calendar

    def status(self, today: date) -> ClockStatus:
        if self.waived:
            return ClockStatus("waived", str(_("Waived in writing")), "")
        if self.kind == "limit":
            if self.due >= today:
                return ClockStatus("limit", str(_("Until %(day)s") % {"day": long_date(self.due)}), "")
            return ClockStatus("limit", str(_("Passed")), "")
        if self.done_on is not None:
            if self.done_on <= self.due:
                return ClockStatus("met", str(_("Met on time (%(day)s)") % {"day": long_date(self.done_on)}), "ok")
            late = (self.done_on - self.due).days
            return ClockStatus("late", ngettext("Met %(n)d day late", "Met %(n)d days late", late) % {"n": late},
                               "warn")
        if self.due < today:
            days = (today - self.due).days
            return ClockStatus("overdue", ngettext("Overdue by %(n)d day", "Overdue by %(n)d days", days)
                               % {"n": days}, "bad")
        days = (self.due - today).days
        if days == 0:
            return ClockStatus("open", str(_("Due today")), "warn")
        return ClockStatus("open", ngettext("Due in %(n)d day", "Due in %(n)d days", days) % {"n": days},
                           "warn" if days <= 7 else "")

    def is_open(self) -> bool:
        return self.kind == "deadline" and not self.waived and self.done_on is None


def long_date(day: date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def add_school_days(start: date, count: int, calendar: SchoolCalendar | None) -> tuple[date, bool]:
    """The ``count``-th school day after ``start``; estimated when there is no calendar or it runs out."""
    cal = calendar or SchoolCalendar.weekdays_only()
    day, counted, estimated = start, 0, cal.estimated
    while counted < count:
        day += ONE_DAY
        if not cal.covers(day):
            estimated = True
        if cal.is_school_day(day):
            counted += 1
    return day, estimated


# --- Records, amendments and IEEs ------------------------------------------------------------------------------


def records_request_clock(*, requested_on: date, meeting_on: date | None = None,
                          answered_on: date | None = None) -> Clock:
    """Access without unnecessary delay, before any IEP meeting or hearing, and within 45 days (300.613(a))."""
    due = requested_on + timedelta(days=RECORDS_DAYS)
    label = _("Show the records (within 45 days)")
    if meeting_on is not None and requested_on <= meeting_on - ONE_DAY < due:
        due, label = meeting_on - ONE_DAY, _("Show the records before the meeting or hearing")
    return Clock("records_access", str(label), due, "34 CFR §300.613(a)", done_on=answered_on)


def iee_clock(*, requested_on: date, response_days: int, responded_on: date | None = None) -> Clock:
    """Pay for the IEE or file for a hearing without unnecessary delay: the district's number of days."""
    return Clock("iee_response", str(_("Pay for the IEE or file for a hearing")),
                 requested_on + timedelta(days=response_days), "34 CFR §300.502(b)(2)", done_on=responded_on)


# --- Disputes --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DisputeFacts:
    kind: str  # Dispute.Kind values
    filed_on: date
    district_response_on: date | None = None
    resolution_meeting_on: date | None = None
    resolution_waived: bool = False
    hearing_on: date | None = None
    decided_on: date | None = None  # closed with a decision (or, for a state complaint, the written decision)


def dispute_clocks(facts: DisputeFacts, calendar: SchoolCalendar | None = None) -> list[Clock]:
    """Every clock of a state complaint, a due process complaint or an expedited one. Mediation has none."""
    filed = facts.filed_on

    def days(n: int) -> date:
        return filed + timedelta(days=n)

    if facts.kind == "state_complaint":
        return [Clock("state_complaint_decision", str(_("Written decision on the state complaint")),
                      days(STATE_COMPLAINT_DAYS), "34 CFR §300.152(a)", done_on=facts.decided_on)]
    if facts.kind == "due_process":
        resolution_end = days(RESOLUTION_PERIOD_DAYS)
        return [
            Clock("due_process_response", str(_("District's response to the complaint")), days(RESPONSE_DAYS),
                  "34 CFR §300.508(e)", done_on=facts.district_response_on),
            Clock("due_process_sufficiency", str(_("Last day to challenge the complaint as insufficient")),
                  days(SUFFICIENCY_DAYS), "34 CFR §300.508(d)(1)", kind="limit"),
            Clock("resolution_meeting", str(_("Resolution meeting")), days(RESOLUTION_MEETING_DAYS),
                  "34 CFR §300.510(a)(1)", done_on=facts.resolution_meeting_on, waived=facts.resolution_waived),
            Clock("resolution_period", str(_("Resolution period ends (the hearing may go ahead)")), resolution_end,
                  "34 CFR §300.510(b)(1)", kind="limit"),
            Clock("due_process_decision", str(_("Hearing decision reached and mailed")),
                  resolution_end + timedelta(days=DECISION_DAYS), "34 CFR §300.515(a)", done_on=facts.decided_on),
        ]
    if facts.kind == "expedited":
        hearing_due, estimated = add_school_days(filed, EXPEDITED_HEARING_SCHOOL_DAYS, calendar)
        decision_due, decision_estimated = add_school_days(facts.hearing_on or hearing_due,
                                                           EXPEDITED_DECISION_SCHOOL_DAYS, calendar)
        return [
            Clock("expedited_resolution_meeting", str(_("Resolution meeting (expedited)")),
                  days(EXPEDITED_MEETING_DAYS), "34 CFR §300.532(c)(3)(i)", done_on=facts.resolution_meeting_on,
                  waived=facts.resolution_waived),
            Clock("expedited_resolution_period", str(_("Hearing goes ahead unless resolved by")),
                  days(EXPEDITED_RESOLUTION_DAYS), "34 CFR §300.532(c)(3)(ii)", kind="limit"),
            Clock("expedited_hearing", str(_("Expedited hearing held (20 school days)")), hearing_due,
                  "34 CFR §300.532(c)(2)", done_on=facts.hearing_on, estimated=estimated),
            Clock("expedited_decision", str(_("Expedited hearing decision (10 school days after the hearing)")),
                  decision_due, "34 CFR §300.532(c)(2)", done_on=facts.decided_on,
                  estimated=estimated or decision_estimated),
        ]
    return []


# --- Procedural safeguards notice (300.504(a)) -------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeOwed:
    trigger: str  # SafeguardsNotice.Trigger values
    since: date
    reason: str


def notice_owed(
    *,
    today: date,
    year_start: date,
    year_end: date,
    notices_given: Iterable[date],
    first_referral_on: date | None = None,
    complaints: Sequence[tuple[date, str]] = (),
    requested_on: date | None = None,
) -> list[NoticeOwed]:
    """Why a procedural safeguards notice is owed now, if it is (an empty list when nothing is owed).

    ``notices_given`` are the days a notice was given; ``complaints`` (day, Dispute.Kind) of any year;
    ``requested_on`` the parent's latest request for a copy. A notice given on or after the
    event answers it. A disciplinary change of placement is recorded by staff when it happens (the
    discipline records are not in OpenIEP yet), so it is not computed here.
    """
    given = sorted(notices_given)

    def answered(since: date) -> bool:
        return any(day >= since for day in given)

    owed: list[NoticeOwed] = []
    if year_start <= today <= year_end and not any(year_start <= day <= year_end for day in given):
        owed.append(NoticeOwed("annual", year_start, str(_("Not yet given this school year"))))
    if first_referral_on is not None and not answered(first_referral_on):
        owed.append(NoticeOwed("initial_referral", first_referral_on,
                               str(_("The first referral or request for an evaluation"))))
    in_year = sorted((day, kind) for day, kind in complaints if year_start <= day <= year_end)
    for kinds, trigger, reason in (
        ({"state_complaint"}, "state_complaint", _("The first state complaint this school year")),
        ({"due_process", "expedited"}, "due_process", _("The first due process complaint this school year")),
    ):
        first = next((day for day, kind in in_year if kind in kinds), None)
        if first is not None and not answered(first):
            owed.append(NoticeOwed(trigger, first, str(reason)))
    if requested_on is not None and not answered(requested_on):
        owed.append(NoticeOwed("request", requested_on, str(_("The parent asked for a copy"))))
    return owed


def school_year_around(today: date, years: Iterable[tuple[date, date]]) -> tuple[date, date]:
    """The district's school year holding ``today`` ; else (summer, no calendar) 1 July to 30 June."""
    for start, end in sorted(years):
        if start <= today <= end:
            return start, end
    start = date(today.year if today.month >= 7 else today.year - 1, 7, 1)
    return start, date(start.year + 1, 6, 30)
