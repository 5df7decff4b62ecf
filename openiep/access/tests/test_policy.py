"""The access policy: who sees which students, and what each role may do."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from openiep.access.policy import ROLE_ACTIONS, ROLE_SCOPE, Action, can, students_visible_to
from openiep.people.models import (
    AdvocateGrant,
    Guardianship,
    SectionEnrollment,
    Student,
    TeamMembership,
    User,
)
from openiep.people.tests.factories import StudentFactory, UserFactory

pytestmark = pytest.mark.django_db


def visible(user) -> set[str]:
    return set(students_visible_to(user).values_list("first_name", flat=True))


def test_every_role_has_a_scope_and_a_list_of_actions():
    for role in User.Role:
        assert role in ROLE_SCOPE, role
        assert role in ROLE_ACTIONS, role


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("district_admin", {"Maya", "Olive"}),
        ("auditor", {"Maya", "Olive"}),
        ("school_admin", {"Maya"}),
        ("case_manager", {"Maya"}),
        ("sped_teacher", {"Maya"}),
        ("gened_teacher", {"Maya"}),
        ("provider", {"Maya"}),
        ("evaluator", {"Maya"}),
        ("parent", {"Maya"}),
        ("advocate", {"Maya"}),
    ],
)
def test_each_role_sees_exactly_the_students_in_its_scope(cast, role, expected):
    assert visible(cast[role]) == expected


def test_district_roles_never_see_another_district(cast):
    other = StudentFactory(first_name="Faraway")
    assert other.district_id != cast.district.pk
    assert "Faraway" not in visible(cast["district_admin"])


def test_a_team_member_loses_access_the_day_after_leaving_the_team(cast, today):
    membership = TeamMembership.objects.get(member=cast["provider"])
    membership.end_date = today
    membership.save()
    assert visible(cast["provider"]) == {"Maya"}  # still on the team today
    membership.end_date = today - timedelta(days=1)
    membership.save()
    assert visible(cast["provider"]) == set()


def test_a_general_education_teacher_sees_students_through_their_classes_only_while_enrolled(cast, today):
    enrollment = SectionEnrollment.objects.get(student=cast.student)
    enrollment.end_date = today - timedelta(days=1)
    enrollment.save()
    assert visible(cast["gened_teacher"]) == set()


def test_a_teacher_who_no_longer_teaches_the_class_loses_access(cast, today):
    SectionEnrollment.objects.filter(teacher=cast["gened_teacher"]).update(end_date=today - timedelta(days=1))
    assert visible(cast["gened_teacher"]) == set()


def test_an_advocate_sees_nothing_once_the_grant_expires_or_is_revoked(cast):
    grant = AdvocateGrant.objects.get(advocate=cast["advocate"])
    grant.expires_at = timezone.now() - timedelta(minutes=1)
    grant.starts_at = grant.expires_at - timedelta(days=1)
    grant.save()
    assert visible(cast["advocate"]) == set()
    grant.expires_at = timezone.now() + timedelta(days=1)
    grant.revoked_at = timezone.now()
    grant.save()
    assert visible(cast["advocate"]) == set()


def test_a_grant_that_starts_later_gives_no_access_yet(cast):
    grant = AdvocateGrant.objects.get(advocate=cast["advocate"])
    grant.starts_at = timezone.now() + timedelta(days=1)
    grant.expires_at = timezone.now() + timedelta(days=3)
    grant.save()
    assert visible(cast["advocate"]) == set()


def test_a_parent_whose_access_a_court_removed_sees_nothing(cast):
    Guardianship.objects.filter(guardian__user=cast["parent"]).update(has_record_access=False)
    assert visible(cast["parent"]) == set()


def test_at_the_age_of_majority_access_follows_the_student(cast, today):
    student_user = UserFactory(role=User.Role.STUDENT, district=cast.district)
    Student.objects.filter(pk=cast.student.pk).update(user=student_user)
    assert visible(student_user) == set()  # rights not yet transferred
    Student.objects.filter(pk=cast.student.pk).update(rights_transferred_on=today)
    assert visible(student_user) == {"Maya"}
    assert visible(cast["parent"]) == set()


def test_an_advocates_grant_ends_when_the_parent_who_gave_it_loses_access(cast, today):
    assert visible(cast["advocate"]) == {"Maya"}
    Student.objects.filter(pk=cast.student.pk).update(rights_transferred_on=today)
    assert visible(cast["advocate"]) == set()  # rights moved to the student: the parent's grant no longer counts
    Student.objects.filter(pk=cast.student.pk).update(rights_transferred_on=None)
    Guardianship.objects.filter(guardian__user=cast["parent"]).update(has_record_access=False)
    assert visible(cast["advocate"]) == set()


def test_a_student_who_holds_the_rights_can_share_with_an_advocate(cast, today):
    student_user = UserFactory(role=User.Role.STUDENT, district=cast.district)
    Student.objects.filter(pk=cast.student.pk).update(user=student_user, rights_transferred_on=today)
    AdvocateGrant.objects.update(granted_by=student_user)
    assert visible(cast["advocate"]) == {"Maya"}


def test_a_deactivated_account_sees_nothing(cast):
    user = cast["district_admin"]
    user.is_active = False
    assert visible(user) == set()


@pytest.mark.parametrize(
    ("role", "action", "allowed"),
    [
        ("case_manager", Action.EDIT_STUDENT, True),
        ("case_manager", Action.MANAGE_TEAM, True),
        ("sped_teacher", Action.EDIT_STUDENT, False),
        ("gened_teacher", Action.VIEW_ACCESS_RECORD, False),
        ("auditor", Action.EDIT_STUDENT, False),
        ("auditor", Action.VIEW_ACCESS_RECORD, True),
        ("parent", Action.VIEW_ACCESS_RECORD, True),
        ("parent", Action.SHARE_WITH_ADVOCATE, True),
        ("advocate", Action.SHARE_WITH_ADVOCATE, False),
        ("school_admin", Action.MANAGE_TEAM, True),
    ],
)
def test_what_each_role_may_do_for_a_student_in_scope(cast, role, action, allowed):
    assert can(cast[role], action, cast.student) is allowed


def test_no_action_is_allowed_on_a_student_out_of_scope(cast):
    for action in Action:
        assert not can(cast["case_manager"], action, cast.outsider)
