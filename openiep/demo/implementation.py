"""Demo data for steps 6-7: sessions logged against each service and progress data on each goal.

``seed_delivery`` works on the IEPs in effect in the district. Where the seed wrote none yet (the IEP seed is
added in parallel), it first gives each student found eligible an IEP in effect with two or three services and
two goals. Then, for each service, the sessions of the last ``weeks`` school weeks (``SEED_WEEKS``; the bench
asks for the whole IEP year), each IEP starting after the student's referral and eligibility decision: most delivered, some missed (student absent, provider absent, school closed), a
third of the school's misses made up a few days later; for each goal a weekly data point on a noisy line from
the baseline. Finally the delivery totals the dashboards read. Rows go in bulk (``openiep.demo.rows``).
"""

from __future__ import annotations

import random
import sys
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Q
from tqdm import tqdm

from openiep.demo.rows import insert_objects, insert_rows
from openiep.iep.models import IEP, Goal, Service
from openiep.implementation import rules
from openiep.implementation.models import ServiceLog
from openiep.implementation.services import closed_days, delivery_refresh_all
from openiep.people.models import District, TeamMembership, User
from openiep.progress.models import ProgressPoint

SEED_WEEKS = 8  # sessions logged for the last weeks of each service (None: from the service's start)
IEP_SHARE: float | None = None  # None: the students found eligible; a share: that share of every student
IEP_START_DAYS = (30, 330)  # each IEP took effect this many days ago (the bench: a whole year)
CHUNK = 100_000
RECENT_DAYS = 60

SERVICE_MENU = [  # name, provider role, minutes, times a week, weight
    ("Specialised reading instruction", Service.ProviderRole.SPED_TEACHER, 30, 4, 5),
    ("Math support in a small group", Service.ProviderRole.SPED_TEACHER, 45, 3, 3),
    ("Speech-language therapy", Service.ProviderRole.SPEECH_LANGUAGE, 30, 2, 4),
    ("Occupational therapy", Service.ProviderRole.OCCUPATIONAL_THERAPY, 30, 1, 2),
    ("Counselling", Service.ProviderRole.COUNSELING, 30, 1, 1),
]
GOAL_MENU = [  # area, statement, unit, baseline, target
    ("reading", "Given a grade-level passage, will read aloud at the target words correct per minute.",
     "words correct per minute", 42, 80),
    ("math", "Given 20 mixed problems, will solve the target number correctly in 5 minutes.",
     "problems correct", 6, 18),
    ("communication", "Will produce the target sound correctly in conversation.", "% correct", 35, 85),
]
STATUSES = [(rules.DELIVERED, 88), (rules.STUDENT_ABSENT, 6), (rules.PROVIDER_ABSENT, 3),
            (rules.SCHOOL_CLOSED, 1), (rules.OTHER, 2)]


def _eligible_students(district: District, rng: random.Random) -> list[int]:
    from openiep.eligibility.models import EligibilityDetermination
    from openiep.people.models import Student
    from openiep.referrals.models import Referral

    eligible = set(EligibilityDetermination.objects.filter(
        student__district=district, result=EligibilityDetermination.Result.ELIGIBLE,
    ).values_list("student_id", flat=True))
    if IEP_SHARE is not None:  # the bench: students found eligible, or with no case on record (an IEP from before)
        in_process = set(Referral.objects.filter(student__district=district).values_list("student_id", flat=True))
        ids = sorted(pk for pk in Student.objects.filter(district=district).values_list("pk", flat=True)
                     if pk in eligible or pk not in in_process)
        return sorted(rng.sample(ids, min(len(ids), int(len(ids) * IEP_SHARE))))
    return sorted(eligible)


def _still_being_written(students: list[int]) -> set[int]:
    from openiep.people.models import Guardianship

    keep = set(Guardianship.objects.filter(student_id__in=students, guardian__user__username__in=("parent", "padre"))
               .values_list("student_id", flat=True))
    first: dict[int, int] = {}
    for member_id, student_id in TeamMembership.objects.filter(
            student_id__in=students, role=TeamMembership.TeamRole.CASE_MANAGER).order_by("student_id").values_list(
            "member_id", "student_id"):
        first.setdefault(member_id, student_id)
    return keep | set(first.values())


def _case_dates(students: list[int]) -> dict[int, date]:
    """The last dated step of each student's case (referral received, eligibility decided)."""
    from openiep.eligibility.models import EligibilityDetermination
    from openiep.referrals.models import Referral

    latest: dict[int, date] = {}
    rows = [*Referral.objects.filter(student_id__in=students).values_list("student_id", "received_on"),
            *EligibilityDetermination.objects.filter(student_id__in=students).values_list("student_id", "determined_on")]
    for student_id, on in rows:
        if on and (student_id not in latest or on > latest[student_id]):
            latest[student_id] = on
    return latest


