"""Writes of progress monitoring: data points one by one or pasted, ratings per period.

Same house rules as pre-referral scores (whose parsing and value checks this reuses): one point a goal a
day, the same point sent twice stored once, no date in the future or before the IEP took effect.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from openiep.iep.models import IEP, Goal
from openiep.people.models import User
from openiep.prereferral.rules import DataRow, format_value, value_problem
from openiep.progress import rules
from openiep.progress.models import ProgressPoint, ProgressRating, Rating


def _day(on: date) -> str:
    return f"{on:%B} {on.day}, {on.year}"


def _date_problem(goal: Goal, on: date, today: date) -> str:
    if on > today:
        return "in the future"
    iep = goal.iep
    if iep.start_date and on < iep.start_date:
        return f"before the IEP took effect ({_day(iep.start_date)})"
    return ""


def _check_goal(goal: Goal, field: str) -> None:
    if goal.iep.status != IEP.Status.IN_EFFECT:
        raise ValidationError({field: "Progress is recorded on the goals of the IEP in effect."})


def _save(point: ProgressPoint, actor: User) -> ProgressPoint:
    point.full_clean(validate_constraints=False)
    point._history_user = actor
    point.save()
    return point


def _point(goal: Goal, row: DataRow, actor: User) -> ProgressPoint:
    return ProgressPoint(goal=goal, student_id=goal.iep.student_id, measured_on=row.measured_on, value=row.value,
                         note=row.note, recorded_by=actor)


@transaction.atomic
def point_add(*, goal: Goal, measured_on: date, value: Decimal, actor: User, note: str = "") -> ProgressPoint:
    """Add one data point. The same point sent twice (a double click) is stored once."""
    _check_goal(goal, "measured_on")
    errors: dict[str, str] = {}
    when = _date_problem(goal, measured_on, timezone.localdate())
    if when:
        errors["measured_on"] = f"This date is {when}."
    if value_problem(value):
        errors["value"] = value_problem(value).capitalize() + "."
    if errors:
        raise ValidationError(errors)
    row = DataRow(measured_on, value, note.strip())
    existing = ProgressPoint.objects.filter(goal=goal, measured_on=measured_on).first()
    if existing is None:
        try:
            with transaction.atomic():
                return _save(_point(goal, row, actor), actor)
        except IntegrityError:
            existing = ProgressPoint.objects.get(goal=goal, measured_on=measured_on)
    if existing.value == value and existing.note == row.note:
        return existing
    raise ValidationError({"measured_on": (
        f"There is already a data point for {_day(measured_on)}: {format_value(existing.value)}. "
        "To correct it, remove that point first.")})


@transaction.atomic
def points_add(*, goal: Goal, rows: Sequence[DataRow], actor: User) -> list[ProgressPoint]:
    """Add pasted points, all or none. Points already stored exactly as sent are skipped."""
    _check_goal(goal, "rows")
    if not rows:
        raise ValidationError({"rows": "Paste at least one line with a date and a value."})
    today = timezone.localdate()
    stored = {p.measured_on: p for p in ProgressPoint.objects.filter(
        goal=goal, measured_on__in=[r.measured_on for r in rows])}
    problems, new, seen = [], [], set()
    for row in sorted(rows, key=lambda r: r.measured_on):
        problem = _date_problem(goal, row.measured_on, today) or value_problem(row.value)
        if row.measured_on in seen:
            problem = "listed twice"
        elif row.measured_on in stored:
            old = stored[row.measured_on]
            if old.value == row.value and old.note == row.note.strip():
                continue
            problem = f"there is already a data point for this day ({format_value(old.value)})"
        if problem:
            problems.append(f"{_day(row.measured_on)}: {problem}.")
        seen.add(row.measured_on)
        new.append(DataRow(row.measured_on, row.value, row.note.strip()))
    if problems:
        raise ValidationError({"rows": problems})
    try:
        with transaction.atomic():
            return [_save(_point(goal, row, actor), actor) for row in new]
    except IntegrityError as exc:
        raise ValidationError({"rows": "Someone added points for these days at the same moment; check and try again."}) from exc


@transaction.atomic
def point_remove(*, point: ProgressPoint, actor: User) -> None:
    point._history_user = actor
    point.delete()


def periods_of(iep: IEP) -> list[rules.Period]:
    if not (iep.start_date and iep.end_date):
        return []
    return rules.reporting_periods(iep.start_date, iep.end_date, iep.progress_report_schedule)


@transaction.atomic
def rating_record(*, goal: Goal, period_number: int, rating: str, narrative: str, actor: User) -> ProgressRating:
    """Rate a goal for a reporting period (a second rating for the same period replaces the first)."""
    _check_goal(goal, "rating")
    periods = {p.number: p for p in periods_of(goal.iep)}
    period = periods.get(period_number)
    errors: dict[str, str] = {}
    if period is None:
        errors["period_number"] = "Choose a reporting period of this IEP."
    elif period.first > timezone.localdate():
        errors["period_number"] = "This reporting period has not started yet."
    if rating not in Rating.values:
        errors["rating"] = "Choose a rating."
    if rating in {Rating.INSUFFICIENT, Rating.SUFFICIENT} and not narrative.strip():
        errors["narrative"] = "Say in a sentence or two what the data show, for the parents."
    if errors:
        raise ValidationError(errors)
    record = ProgressRating.objects.select_for_update().filter(goal=goal, period_number=period_number).first()
    if record is None:
        record = ProgressRating(goal=goal, student_id=goal.iep.student_id, period_number=period_number)
    record.period_first, record.period_last = period.first, period.last
    record.rating, record.narrative, record.recorded_by = rating, narrative.strip(), actor
    record.full_clean(validate_constraints=False)
    record._history_user = actor
    record.save()
    return record
