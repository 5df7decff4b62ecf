"""Stored documents: rendered from templates to PDF with their hash, downloaded through the access policy."""

from __future__ import annotations

import hashlib

import pytest

from openiep.audit.models import AccessRecord
from openiep.documents import services
from openiep.documents.models import Document
from openiep.documents.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_a_rendered_document_is_a_pdf_stored_with_its_hash(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = services.document_render(
        student=cast.student, kind=Document.Kind.OTHER, title="List of documents",
        template="documents/test_page.html", context={"student": cast.student}, actor=cast["case_manager"],
        source=cast.student, source_hash="abc",
    )
    data = document.file.open("rb").read()
    assert data.startswith(b"%PDF")
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.size == len(data)
    assert (document.source_model, document.source_id, document.source_hash) == ("people.student", cast.student.pk, "abc")


def test_documents_load_no_outside_resources():
    fetcher = services._offline_fetcher()
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("https://cdn.example.com/x.css")
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("file:///etc/passwd")


def test_a_download_by_staff_is_in_the_record_of_access(cast, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = DocumentFactory(student=cast.student)
    client.force_login(cast["case_manager"])
    response = client.get(f"/students/{cast.student.pk}/documents/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["X-Content-SHA256"] == document.sha256
    assert AccessRecord.objects.filter(student=cast.student, kind="download", user=cast["case_manager"]).count() == 1


def test_a_parent_downloads_without_an_entry_and_an_outsider_gets_404(cast, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = DocumentFactory(student=cast.student)
    client.force_login(cast["parent"])
    assert client.get(f"/students/{cast.student.pk}/documents/{document.pk}/").status_code == 200
    assert not AccessRecord.objects.filter(student=cast.student).exists()
    other = DocumentFactory(student=cast.outsider)
    client.force_login(cast["case_manager"])
    assert client.get(f"/students/{cast.outsider.pk}/documents/{other.pk}/").status_code == 404
    # Another student's document through this student's URL is a 404 too.
    assert client.get(f"/students/{cast.student.pk}/documents/{other.pk}/").status_code == 404


def test_the_document_list_shows_each_document(cast, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    DocumentFactory(student=cast.student, title="Initial IEP, version 1")
    client.force_login(cast["parent"])
    response = client.get(f"/students/{cast.student.pk}/documents/")
    assert response.status_code == 200
    assert "Initial IEP, version 1" in response.content.decode()
