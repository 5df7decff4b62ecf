"""Rendering and storing documents. A PDF is made by WeasyPrint from the same HTML template as the screen
(with ``print.css`` for paper), stored through Django's storage with its SHA-256, and tied to the record it
shows (``source``) and that record's own hash, so a signature can name exactly what was signed."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from openiep.documents.models import Document
from openiep.people.models import Student, User

log = logging.getLogger(__name__)


def _offline_fetcher():
    """WeasyPrint may read only ``data:`` URLs: a document never loads anything from outside (no network).
    Styles are inlined by the print templates (``documents/print_base.html``)."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=False)


def render_html(*, template: str, context: dict[str, Any]) -> str:
    return render_to_string(template, {**context, "for_print": True})


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url="data:,", url_fetcher=_offline_fetcher()).write_pdf()


def render_pdf(*, template: str, context: dict[str, Any]) -> bytes:
    return html_to_pdf(render_html(template=template, context=context))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@transaction.atomic
def document_store(
    *,
    student: Student,
    kind: str,
    title: str,
    content: bytes,
    actor: User,
    language: str = "en",
    content_type: str = "application/pdf",
    source: models.Model | None = None,
    source_hash: str = "",
) -> Document:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    extension = "pdf" if content_type == "application/pdf" else "bin"
    name = f"{slugify(kind)}-{student.pk}-{stamp}.{extension}"
    document = Document(
        student=student,
        kind=kind,
        title=title[:300],
        language=language or "en",
        content_type=content_type,
        size=len(content),
        sha256=sha256(content),
        source_model=source._meta.label_lower if source is not None else "",
        source_id=source.pk if source is not None else None,
        source_hash=source_hash,
        created_by=actor,
    )
    document.file.save(name, ContentFile(content), save=False)
    document.full_clean()
    document.save()
    return document


def document_render(
    *,
    student: Student,
    kind: str,
    title: str,
    template: str,
    context: dict[str, Any],
    actor: User,
    language: str = "en",
    source: models.Model | None = None,
    source_hash: str = "",
) -> Document:
    """Render ``template`` to PDF and store it. The PDF is rendered before the transaction opens."""
    pdf = render_pdf(template=template, context=context)
    return document_store(student=student, kind=kind, title=title, content=pdf, actor=actor, language=language,
                          source=source, source_hash=source_hash)
