"""Writes of step 6: service sessions logged, one by one or for a group, and the delivery totals they feed.

Each write is one transaction, checks the rules with messages at the form's fields (or naming the row of
a group), and leaves history. The form carries a one-time key (``submission``): the same form sent twice
(a double click, a resent request) stores the session once, which the database enforces.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from openiep.compliance.calendars import SchoolCalendar
from openiep.compliance.services import district_calendar
from openiep.iep.models import IEP, Service
from openiep.implementation import rules
from openiep.implementation.models import Acknowledgement, ServiceDelivery, ServiceLog
from openiep.people.models import User

# An IEP whose services could have been delivered on a day it covered.
EVER_IN_EFFECT = (IEP.Status.IN_EFFECT, IEP.Status.SUPERSEDED, IEP.Status.ENDED)


def _day(on: date) -> str:
    return f"{on:%B} {on.day}, {on.year}"


def plan_of(service: Service) -> rules.Plan:
    return rules.Plan(service.minutes, service.times, service.period, service.start_date, service.end_date)


def service_in_effect_problem(service: Service, day: date) -> str:
    """Why the service could not be delivered on ``day`` (its IEP's status and dates, its own dates), or ""."""
    iep = service.iep
    if iep.status not in EVER_IN_EFFECT:
        return f"the IEP with this service is not in effect ({iep.get_status_display().lower()})"
    if iep.start_date and day < iep.start_date:
        return f"the IEP took effect on {_day(iep.start_date)}"
    last = min(d for d in (iep.end_date, iep.ended_on) if d) if (iep.end_date or iep.ended_on) else None
    if last and day > last:
        return f"the IEP was in effect until {_day(last)}"
    if service.start_date and day < service.start_date:
        return f"this service starts on {_day(service.start_date)}"
    if service.end_date and day > service.end_date:
        return f"this service ended on {_day(service.end_date)}"
    return ""


@dataclass(frozen=True)
class Entry:
    """One student's session in a form: the service and how it went."""

    service: Service
    minutes: int | None
    status: str
    reason: str = ""
    notes: str = ""
    makes_up: ServiceLog | None = None


def _check(entry: Entry, served_on: date | None, today: date, minutes_that_day: int) -> dict[str, str]:
    """Problems with one session, keyed by form field."""
    errors: dict[str, str] = {}
    if served_on is None:
        errors["served_on"] = "Enter the date of the session."
    elif served_on > today:
        errors["served_on"] = "A session cannot be logged for a day that has not happened yet."
    else:
        problem = service_in_effect_problem(entry.service, served_on)
        if problem:
            errors["served_on"] = f"Not in effect on {_day(served_on)}: {problem}."
    if entry.status not in ServiceLog.Status.values:
        errors["status"] = "Choose how the session went."
    limit = rules.school_day_minutes(entry.service.iep.school_week_minutes)
    if not entry.minutes or entry.minutes <= 0:
        errors["minutes"] = "Enter the minutes of the session (more than 0)."
    elif entry.minutes > limit:
        errors["minutes"] = f"{entry.minutes} minutes is longer than the school day ({limit} minutes)."
    elif entry.status == rules.DELIVERED and minutes_that_day + entry.minutes > limit:
        errors["minutes"] = (f"With the {minutes_that_day} minutes already logged that day, this makes "
                             f"{minutes_that_day + entry.minutes}: more than the school day ({limit} minutes).")
    if entry.status == rules.OTHER and not entry.reason.strip():
        errors["reason"] = "Say why the session was not delivered."
    if entry.makes_up is not None:
        missed = entry.makes_up
        if entry.status != rules.DELIVERED:
            errors["status"] = "A make-up session is one that was delivered."
        elif missed.service_id != entry.service.pk or not missed.is_missed:
            errors["makes_up"] = "Choose a missed session of this service."
        else:
            room = rules.make_up_room(missed.minutes, _made_up_minutes(missed))
            if served_on and served_on < missed.served_on:
                errors["makes_up"] = "A make-up session comes after the session it makes up."
            elif entry.minutes and entry.minutes > room:
                errors["minutes"] = (f"The session of {_day(missed.served_on)} has {room} minutes left to make up."
                                     if room else f"The session of {_day(missed.served_on)} is already made up.")
    return errors


def _made_up_minutes(missed: ServiceLog) -> int:
    return ServiceLog.objects.filter(makes_up=missed).aggregate(total=Sum("minutes"))["total"] or 0


def _minutes_that_day(student_id: int, served_on: date | None, exclude: Iterable[int] = ()) -> int:
    if served_on is None:
        return 0
    return ServiceLog.objects.filter(
        student_id=student_id, served_on=served_on, status=rules.DELIVERED,
    ).exclude(service_id__in=list(exclude)).aggregate(total=Sum("minutes"))["total"] or 0


def _save(log: ServiceLog, actor: User) -> ServiceLog:
    log.full_clean(validate_constraints=False)  # the database checks the one-time key, under concurrency too
    log._history_user = actor
    log.save()
    return log


def _build(entry: Entry, *, served_on: date, grouping: str, submission: str, group_key: str,
           actor: User) -> ServiceLog:
    return ServiceLog(
        student_id=entry.service.iep.student_id, service=entry.service, served_on=served_on,
        minutes=entry.minutes, grouping=grouping, status=entry.status, reason=entry.reason.strip(),
        notes=entry.notes.strip(), makes_up=entry.makes_up, submission=submission, group_key=group_key,
        logged_by=actor,
    )


@transaction.atomic
def service_log_record(
    *, service: Service, served_on: date | None, minutes: int | None, actor: User,
    status: str = rules.DELIVERED, grouping: str = ServiceLog.Grouping.INDIVIDUAL, reason: str = "", notes: str = "",
    makes_up: ServiceLog | None = None, submission: str = "",
) -> ServiceLog:
    """Log one session. The same form sent twice returns the session stored the first time."""
    if submission:
        existing = ServiceLog.objects.filter(service=service, submission=submission).first()
        if existing is not None:
            return existing
    if grouping not in ServiceLog.Grouping.values:
        raise ValidationError({"grouping": "Choose individual or group."})
    entry = Entry(service, minutes, status, reason, notes, makes_up)
    errors = _check(entry, served_on, timezone.localdate(), _minutes_that_day(service.iep.student_id, served_on))
    if errors:
        raise ValidationError(errors)
    log = _build(entry, served_on=served_on, grouping=grouping, submission=submission, group_key="", actor=actor)
    try:
        with transaction.atomic():
            _save(log, actor)
    except IntegrityError:  # the same key saved at the same moment by the other click
        return ServiceLog.objects.get(service=service, submission=submission)
    delivery_refresh(service_ids=[service.pk])
    return log


@transaction.atomic
def service_logs_record_group(
    *, served_on: date | None, entries: Sequence[Entry], actor: User, submission: str,
    grouping: str = ServiceLog.Grouping.GROUP,
) -> list[ServiceLog]:
    """Log one session shared by several students, all or none.

    Errors are keyed ``row-<service id>`` (the row of the student) or by the shared field (``served_on``).
    Rows already stored under this form's key are returned as they are, never stored again.
    """
    if not entries:
        raise ValidationError({"rows": "Tick at least one student who was in the session."})
    if not submission:
        raise ValidationError({"rows": "The form has expired; open it again."})
    services = [e.service for e in entries]
    if len({s.pk for s in services}) != len(services):
        raise ValidationError({"rows": "A student's service is listed twice."})
    stored = {log.service_id: log for log in ServiceLog.objects.filter(service__in=services, submission=submission)}
    if len(stored) == len(entries):
        return [stored[s.pk] for s in services]
    today = timezone.localdate()
    student_ids = {s.iep.student_id for s in services}
    day_totals: dict[int, int] = {}
    if served_on is not None:
        day_totals = dict(ServiceLog.objects.filter(
            student_id__in=student_ids, served_on=served_on, status=rules.DELIVERED,
        ).values_list("student_id").annotate(total=Sum("minutes")).values_list("student_id", "total"))
    errors: dict[str, str] = {}
    shared_date_problem = ""
    for entry in entries:
        if entry.service.pk in stored:
            continue
        problems = _check(entry, served_on, today, day_totals.get(entry.service.iep.student_id, 0))
        if "served_on" in problems and (served_on is None or served_on > today):
            shared_date_problem = problems.pop("served_on")
        if problems:
            errors[f"row-{entry.service.pk}"] = " ".join(problems.values())
    if shared_date_problem:
        errors["served_on"] = shared_date_problem
    if errors:
        raise ValidationError(errors)
    group_key = submission[:40]
    logs = []
    try:
        with transaction.atomic():
            for entry in entries:
                if entry.service.pk in stored:
                    logs.append(stored[entry.service.pk])
                    continue
                logs.append(_save(_build(entry, served_on=served_on, grouping=grouping, submission=submission,
                                         group_key=group_key, actor=actor), actor))
    except IntegrityError:  # the other click stored them first
        stored = {log.service_id: log for log in ServiceLog.objects.filter(service__in=services, submission=submission)}
        return [stored[s.pk] for s in services if s.pk in stored]
    delivery_refresh(service_ids=[s.pk for s in services])
    return logs


@transaction.atomic
def service_log_remove(*, log: ServiceLog, actor: User) -> None:
    """Remove a session logged by mistake; the change history keeps what it was and who removed it."""
    if log.made_up_by.exists():
        raise ValidationError({"log": "This missed session has a make-up session: remove the make-up first."})
    service_id = log.service_id
    log._history_user = actor
    log.delete()
    delivery_refresh(service_ids=[service_id])


@transaction.atomic
def iep_acknowledge(*, iep: IEP, actor: User) -> Acknowledgement:
    """Record that a teacher read the IEP at a glance. Acknowledging twice keeps the first time."""
    existing = Acknowledgement.objects.filter(iep=iep, user=actor).first()
    if existing is not None:
        return existing
    ack = Acknowledgement(iep=iep, user=actor, acknowledged_at=timezone.now())
    ack._history_user = actor
    try:
        with transaction.atomic():
            ack.save()
    except IntegrityError:
        return Acknowledgement.objects.get(iep=iep, user=actor)
    return ack


# Delivery totals ------------------------------------------------------------------------------------

@lru_cache(maxsize=64)
def _closed_days(district_id: int, first: date, last: date, calendar_key: str) -> tuple[date, ...]:
    calendar = district_calendar(district_id) or SchoolCalendar.weekdays_only()
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5 and not calendar.is_school_day(day):
            days.append(day)
        day += timedelta(days=1)
    return tuple(days)


def closed_days(district_id: int, as_of: date) -> tuple[date, ...]:
    """Weekdays without school in the district's calendar (closures, summer), two years either side of a day.

    Kept per district and calendar upload, so refreshing a district parses its calendar once.
    """
    from openiep.compliance.models import CalendarUpload

    newest = CalendarUpload.objects.filter(district_id=district_id).order_by("-uploaded_at", "-id").values_list(
        "id", flat=True).first()
    return _closed_days(district_id, date(as_of.year - 2, 1, 1), date(as_of.year + 2, 12, 31), str(newest))


def delivery_totals(service_ids: Sequence[int]) -> dict[int, dict]:
    """The logged minutes of each service, summed in the database: delivered, made up, missed and owed.

    What is owed is what the school missed less the make-ups for those misses (a make-up never exceeds what
    is left of its missed session, so per-session sums equal these totals).
    """
    school = Q(status__in=rules.SCHOOL_RESPONSIBLE)
    rows = ServiceLog.objects.filter(service_id__in=service_ids).values("service_id").annotate(
        delivered=Sum("minutes", filter=Q(status=rules.DELIVERED), default=0),
        made_up=Sum("minutes", filter=Q(status=rules.DELIVERED, makes_up__isnull=False), default=0),
        made_up_school=Sum("minutes", filter=Q(status=rules.DELIVERED,
                                                makes_up__status__in=rules.SCHOOL_RESPONSIBLE), default=0),
        missed_by_school=Sum("minutes", filter=school, default=0),
        missed_by_student=Sum("minutes", filter=Q(status=rules.STUDENT_ABSENT), default=0),
        sessions=Count("id"),
        last=Max("served_on"),
    ).order_by()
    return {row["service_id"]: row for row in rows}


def delivery_refresh(*, service_ids: Iterable[int], as_of: date | None = None, batch: int = 2000) -> int:
    """Recompute the stored totals of these services as of a day (today): required to date, delivered, owed…"""
    as_of = as_of or timezone.localdate()
    ids = list(service_ids)
    written = 0
    closures: dict[int, tuple[date, ...]] = {}
    for i in range(0, len(ids), batch):
        chunk = ids[i:i + batch]
        services = list(Service.objects.filter(pk__in=chunk).values(
            "id", "minutes", "times", "period", "start_date", "end_date", "iep_id", "iep__student_id",
            "iep__student__district_id", "iep__student__school_id"))
        totals = delivery_totals(chunk)
        rows = []
        for s in services:
            plan = rules.Plan(s["minutes"], s["times"], s["period"], s["start_date"], s["end_date"])
            required = 0
            if plan.complete and plan.start <= as_of:
                district_id = s["iep__student__district_id"]
                if district_id not in closures:
                    closures[district_id] = closed_days(district_id, as_of)
                required = rules.required_minutes(plan, plan.start, as_of, closures[district_id])
            t = totals.get(s["id"], {})
            delivered, by_student = t.get("delivered", 0), t.get("missed_by_student", 0)
            rows.append(ServiceDelivery(
                service_id=s["id"], student_id=s["iep__student_id"], iep_id=s["iep_id"],
                district_id=s["iep__student__district_id"], school_id=s["iep__student__school_id"],
                as_of=as_of, required=required,
                delivered=delivered, made_up=t.get("made_up", 0), missed_by_school=t.get("missed_by_school", 0),
                missed_by_student=by_student, owed=t.get("missed_by_school", 0) - t.get("made_up_school", 0),
                behind=max(0, required - delivered - by_student), last_logged_on=t.get("last"),
                updated_at=timezone.now(),
            ))
        ServiceDelivery.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["service"],
            update_fields=["student", "iep", "district", "school", "as_of", "required", "delivered", "made_up", "missed_by_school",
                           "missed_by_student", "owed", "behind", "last_logged_on", "updated_at"],
        )
        written += len(rows)
    return written


def delivery_refresh_all(*, as_of: date | None = None) -> int:
    """Each morning: the totals of every service of an IEP in effect (the required minutes grow every day)."""
    ids = list(Service.objects.filter(iep__status=IEP.Status.IN_EFFECT).values_list("id", flat=True))
    written = delivery_refresh(service_ids=ids, as_of=as_of)
    if connection.vendor == "postgresql":  # every row was rewritten: fresh statistics for the dashboards' plans
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {ServiceDelivery._meta.db_table}")
    return written
