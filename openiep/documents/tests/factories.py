"""Factory for a stored document (a tiny PDF-like file with its real hash)."""

from __future__ import annotations

import hashlib

import factory
from django.core.files.base import ContentFile

from openiep.documents.models import Document
from openiep.people.tests.factories import StudentFactory, UserFactory

PDF_BYTES = b"%PDF-1.4\n% OpenIEP test document\n%%EOF\n"


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    student = factory.SubFactory(StudentFactory)
    kind = Document.Kind.IEP
    title = "IEP (test)"
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="test.pdf"))
    size = len(PDF_BYTES)
    sha256 = hashlib.sha256(PDF_BYTES).hexdigest()
    created_by = factory.SubFactory(UserFactory, district=factory.SelfAttribute("..student.district"))
