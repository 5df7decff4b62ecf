"""Record retention (34 CFR 300.624): parents told first, the complete record exported, then destroyed."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.utils import timezone

from openiep.audit.models import AccessRecord
from openiep.compliance.services import deadlines_recompute
from openiep.evaluations.models import EvaluationFile
from openiep.evaluations.tests.factories import (
    EvaluationAreaFactory,
    EvaluationFactory,
    EvaluationFileFactory,
)
from openiep.people.models import Guardian, Guardianship, SectionEnrollment, Student
from openiep.prereferral.tests.factories import DataPointFactory
from openiep.retention import services
from openiep.retention.graph import student_record_tables
from openiep.retention.models import RetentionCase

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def full_record(cast, settings, tmp_path):
    """Maya with records in every step, an uploaded file, deadlines, history and a record of access."""
    settings.MEDIA_ROOT = tmp_path / "media"
    student = cast.student
    evaluation = EvaluationFactory(student=student)
    area = EvaluationAreaFactory(evaluation=evaluation, evaluator=cast["evaluator"])
    upload = EvaluationFileFactory(area=area, uploaded_by=cast["evaluator"])
    DataPointFactory(intervention__concern__student=student)
    deadlines_recompute(student_ids=[student.pk])
    AccessRecord.objects.create(student=student, user=cast["case_manager"], record="Profile", purpose="Case management",
                                user_name="Alice", user_role="Case manager")
    student.date_of_birth = timezone.localdate().replace(year=2010)
    student._history_user = cast["case_manager"]
    student.save()
    cast.users["district_admin"].email = "dora@riverside.example"
    Guardian.objects.filter(user=cast["parent"]).update(email="pat@home.example")
    return {"student": student, "file": upload}


def _rows(student) -> dict[str, int]:
    return {t.label: t.model._base_manager.filter(**{t.path: student.pk}).count() for t in student_record_tables()}


def test_the_record_is_found_generically_including_history_and_the_record_of_access():
    labels = {t.label for t in student_record_tables()}
    assert {"referrals.Referral", "referrals.ConsentAttempt", "evaluations.EvaluationFile", "compliance.Deadline",
            "audit.AccessRecord", "people.TeamMembership", "people.AdvocateGrant",
            "evaluations.HistoricalEvaluationFile", "prereferral.DataPoint"} <= labels
    assert not labels & {"people.SectionEnrollment", "people.Guardianship", "retention.RetentionCase"}
    # Every model with a foreign key to the student is either destroyed or kept on purpose: none is missed.
    direct = {m._meta.label for m in apps.get_models() for f in m._meta.concrete_fields
              if f.is_relation and f.related_model is Student}
    assert direct <= labels | {"people.SectionEnrollment", "people.Guardianship", "people.HistoricalGuardianship",
                               "retention.RetentionCase"}


def test_parents_are_emailed_before_anything_is_destroyed(client, cast, full_record, settings):
    settings.TASKS = IMMEDIATE
    client.force_login(cast["district_admin"])
    soon = client.post(f"/students/{cast.student.pk}/retention/notice/",
                       {"destroy_on": (timezone.localdate() + timedelta(days=5)).isoformat()})
    assert soon.status_code == 422 and "at least 30 days" in soon.content.decode()
    with pytest.raises(Exception):  # noqa: B017 - destroying before telling the parents is refused
        services.student_record_destroy(student=cast.student, confirm=cast.student.local_id, actor=cast["district_admin"])
    on = timezone.localdate() + timedelta(days=30)
    with django_capture_on_commit():
        response = client.post(f"/students/{cast.student.pk}/retention/notice/", {"destroy_on": on.isoformat()})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["pat@home.example"]]
    assert "34 CFR 300.624" in mail.outbox[0].body and f"{on:%B}" in mail.outbox[0].body
    assert RetentionCase.objects.get(student=cast.student).status == RetentionCase.Status.NOTIFIED


def django_capture_on_commit():
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_the_export_holds_every_record_its_history_and_the_files(client, cast, full_record):
    client.force_login(cast["district_admin"])
    expected = _rows(cast.student)  # the export itself is entered in the record of access afterwards
    response = client.get(f"/students/{cast.student.pk}/retention/export/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    record = json.loads(archive.read("record.json"))
    for label, count in expected.items():
        assert len(record.get(label, [])) == count, label
    assert record["people.HistoricalStudent"]
    assert archive.read(f"files/{full_record['file'].file.name}") == full_record["file"].file.open("rb").read()
    assert AccessRecord.objects.filter(student=cast.student, kind=AccessRecord.Kind.EXPORT).exists()


def test_destroying_keeps_only_what_the_law_allows_and_removes_the_files(client, cast, full_record, time_machine):
    student = cast.student
    services.retention_notice_send(student=student, destroy_on=timezone.localdate() + timedelta(days=30),
                                   actor=cast["district_admin"])
    client.force_login(cast["district_admin"])
    early = client.post(f"/students/{student.pk}/retention/destroy/", {"confirm": student.local_id})
    assert early.status_code == 422 and any(_rows(student).values())
    time_machine.move_to(timezone.now() + timedelta(days=31))
    client.force_login(cast["district_admin"])  # a month later: a new session
    wrong = client.post(f"/students/{student.pk}/retention/destroy/", {"confirm": "nope"})
    assert wrong.status_code == 422 and "local id" in wrong.content.decode()
    assert any(_rows(student).values())
    storage_name = full_record["file"].file.name
    storage = full_record["file"].file.storage
    assert storage.exists(storage_name)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        done = client.post(f"/students/{student.pk}/retention/destroy/", {"confirm": student.local_id})
    assert done.status_code == 302
    assert not any(_rows(student).values()), {k: v for k, v in _rows(student).items() if v}
    assert not Student.history.filter(id=student.pk).exists()
    assert not storage.exists(storage_name) and not EvaluationFile.objects.exists()
    kept = Student.objects.get(pk=student.pk)
    assert (kept.first_name, kept.last_name, kept.grade, kept.school_id) == (
        student.first_name, student.last_name, student.grade, student.school_id)
    assert kept.date_of_birth is None and kept.user_id is None
    assert Guardianship.objects.filter(student=student).exists()  # parents' address and phone
    assert SectionEnrollment.objects.filter(student=student).exists()  # classes attended
    case = RetentionCase.objects.get(student=student)
    assert case.status == RetentionCase.Status.DESTROYED and case.destroyed_rows["referrals.Referral"] >= 1


@pytest.mark.parametrize("role", ["school_admin", "case_manager", "auditor", "parent"])
def test_only_a_district_administrator_manages_retention(client, cast, role):
    client.force_login(cast[role])
    for method, path in (("get", "retention/"), ("post", "retention/notice/"), ("get", "retention/export/"),
                         ("post", "retention/destroy/")):
        response = getattr(client, method)(f"/students/{cast.student.pk}/{path}")
        assert response.status_code in {403, 404}, (role, path)
    assert not RetentionCase.objects.exists()


def test_the_retention_page_shows_the_three_steps(client, cast):
    client.force_login(cast["district_admin"])
    body = client.get(f"/students/{cast.student.pk}/retention/").content.decode()
    assert "1. Tell the parents" in body and "3. Destroy the record" in body


def test_the_retention_page_runs_the_same_queries_however_large_the_record(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from openiep.referrals.tests.factories import ReferralFactory

    client.force_login(cast["district_admin"])
    url = f"/students/{cast.student.pk}/retention/"
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(5):
        ReferralFactory(student=cast.student)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries) <= 12
