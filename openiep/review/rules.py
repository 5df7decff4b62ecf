"""Pure rules of step 7 (no ORM): the discipline clock, the interim setting, reevaluation and transfer windows.

Discipline (34 CFR 300.530-300.536). Removals are counted in school days within a school year:

- after the 10th school day of removal in a year, the school provides services (300.530(b)(2), (d));
- a removal is a *change of placement* when it lasts more than 10 consecutive school days, or when the removals
  form a pattern (300.536); OpenIEP also flags, as the district policy most states follow, a total of more than
  10 school days in the year, so the team meets and records whether it is a pattern;
- the manifestation determination review (MDR) is then due within 10 school days of the decision (300.530(e)),
  counted from the first day of the removal that crossed the line;
- for weapons, drugs or serious bodily injury the school may remove the student to an interim alternative
  educational setting for up to 45 school days, whatever the MDR decides (300.530(g)).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

SHORT_REMOVAL_LIMIT = Decimal(10)
MDR_SCHOOL_DAYS = 10
IAES_SCHOOL_DAYS = 45
ONE_DAY = timedelta(days=1)


def weekdays(day: date) -> bool:
    return day.weekday() < 5


def school_days_after(start: date, count: int, is_school_day: Callable[[date], bool] = weekdays) -> date:
    """The ``count``-th school day after ``start`` (``start`` itself not counted)."""
    day, seen = start, 0
    while seen < count:
        day += ONE_DAY
        if is_school_day(day):
            seen += 1
    return day


def nth_school_day(start: date, count: int, is_school_day: Callable[[date], bool] = weekdays) -> date:
    """The last day of a span of ``count`` school days beginning on ``start`` (or the next school day)."""
    day = start
    while not is_school_day(day):
        day += ONE_DAY
    return school_days_after(day, count - 1, is_school_day) if count > 1 else day


@dataclass(frozen=True)
class RemovalFact:
    id: int
    starts_on: date
    school_days: Decimal
    pattern: bool | None = None  # the team's judgement that the removals form a pattern
    interim_setting: bool = False  # a 45-day removal for weapons, drugs or serious bodily injury


@dataclass(frozen=True)
class DisciplineClock:
    total_days: Decimal
    services_from: date | None  # the first removal after 10 school days in the year: services are owed from it
    trigger: RemovalFact | None  # the removal that makes the change of placement
    reason: str
    mdr_due_on: date | None


def discipline_clock(removals: Sequence[RemovalFact], *, year_first: date, year_last: date,
                     is_school_day: Callable[[date], bool] = weekdays) -> DisciplineClock:
    """Totals for one school year and, if the removals amount to a change of placement, when the MDR is due."""
    total = Decimal(0)
    services_from = trigger = None
    reason = ""
    for removal in sorted((r for r in removals if year_first <= r.starts_on <= year_last),
                          key=lambda r: (r.starts_on, r.id)):
        total += removal.school_days
        if services_from is None and total > SHORT_REMOVAL_LIMIT:
            services_from = removal.starts_on  # the removal that goes past the 10th day
        if trigger is None:
            if removal.interim_setting:
                trigger, reason = removal, "a removal to an interim setting for weapons, drugs or serious bodily injury"
            elif removal.school_days > SHORT_REMOVAL_LIMIT:
                trigger, reason = removal, "a removal of more than 10 consecutive school days"
            elif removal.pattern:
                trigger, reason = removal, "removals that form a pattern"
            elif total > SHORT_REMOVAL_LIMIT:
                trigger, reason = removal, "removals totalling more than 10 school days this school year"
    due = school_days_after(trigger.starts_on, MDR_SCHOOL_DAYS, is_school_day) if trigger else None
    return DisciplineClock(total, services_from, trigger, reason, due)


def interim_setting_ends(start: date, is_school_day: Callable[[date], bool] = weekdays) -> date:
    """The last day of a 45-school-day interim alternative educational setting beginning on ``start``."""
    return nth_school_day(start, IAES_SCHOOL_DAYS, is_school_day)


def is_manifestation(caused_by_disability: bool | None, failure_to_implement: bool | None) -> bool | None:
    """Yes if either question is answered yes (300.530(e)(2)); None until both are answered."""
    if caused_by_disability or failure_to_implement:
        return True
    if caused_by_disability is None or failure_to_implement is None:
        return None
    return False


# Reevaluation (300.303) and annual review (300.324(b)) ----------------------------------------------------

@dataclass(frozen=True)
class ReevaluationWindow:
    earliest_without_agreement: date  # not more than once a year unless parent and district agree
    due_by: date  # at least every 3 years unless both agree it is not needed


def reevaluation_window(last_evaluated_on: date) -> ReevaluationWindow:
    return ReevaluationWindow(last_evaluated_on + relativedelta(years=1), last_evaluated_on + relativedelta(years=3))


def reevaluation_problem(*, planned_on: date, last_evaluated_on: date | None, agreed_early: bool) -> str:
    if last_evaluated_on is None:
        return ""
    window = reevaluation_window(last_evaluated_on)
    if planned_on < window.earliest_without_agreement and not agreed_early:
        return (f"Less than a year after the last evaluation: only if the parent and the district agree "
                f"(34 CFR 300.303(b)(1)). Tick the agreement or plan it from {window.earliest_without_agreement}.")
    if planned_on > window.due_by:
        return f"After the three-year limit ({window.due_by}): plan it by then (34 CFR 300.303(b)(2))."
    return ""


# Transfers (300.323(e), (f)) ------------------------------------------------------------------------------

SAME_STATE_DECISION_DAYS = 30  # district policy: adopt the IEP or hold the meeting for a new one within 30 days
INITIAL_EVALUATION_DAYS = 60  # 300.301(c)(1): from the parent's consent, when the district decides to evaluate


def transfer_decision_due(received_on: date, *, same_state: bool) -> date | None:
    """By when the district decides to adopt the IEP or write a new one (same state; none fixed for another state,
    where comparable services continue until the evaluation the district may decide on)."""
    return received_on + timedelta(days=SAME_STATE_DECISION_DAYS) if same_state else None


def needs_summary_of_performance(reason: str) -> bool:
    """300.305(e)(3): a summary of academic achievement and functional performance when the student graduates
    with a regular diploma or exceeds the age of eligibility."""
    return reason in {"GHS", "RMA"}
