"""Reads about people. Every list starts from the access policy's visible students."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from openiep.access.policy import students_visible_to
from openiep.people.models import (
    AdvocateGrant,
    Guardianship,
    School,
    Student,
    TeamMembership,
    User,
)

STAFF_ROLES = frozenset(set(User.Role) - {User.Role.PARENT, User.Role.ADVOCATE, User.Role.STUDENT})


def student_list(*, user: User) -> QuerySet[Student]:
    """All students the user may see, ready for a list page."""
    return students_visible_to(user).active().for_list()


def caseload(*, user: User, roles: tuple[str, ...] = (TeamMembership.TeamRole.CASE_MANAGER,)) -> QuerySet[Student]:
    """Students for whom the user holds one of ``roles`` on the team today (a subset of what they may see)."""
    mine = TeamMembership.objects.active().filter(member=user, role__in=roles).values("student_id")
    return students_visible_to(user).active().filter(pk__in=mine).for_list()


def student_profile(*, student: Student) -> Student:
    """The student with family and team loaded in a fixed number of queries."""
    today = timezone.localdate()
    return (
        Student.objects.filter(pk=student.pk)
        .select_related("school", "district")
        .prefetch_related(
            Prefetch(
                "guardianships",
                queryset=Guardianship.objects.select_related("guardian").order_by(
                    "-holds_educational_rights", "guardian__last_name"
                ),
            ),
            Prefetch(
                "team",
                queryset=TeamMembership.objects.select_related("member")
                .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
                .order_by("role", "start_date"),
                to_attr="current_team",
            ),
            Prefetch(
                "team",
                queryset=TeamMembership.objects.select_related("member")
                .filter(end_date__lt=today)
                .order_by("-end_date"),
                to_attr="past_team",
            ),
        )
        .get()
    )


def schools_visible_to(user: User) -> QuerySet[School]:
    """Schools whose pages a user may open: the district's for district roles, their own for school admins."""
    if user.role in {User.Role.DISTRICT_ADMIN, User.Role.AUDITOR} and user.district_id:
        return School.objects.filter(district_id=user.district_id)
    if user.role == User.Role.SCHOOL_ADMIN and user.school_id:
        return School.objects.filter(pk=user.school_id)
    return School.objects.none()


def school_overview(*, user: User) -> QuerySet[School]:
    """Schools with their counts of active students, one query."""
    return schools_visible_to(user).annotate(
        active_students=Count("students", filter=Q(students__is_active=True))
    ).order_by("name")


def team_candidates(*, student: Student) -> QuerySet[User]:
    """Everyone who may join the student's team: active staff of the student's district."""
    return User.objects.filter(district_id=student.district_id, role__in=STAFF_ROLES, is_active=True)


TEAM_PICKER_SIZE = 25
DISTRICT_WIDE_ROLES = (User.Role.PROVIDER, User.Role.EVALUATOR)


def team_picker_choices(*, student: Student, find: str = "") -> list[User]:
    """A short list to choose from: name matches when searching, otherwise the student's school staff
    and district-wide specialists. A district has thousands of staff; a drop-down of all of them is unusable."""
    people = team_candidates(student=student)
    words = find.split()[:3]
    if words:
        for word in words:
            people = people.filter(
                Q(last_name__istartswith=word) | Q(first_name__istartswith=word) | Q(username__istartswith=word)
            )
    else:
        people = people.filter(Q(school_id=student.school_id) | Q(role__in=DISTRICT_WIDE_ROLES, school__isnull=True))
    return list(people.only("id", "first_name", "last_name", "username", "role", "discipline")
                .order_by("last_name", "first_name", "id")[:TEAM_PICKER_SIZE])


def advocate_grants_for(*, student: Student) -> QuerySet[AdvocateGrant]:
    return AdvocateGrant.objects.filter(student=student).select_related("advocate", "granted_by")


@dataclass(frozen=True)
class SharedChild:
    student: Student
    last_day: date


def shared_children(*, user: User) -> list[SharedChild]:
    """For an advocate: each shared child with the end of the grant, one query."""
    grants = (
        AdvocateGrant.objects.in_force().filter(advocate=user).select_related("student", "student__school")
        .order_by("student__last_name", "student__first_name")
    )
    return [SharedChild(student=g.student, last_day=g.last_day) for g in grants]


def age_today(student: Student, today: date | None = None) -> int | None:
    from openiep.people.rules import age_on

    if student.date_of_birth is None:
        return None
    return age_on(student.date_of_birth, today or timezone.localdate())


def schools_for_filter(*, user: User) -> QuerySet[School] | None:
    """Schools offered in a list's school filter, or None where a school choice means nothing to the role."""
    if user.role in {User.Role.SCHOOL_ADMIN, User.Role.PARENT, User.Role.ADVOCATE, User.Role.STUDENT}:
        return None
    if not user.district_id:
        return None
    return School.objects.filter(district_id=user.district_id).only("id", "name").order_by("name")