def _lineage(rng: random.Random) -> str:
    """A goal's or service's lineage (a UUID), drawn from the seed so the district is the same each run; as hex,
    which both databases take for a UUID column."""
    return uuid.UUID(int=rng.getrandbits(128), version=4).hex


def _ieps(district: District, actor: User, today: date, now: datetime, rng: random.Random) -> int:
    """IEPs in effect, with services and goals, for the students who need one and have none."""
    has_iep = set(IEP.objects.filter(student__district=district).values_list("student_id", flat=True))
    students = [s for s in _eligible_students(district, rng) if s not in has_iep]
    ieps = []
    earliest = _case_dates(students)
    # Found eligible in the last two months: the IEP is still being written. The demo also keeps that stage for
    # the demo parent's child and for one student of each case manager.
    waiting = _still_being_written(students) if IEP_SHARE is None else set()
    students = [s for s in students
                if earliest.get(s, date.min) < today - timedelta(days=RECENT_DAYS) and s not in waiting]
    for student_id in students:
        start = today - timedelta(days=rng.randint(*IEP_START_DAYS))
        if student_id in earliest:  # the IEP follows the referral and the eligibility decision
            start = min(today, max(start, earliest[student_id] + timedelta(days=rng.randint(5, 25))))
        ieps.append(IEP(student_id=student_id, kind=IEP.Kind.INITIAL, status=IEP.Status.IN_EFFECT, version=1,
                        start_date=start, end_date=start + timedelta(days=364), finalized_at=now, snapshot={},
                        content_hash="0" * 64, created_by=actor, school_week_minutes=1950,
                        progress_report_schedule=IEP.ProgressReportSchedule.QUARTERLY))
    insert_objects(IEP, ieps, now=now)
    services, goals = [], []
    weights = [w for *_, w in SERVICE_MENU]
    for iep in ieps:
        picked = {rng.choices(range(len(SERVICE_MENU)), weights=weights)[0] for _ in range(rng.choice((2, 3, 3)))}
        for order, index in enumerate(sorted(picked), start=1):
            name, role, minutes, times, _ = SERVICE_MENU[index]
            services.append({"iep_id": iep.pk, "order": order, "lineage": _lineage(rng),
                             "kind": Service.Kind.SPECIAL_EDUCATION, "name": name,
                             "provider_role": role, "minutes": minutes, "times": times, "period": Service.Period.WEEK,
                             "location": Service.Location.SPECIAL_CLASS, "delivery": Service.Delivery.GROUP,
                             "start_date": iep.start_date, "end_date": iep.end_date})
        for order, (area, statement, unit, baseline, target) in enumerate(rng.sample(GOAL_MENU, 2), start=1):
            goals.append({"iep_id": iep.pk, "order": order, "lineage": _lineage(rng), "area": area,
                          "statement": statement, "unit": unit,
                          "measurement_method": "curriculum_based_measurement", "measurement_schedule": "Weekly probes",
                          "baseline_value": Decimal(baseline), "target_value": Decimal(target)})
    for i in range(0, len(services), CHUNK):
        insert_rows(Service, services[i:i + CHUNK], now=now)
    for i in range(0, len(goals), CHUNK):
        insert_rows(Goal, goals[i:i + CHUNK], now=now)
    return len(ieps)


def _providers(district: District, fallback: User) -> dict[int, int]:
    """Who logs a student's sessions: a provider or special-education teacher on the team."""
    rows = TeamMembership.objects.filter(
        student__district=district, role__in=[TeamMembership.TeamRole.PROVIDER, TeamMembership.TeamRole.SPED_TEACHER,
                                              TeamMembership.TeamRole.CASE_MANAGER],
    ).values_list("student_id", "member_id")
    found: dict[int, int] = {}
    for student_id, member_id in rows.iterator(chunk_size=20_000):
        found.setdefault(student_id, member_id)
    return found


