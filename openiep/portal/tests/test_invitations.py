"""Invitations: a staff member invites a parent; the emailed link opens an account once, until it expires."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from openiep.people.models import User
from openiep.people.tests.factories import GuardianFactory, GuardianshipFactory
from openiep.portal import rules
from openiep.portal.models import Invitation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def guardian(cast):
    guardian = GuardianFactory(district=cast.district, first_name="Rosa", last_name="Alvarez",
                               email="rosa@example.org", preferred_language="es")
    GuardianshipFactory(student=cast.student, guardian=guardian)
    return guardian


def invite(client, cast, guardian, django_capture_on_commit_callbacks):
    client.force_login(cast["case_manager"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/students/{cast.student.pk}/guardians/{guardian.pk}/invite/")
    assert response.status_code == 302
    client.logout()
    (message,) = mail.outbox
    return re.search(r"/invitation/([\w-]+)/", message.body).group(1), message


def test_the_invitation_is_emailed_in_the_parents_language_and_only_its_hash_is_stored(
        client, cast, guardian, django_capture_on_commit_callbacks):
    token, message = invite(client, cast, guardian, django_capture_on_commit_callbacks)
    assert message.to == ["rosa@example.org"]
    assert "Hola Rosa" in message.body
    invitation = Invitation.objects.get()
    assert invitation.token_sha256 == rules.token_hash(token)
    assert token not in str(Invitation.objects.values().get())


def test_the_email_is_sent_by_the_background_task_not_the_request(client, cast, guardian, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(cast["case_manager"])
    client.post(f"/students/{cast.student.pk}/guardians/{guardian.pk}/invite/")
    assert mail.outbox == []


def test_the_link_opens_an_account_once(client, cast, guardian, django_capture_on_commit_callbacks):
    token, _ = invite(client, cast, guardian, django_capture_on_commit_callbacks)
    page = client.get(f"/invitation/{token}/")
    assert page.status_code == 200
    assert "Abrir mi cuenta" in page.content.decode()  # in the guardian's language
    response = client.post(f"/invitation/{token}/", {"username": "rosa.alvarez", "password1": "a-long-passphrase-1",
                                                      "password2": "a-long-passphrase-1"})
    assert response.status_code == 302
    user = User.objects.get(username="rosa.alvarez")
    guardian.refresh_from_db()
    assert guardian.user == user
    assert (user.role, user.preferred_language) == (User.Role.PARENT, "es")
    client.logout()
    again = client.get(f"/invitation/{token}/")
    assert again.status_code == 410
    assert "ya se ha usado" in again.content.decode()
    reuse = client.post(f"/invitation/{token}/", {"username": "someone", "password1": "a-long-passphrase-1",
                                                   "password2": "a-long-passphrase-1"})
    assert reuse.status_code == 410
    assert User.objects.filter(role=User.Role.PARENT).count() == 2  # the cast's parent and Rosa


def test_an_expired_link_says_so_and_creates_nothing(client, cast, guardian, django_capture_on_commit_callbacks):
    token, _ = invite(client, cast, guardian, django_capture_on_commit_callbacks)
    Invitation.objects.update(created_at=timezone.now() - timedelta(days=9),
                              expires_at=timezone.now() - timedelta(days=2))
    response = client.post(f"/invitation/{token}/", {"username": "rosa", "password1": "a-long-passphrase-1",
                                                      "password2": "a-long-passphrase-1"})
    assert response.status_code == 410
    assert "ha vencido" in response.content.decode()
    assert not User.objects.filter(username="rosa").exists()


def test_an_unknown_link_is_not_found(client, db):
    response = client.get("/invitation/made-up-token/")
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_a_weak_password_is_refused_at_the_field(client, cast, guardian, django_capture_on_commit_callbacks):
    token, _ = invite(client, cast, guardian, django_capture_on_commit_callbacks)
    response = client.post(f"/invitation/{token}/", {"username": "rosa", "password1": "short",
                                                      "password2": "short"})
    assert response.status_code == 422
    assert response.context["form"].errors["password1"]
    assert Invitation.objects.get().used_at is None


def test_a_new_invitation_replaces_the_old_link(client, cast, guardian, django_capture_on_commit_callbacks):
    old, _ = invite(client, cast, guardian, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    invite(client, cast, guardian, django_capture_on_commit_callbacks)
    assert client.get(f"/invitation/{old}/").status_code == 410


def test_no_invitation_without_an_email_or_for_a_parent_with_an_account(client, cast):
    client.force_login(cast["case_manager"])
    no_email = GuardianFactory(district=cast.district, email="")
    GuardianshipFactory(student=cast.student, guardian=no_email)
    client.post(f"/students/{cast.student.pk}/guardians/{no_email.pk}/invite/")
    has_account = cast.student.guardianships.get(guardian__user=cast["parent"]).guardian
    client.post(f"/students/{cast.student.pk}/guardians/{has_account.pk}/invite/")
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("role", ["sped_teacher", "auditor", "parent"])
def test_only_staff_who_edit_the_student_may_invite(client, cast, guardian, role):
    client.force_login(cast[role])
    assert client.post(f"/students/{cast.student.pk}/guardians/{guardian.pk}/invite/").status_code == 403


def test_a_guardian_of_another_student_cannot_be_invited_through_this_one(client, cast):
    other = GuardianFactory(district=cast.district, email="x@example.org")
    GuardianshipFactory(student=cast.outsider, guardian=other)
    client.force_login(cast["district_admin"])
    assert client.post(f"/students/{cast.student.pk}/guardians/{other.pk}/invite/").status_code == 404
