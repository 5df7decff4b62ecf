"""Files attached to an area: type and size checked, stored through Django's storage, downloads recorded."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from openiep.audit.models import AccessRecord
from openiep.evaluations import rules
from openiep.evaluations.models import EvaluationFile
from openiep.evaluations.services import evaluation_file_add
from openiep.evaluations.tests.factories import (
    PDF_BYTES,
    CompletedEvaluationFactory,
    EvaluationAreaFactory,
    EvaluationFactory,
    EvaluationFileFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(cast):
    return EvaluationAreaFactory(evaluation=EvaluationFactory(student=cast.student), area="reading",
                                 evaluator=cast["evaluator"])


def upload(name="protocol.pdf", data=PDF_BYTES, content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_a_pdf_is_stored_under_a_name_that_says_nothing_about_the_student(cast, area):
    attachment = evaluation_file_add(area=area, upload=upload("Maya Alvarez WISC.pdf"), title="", actor=cast["evaluator"])
    assert attachment.title == "Maya Alvarez WISC"
    assert attachment.original_name == "Maya Alvarez WISC.pdf"
    assert (attachment.content_type, attachment.size) == ("application/pdf", len(PDF_BYTES))
    assert attachment.file.name.startswith(f"evaluations/{cast.student.pk}/{area.evaluation_id}/reading-")
    assert "Maya" not in attachment.file.name
    with attachment.file.open("rb") as handle:
        assert handle.read() == PDF_BYTES


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "“.exe” files are not accepted"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf", "not a real PDF file"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_other_types_are_refused_with_a_clear_message(cast, area, name, data, message):
    with pytest.raises(ValidationError) as caught:
        evaluation_file_add(area=area, upload=upload(name, data), title="x", actor=cast["evaluator"])
    assert message in caught.value.message_dict["file"][0]
    assert not EvaluationFile.objects.exists()


def test_the_twenty_megabyte_limit_applies_to_real_sizes(cast, area):
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (rules.MAX_FILE_BYTES + 1 - 5))
    with pytest.raises(ValidationError) as caught:
        evaluation_file_add(area=area, upload=big, title="", actor=cast["evaluator"])
    assert "the limit is 20 MB" in caught.value.message_dict["file"][0]


def test_only_the_assigned_evaluator_or_the_case_manager_attaches_files(cast, area):
    with pytest.raises(PermissionDenied):
        evaluation_file_add(area=area, upload=upload(), title="", actor=cast["provider"])
    assert evaluation_file_add(area=area, upload=upload(), title="By the CM", actor=cast["case_manager"]).pk


def test_no_files_are_added_once_the_evaluation_is_complete(cast):
    area = EvaluationAreaFactory(evaluation=CompletedEvaluationFactory(student=cast.student),
                                 evaluator=cast["evaluator"])
    with pytest.raises(ValidationError):
        evaluation_file_add(area=area, upload=upload(), title="", actor=cast["evaluator"])


def download_url(attachment) -> str:
    evaluation = attachment.area.evaluation
    return f"/students/{evaluation.student_id}/evaluations/{evaluation.pk}/files/{attachment.pk}/"


def test_a_download_is_entered_in_the_record_of_access(client, cast):
    attachment = EvaluationFileFactory(area__evaluation__student=cast.student, area__evaluator=cast["evaluator"])
    client.force_login(cast["gened_teacher"])
    response = client.get(download_url(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="protocol.pdf"' in response["Content-Disposition"]
    record = AccessRecord.objects.get(student=cast.student, user=cast["gened_teacher"])
    assert record.kind == AccessRecord.Kind.DOWNLOAD
    assert record.record == "Evaluation file"


def test_the_parent_downloads_without_a_record_of_access_entry(client, cast):
    attachment = EvaluationFileFactory(area__evaluation__student=cast.student)
    client.force_login(cast["parent"])
    assert client.get(download_url(attachment)).status_code == 200
    assert not AccessRecord.objects.filter(user=cast["parent"]).exists()


def test_outsiders_get_a_404_and_another_evaluations_file_is_not_found(client, cast):
    attachment = EvaluationFileFactory(area__evaluation__student=cast.student)
    client.force_login(cast["case_manager"])
    other = EvaluationFactory(student=cast.student)
    path = f"/students/{cast.student.pk}/evaluations/{other.pk}/files/{attachment.pk}/"
    assert client.get(path).status_code == 404
    outsider_file = EvaluationFileFactory(area__evaluation__student=cast.outsider)
    assert client.get(download_url(outsider_file)).status_code == 404


def test_a_missing_stored_file_is_a_404(client, cast):
    attachment = EvaluationFileFactory(area__evaluation__student=cast.student)
    attachment.file.storage.delete(attachment.file.name)
    client.force_login(cast["case_manager"])
    assert client.get(download_url(attachment)).status_code == 404
