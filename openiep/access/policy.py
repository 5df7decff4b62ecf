"""The one access policy.

Two questions, answered here and nowhere else:

- ``students_visible_to(user)``: the students whose records a user may see (a QuerySet, so lists,
  exports and reports filter in the database).
- ``can(user, action, student)``: may this user do this action on this student's records?

Scope comes from the facts in ``people`` (team, classes, school, guardianship, advocate grants,
rights transfer); what each role may do is the table ``ROLE_ACTIONS``. Views never check roles
themselves: they call ``openiep.access.views.student_view`` or these functions. Outsiders get a 404,
never a page that confirms the student exists.
"""

from __future__ import annotations

from enum import StrEnum

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from openiep.people.models import (
    AdvocateGrant,
    Guardianship,
    SectionEnrollment,
    Student,
    TeamMembership,
    User,
)

Role = User.Role


class Action(StrEnum):
    VIEW_STUDENT = "view_student"  # demographics, family, team
    EDIT_STUDENT = "edit_student"
    MANAGE_TEAM = "manage_team"
    VIEW_ACCESS_RECORD = "view_access_record"  # 34 CFR 300.614 record of access
    VIEW_HISTORY = "view_history"  # change history of the record
    SHARE_WITH_ADVOCATE = "share_with_advocate"
    # Steps 1-4 of the process.
    RECORD_PREREFERRAL = "record_prereferral"  # concerns, interventions, their data, team reviews
    START_REFERRAL = "start_referral"  # anyone on staff may refer a student
    MANAGE_CASE = "manage_case"  # decide on a referral, consent, evaluation plan, eligibility
    RECORD_EVALUATION = "record_evaluation"  # an evaluator's report for an assigned area
    VIEW_COMPLIANCE = "view_compliance"  # deadline dashboards and federal indicators
    # Steps 5-7.
    DRAFT_IEP = "draft_iep"  # write a draft IEP's sections, goals, services and accommodations
    GIVE_MEETING_INPUT = "give_meeting_input"  # the family's concerns, strengths and vision before a meeting
    LOG_SERVICES = "log_services"  # record services delivered
    RECORD_PROGRESS = "record_progress"  # progress data on IEP goals, progress reports
    MANAGE_RETENTION = "manage_retention"  # tell parents, export for them, destroy a record (34 CFR 300.624)
    # Federal reporting and integrations.
    VIEW_FEDERAL_REPORTS = "view_federal_reports"  # child count, its validation, SPP/APR indicators
    MANAGE_API_TOKENS = "manage_api_tokens"  # create and revoke integration tokens for the district
    MANAGE_SAFEGUARDS = "manage_safeguards"  # safeguards notices, records/IEE requests, disputes (34 CFR 300.500-)
    ACT_AS_PARENT = "act_as_parent"  # the family portal: request, consent, refuse, revoke, disagree
    ACKNOWLEDGE_IEP = "acknowledge_iep"  # a teacher has read the IEP at a glance (34 CFR 300.323(d))


class Scope(StrEnum):
    DISTRICT = "district"  # every student of the user's district
    SCHOOL = "school"  # every student of the user's school
    TEAM = "team"  # students whose team the user is on, or whom the user teaches
    FAMILY = "family"  # the user's own children, while the parent holds the rights
    GRANT = "grant"  # children a parent shared, until the grant ends
    SELF = "self"  # the student, once rights have transferred


ROLE_SCOPE: dict[str, Scope] = {
    Role.DISTRICT_ADMIN: Scope.DISTRICT,
    Role.AUDITOR: Scope.DISTRICT,
    Role.SCHOOL_ADMIN: Scope.SCHOOL,
    Role.CASE_MANAGER: Scope.TEAM,
    Role.SPED_TEACHER: Scope.TEAM,
    Role.GENED_TEACHER: Scope.TEAM,
    Role.PROVIDER: Scope.TEAM,
    Role.EVALUATOR: Scope.TEAM,
    Role.PARENT: Scope.FAMILY,
    Role.ADVOCATE: Scope.GRANT,
    Role.STUDENT: Scope.SELF,
}

