"""The record of access (34 CFR 300.614): staff and advocate reads are entered; parents' are not."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction

from openiep.audit.models import AccessRecord

pytestmark = pytest.mark.django_db


def test_a_case_managers_visit_is_entered_with_who_when_what_and_why(client, cast):
    client.force_login(cast["case_manager"])
    client.get(f"/students/{cast.student.pk}/")
    record = AccessRecord.objects.get()
    assert record.student == cast.student
    assert record.user == cast["case_manager"]
    assert record.purpose == "Case management"
    assert record.record.startswith("Student profile")
    assert record.user_role == "Case manager"
    assert record.path == f"/students/{cast.student.pk}/"


def test_a_parents_visit_is_not_entered(client, cast):
    client.force_login(cast["parent"])
    assert client.get(f"/students/{cast.student.pk}/").status_code == 200
    assert not AccessRecord.objects.exists()


def test_an_advocates_visit_is_entered(client, cast):
    client.force_login(cast["advocate"])
    client.get(f"/students/{cast.student.pk}/")
    assert AccessRecord.objects.get().purpose == "Advocate access shared by the parent"


def test_a_refused_visit_is_not_entered_as_access(client, cast):
    client.force_login(cast["case_manager"])
    assert client.get(f"/students/{cast.outsider.pk}/").status_code == 404
    assert not AccessRecord.objects.exists()


def test_the_parent_sees_who_looked_at_the_records(client, cast):
    client.force_login(cast["provider"])
    client.get(f"/students/{cast.student.pk}/")
    client.force_login(cast["parent"])
    response = client.get(f"/students/{cast.student.pk}/access-record/")
    body = response.content.decode()
    assert response.status_code == 200
    assert str(cast["provider"]) in body
    assert "Related services" in body


def test_a_teacher_may_not_open_the_record_of_access(client, cast):
    client.force_login(cast["gened_teacher"])
    assert client.get(f"/students/{cast.student.pk}/access-record/").status_code == 403


def test_entries_cannot_be_changed_once_written(client, cast):
    client.force_login(cast["case_manager"])
    client.get(f"/students/{cast.student.pk}/")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessRecord.objects.update(purpose="rewritten")
    assert AccessRecord.objects.get().purpose == "Case management"
