"""Reads of step 6, each a fixed number of queries whatever the data size."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from openiep.access.policy import ROLE_SCOPE, Scope, students_visible_to
from openiep.iep.models import IEP, Service
from openiep.implementation import rules
from openiep.implementation.models import ServiceDelivery, ServiceLog
from openiep.people.models import School, Student, User

GROUP_ROWS = 60
DASHBOARD_ROWS = 50


def iep_in_effect(*, student: Student) -> IEP | None:
    return IEP.objects.in_effect().filter(student=student).select_related("case_manager").first()


def services_with_logs(*, iep: IEP) -> QuerySet[Service]:
    logs = ServiceLog.objects.select_related("logged_by").order_by("-served_on", "-id")
    return iep.services.select_related("delivery_totals").prefetch_related(Prefetch("logs", queryset=logs))


def missed_sessions(*, student: Student) -> QuerySet[ServiceLog]:
    """Missed sessions of the IEP in effect, which a make-up session may point to."""
    return ServiceLog.objects.filter(
        student=student, status__in=rules.MISSED, service__iep__status=IEP.Status.IN_EFFECT,
    ).select_related("service").order_by("-served_on", "-id")


def logs_of(*, student: Student) -> QuerySet[ServiceLog]:
    return ServiceLog.objects.filter(student=student).select_related("service")


def group_services(*, user: User, on: date, provider_role: str = "") -> QuerySet[Service]:
    """Services in effect on a day for the students the user may see: the rows of a group session."""
    qs = Service.objects.filter(
        iep__status=IEP.Status.IN_EFFECT, iep__student__in=students_visible_to(user),
        iep__start_date__lte=on, iep__end_date__gte=on,
    ).filter(Q(start_date__isnull=True) | Q(start_date__lte=on), Q(end_date__isnull=True) | Q(end_date__gte=on))
    if provider_role:
        qs = qs.filter(provider_role=provider_role)
    return qs.select_related("iep", "iep__student", "iep__student__school").order_by(
        "iep__student__last_name", "iep__student__first_name", "order", "id")


def delivery_rows(*, user: User, school_id: int | None = None) -> QuerySet[ServiceDelivery]:
    """The delivery totals of the services of IEPs in effect the user may see.

    A district-wide user's are the district's (``district`` is copied on each row: a student never changes
    district); everyone else's go through ``students_visible_to``.
    """
    qs = ServiceDelivery.objects.filter(iep__status=IEP.Status.IN_EFFECT)
    if ROLE_SCOPE.get(user.role) is Scope.DISTRICT and user.district_id:
        qs = qs.filter(district_id=user.district_id)
    else:
        qs = qs.filter(student__in=students_visible_to(user))
    if school_id:
        qs = qs.filter(student__school_id=school_id)
    return qs


SUMMED = ("services", "behind_services", "students_behind", "required", "delivered", "behind", "owed")


def delivery_by_school(rows: QuerySet[ServiceDelivery]) -> list[dict]:
    """One aggregate over the rows, grouped by school (the school at the last refresh), most behind first."""
    grouped = rows.values("school_id").annotate(
        services=Count("pk"), behind_services=Count("pk", filter=Q(behind__gt=0)),
        students_behind=Count("student_id", filter=Q(behind__gt=0), distinct=True),
        required=Sum("required", default=0), delivered=Sum("delivered", default=0),
        behind=Sum("behind", default=0), owed=Sum("owed", default=0),
    ).order_by()
    result = list(grouped)
    names = dict(School.objects.filter(pk__in=[r["school_id"] for r in result]).values_list("pk", "name"))
    for r in result:
        r["name"] = names.get(r["school_id"], "")
    return sorted(result, key=lambda r: (-r["behind"], r["name"]))


def delivery_summary(by_school: list[dict]) -> dict:
    """The totals, from the per-school rows (a student is at one school, so distinct counts add up)."""
    return {key: sum(r[key] for r in by_school) for key in SUMMED}


def most_behind(rows: QuerySet[ServiceDelivery]) -> QuerySet[ServiceDelivery]:
    return rows.filter(Q(behind__gt=0) | Q(owed__gt=0)).select_related(
        "service", "student", "student__school").order_by("-behind", "-owed", "service_id")[:DASHBOARD_ROWS]
