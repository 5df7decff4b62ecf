"""How the permission harness builds a stored document for a given student."""

from __future__ import annotations

from openiep.documents.tests.factories import DocumentFactory

URL_PARAMETERS = {"document_id": lambda student: DocumentFactory(student=student).pk}
