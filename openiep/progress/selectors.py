"""Reads of progress monitoring, each a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from openiep.access.policy import students_visible_to
from openiep.iep.models import IEP, Goal
from openiep.people.models import Student, User
from openiep.progress.models import ProgressPoint, ProgressRating, ProgressReport

RECENT_REPORTS = 20


def goals_of(*, student: Student) -> QuerySet[Goal]:
    return Goal.objects.filter(iep__student=student).select_related("iep")


def goals_with_data(*, iep: IEP) -> QuerySet[Goal]:
    return iep.goals.prefetch_related(
        Prefetch("progress_points", queryset=ProgressPoint.objects.order_by("measured_on")),
        Prefetch("progress_ratings", queryset=ProgressRating.objects.select_related("recorded_by")),
    )


def goal_with_data(*, student: Student, goal_id: int) -> Goal | None:
    return Goal.objects.filter(iep__student=student, pk=goal_id).select_related("iep").prefetch_related(
        Prefetch("progress_points", queryset=ProgressPoint.objects.select_related("recorded_by").order_by("measured_on")),
        "progress_ratings",
    ).first()


def points_of(*, student: Student) -> QuerySet[ProgressPoint]:
    return ProgressPoint.objects.filter(goal__iep__student=student).select_related("goal", "goal__iep")


def reports_of(*, student: Student) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(student=student).select_related("document", "iep")


def ieps_for_reports(*, user: User) -> QuerySet[IEP]:
    return IEP.objects.in_effect().filter(student__in=students_visible_to(user))


def recent_reports(*, user: User) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(student__in=students_visible_to(user)).select_related(
        "student").order_by("-generated_at", "-id")[:RECENT_REPORTS]
