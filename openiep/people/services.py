"""Writes about people. Each is one transaction, validates with full_clean, and leaves history."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openiep.people.models import AdvocateGrant, Guardianship, Student, TeamMembership, User
from openiep.people.rules import RaceInput, federal_race_ethnicity

EDITABLE_STUDENT_FIELDS = (
    "first_name", "middle_name", "last_name", "preferred_name", "date_of_birth", "grade", "sex",
    "hispanic_latino", "american_indian", "asian", "black", "pacific_islander", "white",
    "english_learner", "home_language", "state_id",
)


def race_ethnicity_of(student: Student) -> str:
    return federal_race_ethnicity(
        RaceInput(
            hispanic_latino=bool(student.hispanic_latino),
            american_indian=student.american_indian,
            asian=student.asian,
            black=student.black,
            pacific_islander=student.pacific_islander,
            white=student.white,
        )
    )


@transaction.atomic
def student_update(*, student: Student, actor: User, data: dict) -> Student:
    unknown = set(data) - set(EDITABLE_STUDENT_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be changed here."))
    for name, value in data.items():
        setattr(student, name, value)
    if student.date_of_birth and student.date_of_birth > timezone.localdate():
        raise ValidationError({"date_of_birth": "The date of birth cannot be in the future."})
    student.race_ethnicity = race_ethnicity_of(student)
    student.full_clean()
    student._history_user = actor
    student.save()
    return student


@transaction.atomic
def team_member_add(
    *, student: Student, member: User, role: str, start_date: date, actor: User
) -> TeamMembership:
    """Add someone to the team. A new case manager takes over from the current one the same day."""
    if member.district_id != student.district_id or member.is_family:
        raise ValidationError({"member": "Choose a staff member of this student's district."})
    if start_date > timezone.localdate() + timedelta(days=365):
        raise ValidationError({"start_date": "The start date is more than a year away."})
    earliest = student.date_of_birth or date(1990, 1, 1)
    if start_date < earliest:
        raise ValidationError({"start_date": f"The start date is before {earliest:%B %-d, %Y}: check the year."})
    open_same = TeamMembership.objects.filter(student=student, member=member, role=role, end_date__isnull=True)
    if open_same.exists():
        raise ValidationError({"member": f"{member} is already on the team in this role."})
    if role == TeamMembership.TeamRole.CASE_MANAGER:
        current = (
            TeamMembership.objects.select_for_update()
            .filter(student=student, role=role, end_date__isnull=True)
            .first()
        )
        if current is not None:
            team_member_end(membership=current, end_date=max(current.start_date, start_date - timedelta(days=1)),
                            actor=actor)
    membership = TeamMembership(student=student, member=member, role=role, start_date=start_date)
    membership.full_clean()
    membership._history_user = actor
    membership.save()
    if role == TeamMembership.TeamRole.CASE_MANAGER:
        _deadlines_follow_case_manager(student)
    return membership


def _deadlines_follow_case_manager(student: Student) -> None:
    """Stored deadlines name who owes them: a new case manager owes them from today."""
    from openiep.compliance.services import (
        deadlines_recompute,  # compliance builds on people, not the reverse
    )

    deadlines_recompute(student_ids=[student.pk], strict=False)


@transaction.atomic
def team_member_end(*, membership: TeamMembership, end_date: date, actor: User) -> TeamMembership:
    if membership.end_date is not None:
        raise ValidationError({"end_date": "This membership has already ended."})
    if end_date < membership.start_date:
        raise ValidationError({"end_date": "The end date is before the member joined the team."})
    membership.end_date = end_date
    membership.full_clean()
    membership._history_user = actor
    membership.save(update_fields=["end_date"])
    if membership.role == TeamMembership.TeamRole.CASE_MANAGER:
        _deadlines_follow_case_manager(membership.student)
    return membership


MAX_GRANT_DAYS = 366


@transaction.atomic
def advocate_grant_add(
    *, student: Student, granted_by: User, advocate_email: str, expires_on: date, note: str = ""
) -> AdvocateGrant:
    """A parent shares one child's records with an advocate until a date (at most a year)."""
    today = timezone.localdate()
    if granted_by.role == User.Role.PARENT and not Guardianship.objects.filter(
        student=student, guardian__user=granted_by, holds_educational_rights=True
    ).exists():
        raise ValidationError({"advocate_email": _("Only a parent who holds this child's educational rights can "
                                                   "share the records. Ask the parent who does, or the school.")})
    if expires_on <= today:
        raise ValidationError({"expires_on": _("Choose a date after today.")})
    if expires_on > today + timedelta(days=MAX_GRANT_DAYS):
        raise ValidationError({"expires_on": _("Share for at most one year; you can share again later.")})
    advocate = User.objects.filter(role=User.Role.ADVOCATE, email__iexact=advocate_email.strip(), is_active=True).first()
    if advocate is None:
        raise ValidationError(
            {"advocate_email": _("No advocate account uses this email address. Check the spelling, or ask the "
                                 "advocate to get an OpenIEP account from the district first.")}
        )
    if AdvocateGrant.objects.in_force().filter(student=student, advocate=advocate).exists():
        raise ValidationError({"advocate_email": _("%(advocate)s can already see this child's records.")
                               % {"advocate": advocate}})
    tz = timezone.get_current_timezone()
    grant = AdvocateGrant(
        student=student,
        advocate=advocate,
        granted_by=granted_by,
        starts_at=timezone.now(),
        # Access lasts through the whole of the chosen day.
        expires_at=datetime.combine(expires_on + timedelta(days=1), datetime.min.time(), tzinfo=tz),
        note=note,
    )
    grant.full_clean()
    grant._history_user = granted_by
    grant.save()
    return grant


@transaction.atomic
def advocate_grant_revoke(*, grant: AdvocateGrant, actor: User) -> AdvocateGrant:
    if grant.revoked_at is not None:
        return grant
    grant.revoked_at = timezone.now()
    grant._history_user = actor
    grant.save(update_fields=["revoked_at"])
    return grant
