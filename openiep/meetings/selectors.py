"""Reads of IEP meetings, each in a fixed number of queries."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from openiep.access.policy import students_visible_to
from openiep.meetings.models import Meeting, ParentInput, Participant
from openiep.people.models import Guardianship, SectionEnrollment, Student, TeamMembership, User


def meetings_for_student(*, student: Student) -> QuerySet[Meeting]:
    """Newest first: the list on the student's and the case page (one query)."""
    return Meeting.objects.filter(student=student).order_by("-starts_at", "-id")


def meeting_for_student(*, student: Student, meeting_id: int) -> Meeting | None:
    """One meeting with its invitees and the parents' input (three queries)."""
    meeting = (
        Meeting.objects.filter(student=student, pk=meeting_id)
        .select_related("created_by")
        .prefetch_related(
            Prefetch("participants", queryset=Participant.objects.select_related("guardian", "user")),
            Prefetch("parent_inputs", queryset=ParentInput.objects.order_by("-submitted_at", "-id")),
        )
        .first()
    )
    if meeting is not None:
        meeting.student = student
    return meeting


def upcoming_for_user(*, user: User, now: datetime | None = None, limit: int = 10) -> list[Meeting]:
    """Scheduled meetings of the students this user may see, soonest first (one query).

    For a case manager only the caseload (students whose team they are on as case manager)."""
    now = now or timezone.now()
    students = students_visible_to(user)
    if user.role == User.Role.CASE_MANAGER:
        students = Student.objects.filter(pk__in=TeamMembership.objects.active().filter(
            member=user, role=TeamMembership.TeamRole.CASE_MANAGER).values("student_id"))
    return list(
        Meeting.objects.upcoming(now).filter(student__in=students.values("pk"))
        .select_related("student").order_by("starts_at", "id")[:limit]
    )


def parent_input_for_student(*, student: Student) -> QuerySet[ParentInput]:
    """What the parents (and their advocate) sent before this student's meetings, newest first: the IEP's
    parent-concerns section is prefilled from these (one query)."""
    return (
        ParentInput.objects.filter(meeting__student=student)
        .select_related("meeting")
        .order_by("-submitted_at", "-id")
    )


def case_manager(*, student: Student) -> User | None:
    membership = (
        TeamMembership.objects.active().filter(student=student, role=TeamMembership.TeamRole.CASE_MANAGER)
        .select_related("member").first()
    )
    return membership.member if membership else None


def team_for_invitations(*, student: Student) -> list[TeamMembership]:
    return list(TeamMembership.objects.active().filter(student=student).select_related("member")
                .order_by("role", "start_date", "id"))


def rights_holders(*, student: Student) -> list[Guardianship]:
    return list(Guardianship.objects.filter(student=student, holds_educational_rights=True)
                .select_related("guardian").order_by("guardian__last_name", "guardian__first_name", "id"))


def classroom_teachers(*, student: Student) -> list[User]:
    """The student's current general-education teachers (their classes), for the regular-education seat."""
    today = timezone.localdate()
    sections = SectionEnrollment.objects.filter(
        student=student, role=SectionEnrollment.Role.STUDENT, section__is_active=True,
    ).exclude(end_date__lt=today).values("section_id")
    rows = (SectionEnrollment.objects.filter(section__in=sections, role=SectionEnrollment.Role.TEACHER)
            .exclude(end_date__lt=today).select_related("teacher").order_by("id"))
    seen: dict[int, User] = {}
    for row in rows:
        if row.teacher_id and row.teacher_id not in seen:
            seen[row.teacher_id] = row.teacher
    return list(seen.values())


def school_administrators(*, student: Student) -> list[User]:
    return list(User.objects.filter(role=User.Role.SCHOOL_ADMIN, school_id=student.school_id, is_active=True)
                .order_by("id")[:1])
