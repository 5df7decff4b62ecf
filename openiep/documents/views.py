"""Downloads of stored documents, through the access policy; each download by staff is in the record of access."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from openiep.access.policy import Action
from openiep.access.views import student_view
from openiep.audit.models import AccessRecord
from openiep.documents import selectors
from openiep.documents.models import Document
from openiep.people.models import Student


@require_GET
@student_view(Action.VIEW_STUDENT, record="Document", kind=AccessRecord.Kind.DOWNLOAD)
def document_download(request: HttpRequest, student: Student, document_id: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=document_id, student=student)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("The stored file is missing") from exc
    filename = f"{document.title}.pdf" if document.content_type == "application/pdf" else document.file.name
    response = FileResponse(handle, as_attachment=request.GET.get("inline") != "1", filename=filename,
                            content_type=document.content_type)
    response["X-Content-SHA256"] = document.sha256
    return response


@require_GET
@student_view(Action.VIEW_STUDENT, record="List of documents given")
def document_list(request: HttpRequest, student: Student) -> HttpResponse:
    return render(request, "documents/document_list.html", {
        "student": student, "documents": list(selectors.documents_for_student(student=student)),
    })
