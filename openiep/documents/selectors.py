"""Reads of stored documents."""

from __future__ import annotations

from django.db import models
from django.db.models import QuerySet

from openiep.documents.models import Document
from openiep.people.models import Student


def documents_for_student(*, student: Student) -> QuerySet[Document]:
    return Document.objects.filter(student=student).select_related("created_by")


def latest_for(*, source: models.Model, source_hash: str = "") -> Document | None:
    rows = Document.objects.filter(source_model=source._meta.label_lower, source_id=source.pk)
    if source_hash:
        rows = rows.filter(source_hash=source_hash)
    return rows.order_by("-created_at", "-id").first()
