"""Change history: who changed what from what to what; history rows are append-only."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction

from openiep.people import services
from openiep.people.models import Student

pytestmark = pytest.mark.django_db


def test_an_edit_shows_in_the_history_with_old_and_new_values(client, cast):
    services.student_update(student=cast.student, actor=cast["case_manager"], data={"grade": "05"})
    client.force_login(cast["case_manager"])
    body = client.get(f"/students/{cast.student.pk}/history/").content.decode()
    assert "Grade 4" in body and "Grade 5" in body
    assert str(cast["case_manager"]) in body


def test_history_rows_cannot_be_rewritten(cast):
    services.student_update(student=cast.student, actor=cast["case_manager"], data={"grade": "05"})
    with pytest.raises(DatabaseError), transaction.atomic():
        Student.history.update(grade="12")
    assert set(Student.history.values_list("grade", flat=True)) == {"04", "05"}


def test_team_changes_are_in_the_history(client, cast, today):
    services.team_member_add(student=cast.student, member=cast["gened_teacher"], role="gened_teacher",
                             start_date=today, actor=cast["school_admin"])
    client.force_login(cast["school_admin"])
    body = client.get(f"/students/{cast.student.pk}/history/").content.decode()
    assert "Team: " + str(cast["gened_teacher"]) in body


def test_the_process_records_are_in_the_history_too(client, cast, today):
    from openiep.referrals.services import referral_create

    referral_create(student=cast.student, received_on=today, source="teacher", reason="Reads below grade level",
                    areas_of_concern=["reading"], actor=cast["case_manager"])
    client.force_login(cast["case_manager"])
    body = client.get(f"/students/{cast.student.pk}/history/").content.decode()
    assert "Referral received" in body