def seed_delivery(*, district: District, today: date, now: datetime, seed: int = 1, weeks: int | None = None,
                  progress: bool = False, add_ieps: bool = True) -> dict[str, int]:
    """Service logs and progress data for the IEPs in effect. ``add_ieps``: first give a plain IEP in effect to
    eligible students who have none (for a database seeded without ``openiep.demo.ieps``)."""
    rng = random.Random(seed * 7919)
    weeks = SEED_WEEKS if weeks is None else weeks
    actor = User.objects.filter(district=district, role=User.Role.DISTRICT_ADMIN).order_by("pk").first()
    counts = {"ieps_added": 0, "service_logs": 0, "progress_points": 0}
    if actor is None:
        return counts
    counts["ieps_added"] = _ieps(district, actor, today, now, rng) if add_ieps else 0
    closed = set(closed_days(district.pk, today))
    providers = _providers(district, actor)
    services = list(Service.objects.filter(iep__student__district=district, iep__status=IEP.Status.IN_EFFECT).filter(
        Q(start_date__isnull=False) | Q(iep__start_date__isnull=False)).values_list(
        "id", "iep__student_id", "minutes", "times", "period", "start_date", "iep__start_date", "end_date"))
    statuses, status_weights = [s for s, _ in STATUSES], [w for _, w in STATUSES]
    rows: list[dict] = []
    missed: list[ServiceLog] = []
    bar = tqdm(total=len(services), unit="service", desc="Service logs", file=sys.stderr, disable=not progress)

    def flush() -> None:
        insert_objects(ServiceLog, missed, now=now)
        for log in missed:  # a third of the school's misses made up within the week
            if log.status != rules.STUDENT_ABSENT and rng.random() < 0.33:
                on = min(today, log.served_on + timedelta(days=rng.randint(1, 6)))
                rows.append({"student_id": log.student_id, "service_id": log.service_id, "served_on": on,
                             "minutes": log.minutes, "status": rules.DELIVERED, "grouping": "individual",
                             "makes_up_id": log.pk, "logged_by_id": log.logged_by_id, "notes": "Make-up session"})
        insert_rows(ServiceLog, rows, now=now)
        counts["service_logs"] += len(rows) + len(missed)
        rows.clear()
        missed.clear()

    for service_id, student_id, minutes, times, period, start, iep_start, end in services:
        bar.update(1)
        first = start or iep_start
        minutes, times = minutes or 30, times or 1
        per_week = times if period == "week" else times * 5 if period == "day" else max(1, round(times / 4))
        last = min(today - timedelta(days=1), end) if end else today - timedelta(days=1)
        if weeks:
            first = max(first, today - timedelta(days=7 * weeks))
        logger = providers.get(student_id, actor.pk)
        monday = first - timedelta(days=first.weekday())
        while monday <= last:
            days = [monday + timedelta(days=i) for i in range(5)]
            days = [d for d in days if first <= d <= last and d not in closed]
            for on in sorted(rng.sample(days, min(per_week, len(days)))):
                status = rng.choices(statuses, weights=status_weights)[0]
                row = {"student_id": student_id, "service_id": service_id, "served_on": on, "minutes": minutes,
                       "status": status, "grouping": "group", "logged_by_id": logger,
                       "reason": "Testing schedule" if status == rules.OTHER else ""}
                if status in rules.MISSED and status != rules.STUDENT_ABSENT:
                    missed.append(ServiceLog(**row))
                else:
                    rows.append(row)
            monday += timedelta(days=7)
        if len(rows) + len(missed) >= CHUNK:
            flush()
    flush()
    bar.close()

    goals = list(Goal.objects.filter(iep__student__district=district, iep__status=IEP.Status.IN_EFFECT).values_list(
        "id", "iep__student_id", "baseline_value", "target_value", "iep__start_date", "iep__end_date"))
    points: list[dict] = []
    for goal_id, student_id, baseline, target, start, end in goals:
        if baseline is None or target is None or start is None:
            continue
        span = max(1, (end - start).days)
        growth = float(target - baseline) / span * rng.uniform(0.4, 1.3)  # some behind, some ahead of the aim line
        first = start if not weeks else max(start, today - timedelta(days=7 * weeks))
        on = first + timedelta(days=(3 - first.weekday()) % 7)  # Thursdays
        while on < today:
            value = float(baseline) + growth * (on - start).days + rng.gauss(0, abs(float(target - baseline)) * 0.05)
            points.append({"goal_id": goal_id, "student_id": student_id, "measured_on": on,
                           "value": Decimal(str(round(max(0.0, value), 1))), "recorded_by_id": providers.get(student_id, actor.pk)})
            on += timedelta(days=7)
        if len(points) >= CHUNK:
            insert_rows(ProgressPoint, points, now=now)
            counts["progress_points"] += len(points)
            points.clear()
    insert_rows(ProgressPoint, points, now=now)
    counts["progress_points"] += len(points)
    counts["services_refreshed"] = delivery_refresh_all(as_of=today)
    return counts
