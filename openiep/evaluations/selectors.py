"""Reads of the evaluation step, each page in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from openiep.access.policy import students_visible_to
from openiep.evaluations.models import Evaluation, EvaluationArea, EvaluationFile
from openiep.evaluations.rules import EVALUATOR_ROLES
from openiep.people.models import Student, TeamMembership, User
from openiep.referrals.models import Consent, Referral


def evaluations_for(*, student: Student) -> QuerySet[Evaluation]:
    """A student's evaluations, newest first, with their areas counted in the same query."""
    return (
        Evaluation.objects.filter(student=student)
        .select_related("referral", "consent")
        .annotate(
            area_count=Count("areas", distinct=True),
            reported_count=Count("areas", filter=Q(areas__completed_on__isnull=False), distinct=True),
        )
        .order_by("-planned_on", "-id")
    )


def evaluation_detail(*, student: Student, evaluation_id: int) -> Evaluation | None:
    """One evaluation with its areas, their evaluators and files, its referral and consent."""
    return (
        Evaluation.objects.filter(student=student, pk=evaluation_id)
        .select_related("referral", "consent", "consent__guardian", "created_by")
        .prefetch_related(
            Prefetch(
                "areas",
                queryset=EvaluationArea.objects.select_related("evaluator").prefetch_related(
                    Prefetch("files", queryset=EvaluationFile.objects.select_related("uploaded_by"))
                ),
            )
        )
        .first()
    )


def case_manager_of(*, student: Student) -> User | None:
    membership = (
        TeamMembership.objects.active().filter(student=student, role=TeamMembership.TeamRole.CASE_MANAGER)
        .select_related("member").first()
    )
    return membership.member if membership else None


def evaluator_candidates(*, student: Student) -> QuerySet[User]:
    """Staff of the student's district who may take an area: evaluators, providers, special education
    teachers and case managers."""
    return User.objects.filter(
        district_id=student.district_id, role__in=EVALUATOR_ROLES, is_active=True
    ).order_by("last_name", "first_name", "id")


def evaluator_choices(*, student: Student) -> list[tuple[object, str]]:
    """The plan's drop-down, built once for every row: district-wide evaluators and providers, and the
    special-education staff of the student's school (a district has thousands of teachers)."""
    people = evaluator_candidates(student=student).filter(
        Q(role__in=[User.Role.EVALUATOR, User.Role.PROVIDER]) | Q(school_id=student.school_id)
    ).only("id", "first_name", "last_name", "username", "role", "discipline")
    return [("", "Choose an evaluator")] + [
        (user.pk, f"{user} ({user.get_discipline_display() or user.get_role_display()})") for user in people
    ]


def referrals_to_evaluate(*, student: Student) -> QuerySet[Referral]:
    return Referral.objects.filter(student=student).exclude(
        status__in=[Referral.Status.WITHDRAWN, Referral.Status.EVALUATION_REFUSED, Referral.Status.CLOSED]
    ).order_by("-received_on", "-id")


def consents_to_evaluate(*, student: Student) -> QuerySet[Consent]:
    return Consent.objects.filter(
        student=student, kind__in=[Consent.Kind.INITIAL_EVALUATION, Consent.Kind.REEVALUATION]
    ).order_by("-requested_on", "-id")


def areas_assigned_to(user: User) -> QuerySet[EvaluationArea]:
    """The areas a staff member is assigned, open ones first by due date, with the student and school."""
    return (
        EvaluationArea.objects.filter(evaluator=user)
        .exclude(evaluation__status=Evaluation.Status.CANCELLED)
        .select_related("evaluation", "evaluation__student", "evaluation__student__school")
        .order_by("completed_on", "due_on", "id")
    )


def worklist(*, user: User) -> tuple[list[EvaluationArea], list[EvaluationArea]]:
    """An evaluator's areas on students they may see: (to report, reported in open or recent evaluations)."""
    areas = areas_assigned_to(user).filter(evaluation__student__in=students_visible_to(user))
    to_do = list(areas.filter(completed_on__isnull=True, evaluation__status__in=[
        Evaluation.Status.PLANNED, Evaluation.Status.IN_PROGRESS]))
    done = list(areas.filter(completed_on__isnull=False).order_by("-completed_on", "-id")[:50])
    return to_do, done