_READ = {Action.VIEW_STUDENT}
_TEACHING = {Action.VIEW_STUDENT, Action.RECORD_PREREFERRAL, Action.START_REFERRAL, Action.ACKNOWLEDGE_IEP}
_SERVING = {Action.DRAFT_IEP, Action.LOG_SERVICES, Action.RECORD_PROGRESS}
# What only the family does: staff never act, sign, share or give input in the family's name.
_FAMILY_ONLY = {Action.SHARE_WITH_ADVOCATE, Action.ACT_AS_PARENT, Action.GIVE_MEETING_INPUT}
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.DISTRICT_ADMIN: frozenset(Action) - _FAMILY_ONLY,
    Role.SCHOOL_ADMIN: frozenset(Action) - {Action.MANAGE_RETENTION, Action.MANAGE_API_TOKENS} - _FAMILY_ONLY,
    Role.CASE_MANAGER: frozenset(
        {Action.VIEW_STUDENT, Action.EDIT_STUDENT, Action.MANAGE_TEAM, Action.VIEW_ACCESS_RECORD, Action.VIEW_HISTORY,
         Action.RECORD_PREREFERRAL, Action.START_REFERRAL, Action.MANAGE_CASE, Action.RECORD_EVALUATION,
         Action.VIEW_COMPLIANCE, Action.MANAGE_SAFEGUARDS} | _SERVING
    ),
    Role.SPED_TEACHER: frozenset(_TEACHING | _SERVING | {Action.RECORD_EVALUATION}),
    Role.GENED_TEACHER: frozenset(_TEACHING),
    Role.PROVIDER: frozenset(_TEACHING | _SERVING | {Action.RECORD_EVALUATION}),
    Role.EVALUATOR: frozenset({Action.VIEW_STUDENT, Action.RECORD_EVALUATION}),
    Role.AUDITOR: frozenset(
        {Action.VIEW_STUDENT, Action.VIEW_ACCESS_RECORD, Action.VIEW_HISTORY, Action.VIEW_COMPLIANCE,
         Action.VIEW_FEDERAL_REPORTS}
    ),
    # Parents (and the student who holds the rights) see who looked at the records: 34 CFR 300.614.
    Role.PARENT: frozenset({Action.VIEW_STUDENT, Action.VIEW_ACCESS_RECORD} | _FAMILY_ONLY),
    Role.STUDENT: frozenset({Action.VIEW_STUDENT, Action.VIEW_ACCESS_RECORD} | _FAMILY_ONLY),
    # An advocate a parent shared with may send input for a meeting, never sign or act for the child.
    Role.ADVOCATE: frozenset(_READ | {Action.GIVE_MEETING_INPUT}),
}

# Why each role reads a record: the "purpose" column of the record of access (34 CFR 300.614).
ROLE_PURPOSE: dict[str, str] = {
    Role.DISTRICT_ADMIN: "District administration of special education",
    Role.SCHOOL_ADMIN: "School administration (LEA representative)",
    Role.CASE_MANAGER: "Case management",
    Role.SPED_TEACHER: "Special education instruction",
    Role.GENED_TEACHER: "Classroom instruction and accommodations",
    Role.PROVIDER: "Related services",
    Role.EVALUATOR: "Evaluation",
    Role.AUDITOR: "Compliance review",
    Role.ADVOCATE: "Advocate access shared by the parent",
    Role.PARENT: "Parent access",
    Role.STUDENT: "Student access",
}

# Whose reads are not entered in the record of access: the parent, and the student who holds the rights.
UNRECORDED_ROLES = frozenset({Role.PARENT, Role.STUDENT})


def scope_filter(user: User) -> Q:
    """The students a user may see, as a filter on Student. An empty match for anyone unknown."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    scope = ROLE_SCOPE.get(user.role)
    today = timezone.localdate()
    if scope is Scope.DISTRICT:
        return Q(district_id=user.district_id) if user.district_id else Q(pk__in=[])
    if scope is Scope.SCHOOL:
        return Q(school_id=user.school_id) if user.school_id else Q(pk__in=[])
    if scope is Scope.TEAM:
        on_team = TeamMembership.objects.filter(member=user).active(today).values("student_id")
        current = Q(end_date__isnull=True) | Q(end_date__gte=today)
        teaches = SectionEnrollment.objects.filter(
            current,
            section__in=SectionEnrollment.objects.filter(
                current, teacher=user, role=SectionEnrollment.Role.TEACHER, section__is_active=True
            ).values("section_id"),
            role=SectionEnrollment.Role.STUDENT,
        ).values("student_id")
        # One IN over a UNION, not an OR of two INs: PostgreSQL plans the OR as a scan of every student
        # (50 ms at 100,000 students) and the UNION as index lookups (about 5 ms).
        return Q(pk__in=on_team.order_by().union(teaches.order_by()))
    if scope is Scope.FAMILY:
        children = Guardianship.objects.filter(guardian__user=user, has_record_access=True).values("student_id")
        # Once rights transfer at the age of majority, access follows the student (34 CFR 300.520).
        return Q(pk__in=children, rights_transferred_on__isnull=True)
    if scope is Scope.GRANT:
        # A grant counts only while whoever gave it still holds access: the parent (until rights transfer, and
        # while a court has not removed it) or the student who holds the rights.
        giver_is_parent = Exists(Guardianship.objects.filter(
            student_id=OuterRef("student_id"), guardian__user_id=OuterRef("granted_by_id"), has_record_access=True,
        ))
        granted = AdvocateGrant.objects.filter(advocate=user).in_force().filter(
            Q(giver_is_parent, student__rights_transferred_on__isnull=True)
            | Q(student__rights_transferred_on__isnull=False, student__user_id=F("granted_by_id"))
        ).values("student_id")
        return Q(pk__in=granted)
    if scope is Scope.SELF:
        return Q(user=user, rights_transferred_on__isnull=False)
    return Q(pk__in=[])


def students_visible_to(user: User) -> QuerySet[Student]:
    return Student.objects.filter(scope_filter(user))


def allows(user: User, action: Action) -> bool:
    """Does the user's role allow the action at all (on students in scope)?"""
    return user.is_authenticated and action in ROLE_ACTIONS.get(getattr(user, "role", ""), frozenset())


def can(user: User, action: Action, student: Student) -> bool:
    """May this user do this action on this student's records?"""
    return allows(user, action) and students_visible_to(user).filter(pk=student.pk).exists()


def is_recorded_reader(user: User) -> bool:
    """Whether a read by this user goes into the record of access."""
    return user.role not in UNRECORDED_ROLES


def purpose_for(user: User) -> str:
    return ROLE_PURPOSE.get(user.role, "Access to education records")
