"""Reads of the pre-referral step. Each page loads in a fixed number of queries whatever the data size."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from openiep.people.models import SectionEnrollment, Student, TeamMembership, User
from openiep.prereferral.models import Accommodation, Concern, DataPoint, Intervention, Review
from openiep.referrals.models import Referral


def concerns_for_student(*, student: Student) -> QuerySet[Concern]:
    """The student's concerns, newest first, with how many interventions and the latest team decision."""
    latest = Review.objects.filter(concern=OuterRef("pk")).order_by("-reviewed_on", "-id")
    return (
        Concern.objects.filter(student=student)
        .select_related("raised_by", "referral")
        .annotate(
            intervention_count=Count("interventions"),
            latest_decision=Subquery(latest.values("decision")[:1]),
            latest_review_on=Subquery(latest.values("reviewed_on")[:1]),
        )
        .order_by("-raised_on", "-id")
    )


def _interventions() -> QuerySet[Intervention]:
    return Intervention.objects.select_related("delivered_by").prefetch_related(
        Prefetch("data_points", queryset=DataPoint.objects.order_by("measured_on"))
    ).order_by("start_date", "id")


def _concern_with_everything() -> QuerySet[Concern]:
    return Concern.objects.select_related("raised_by", "referral").prefetch_related(
        Prefetch("interventions", queryset=_interventions()),
        Prefetch("accommodations", queryset=Accommodation.objects.order_by("id")),
        Prefetch("reviews", queryset=Review.objects.select_related("recorded_by").order_by("-reviewed_on", "-id")),
    )


def concern_page(*, student: Student) -> QuerySet[Concern]:
    """Concerns of this student, each with interventions and their scores, accommodations and reviews."""
    return _concern_with_everything().filter(student=student)


def concerns_for_referral(*, referral: Referral) -> QuerySet[Concern]:
    """The pre-referral history behind a referral, for the referral's page (same fixed number of queries)."""
    return _concern_with_everything().filter(referral=referral, student_id=referral.student_id).order_by("raised_on")


def interventions_with_scores(*, student: Student) -> QuerySet[Intervention]:
    """This student's interventions with their scores in date order (one intervention's card on the page)."""
    return _interventions().filter(concern__student=student)


def intervention_of(*, student: Student) -> QuerySet[Intervention]:
    """Interventions reachable through this student (fetch one by pk from here, never directly)."""
    return Intervention.objects.filter(concern__student=student).select_related("concern", "concern__student")


def data_points_of(*, student: Student) -> QuerySet[DataPoint]:
    return DataPoint.objects.filter(intervention__concern__student=student).select_related("intervention__concern")


def accommodations_of(*, student: Student) -> QuerySet[Accommodation]:
    return Accommodation.objects.filter(concern__student=student).select_related("concern")


def staff_who_may_deliver(*, student: Student) -> QuerySet[User]:
    """Staff to choose from: the student's school, district-wide staff, the team and the student's teachers."""
    today_team = TeamMembership.objects.active().filter(student=student).values("member_id")
    teachers = SectionEnrollment.objects.filter(
        role=SectionEnrollment.Role.TEACHER,
        section__in=SectionEnrollment.objects.filter(student=student).values("section_id"),
    ).values("teacher_id")
    not_delivering = (User.Role.PARENT, User.Role.ADVOCATE, User.Role.STUDENT, User.Role.AUDITOR)
    return (
        User.objects.filter(district_id=student.district_id, is_active=True)
        .exclude(role__in=not_delivering)
        .filter(Q(school_id=student.school_id) | Q(school__isnull=True) | Q(pk__in=today_team) | Q(pk__in=teachers))
        .order_by("last_name", "first_name", "id")
    )
