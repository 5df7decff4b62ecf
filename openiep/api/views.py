"""The integration API (read-only) and the page where a district administrator manages its tokens.

Every endpoint reads through ``students_visible_to`` of the caller (for a token: the administrator it acts as),
checks the token's scope and the role's action (``permissions.HasScope``), and enters the students it returns in
their record of access (34 CFR 300.614), in bulk per page.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.response import Response

from openiep.access.policy import Action, students_visible_to
from openiep.api import filters, serializers
from openiep.api.models import ApiToken, Scope
from openiep.audit.models import AccessRecord
from openiep.cases.rules import locate
from openiep.cases.selectors import case_overview
from openiep.compliance.models import Deadline
from openiep.compliance.selectors import export_access_records
from openiep.documents.models import Document
from openiep.iep.models import IEP, Service
from openiep.lib.scope import related_scope
from openiep.people.models import Guardian, Guardianship


def record_reads(request, student_ids, record: str, kind: str = AccessRecord.Kind.VIEW) -> None:
    token = request.auth if isinstance(request.auth, ApiToken) else None
    purpose = f"Integration through the API: {token.name}" if token else ""
    export_access_records(user=request.user, student_ids=set(student_ids), path=request.get_full_path(),
                          record=record, kind=kind, purpose=purpose)


class Recorded:
    """List and detail endpoints that enter what they return in the students' record of access."""

    record = "Records (through the API)"
    filter_backends = [DjangoFilterBackend]

    def students_of(self, objects) -> list[int]:
        return [obj.student_id for obj in objects]

    def visible(self, path: str = "student"):
        return related_scope(self.request.user, path)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        data = self.get_serializer(page, many=True).data
        record_reads(request, self.students_of(page), self.record)
        return self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        data = self.get_serializer(obj).data
        record_reads(request, self.students_of([obj]), self.record)
        return Response(data)


class Detail:
    """One record: the list endpoint's query (the same scope), by id; 404 outside the scope."""

    filter_backends: list = []

    def get(self, request, *args, **kwargs):
        return self.retrieve(request, *args, **kwargs)


class StudentList(Recorded, generics.ListAPIView):
    """Students in the caller's scope, by id."""

    scope = Scope.STUDENTS
    record = "Student record (through the API)"
    serializer_class = serializers.StudentSerializer
    filterset_class = filters.StudentFilter

    def get_queryset(self):
        return students_visible_to(self.request.user).select_related("school").order_by("id")

    def students_of(self, objects):
        return [obj.pk for obj in objects]


@extend_schema_view(get=extend_schema(operation_id="v1_students_retrieve", responses=serializers.StudentSerializer))
class StudentDetail(Detail, StudentList, generics.RetrieveAPIView):
    lookup_url_kwarg = "student_pk"


class GuardianList(Recorded, generics.ListAPIView):
    """Parents and guardians of the students in the caller's scope, with their relationship to each."""

    scope = Scope.GUARDIANS
    record = "Family contacts (through the API)"
    serializer_class = serializers.GuardianSerializer
    filterset_class = filters.GuardianFilter

    def get_queryset(self):
        links = Guardianship.objects.filter(self.visible()).order_by("student_id")
        return (Guardian.objects.filter(Exists(links.filter(guardian_id=OuterRef("pk"))))
                .prefetch_related(Prefetch("guardianships", queryset=links, to_attr="visible_guardianships"))
                .order_by("id"))

    def students_of(self, objects):
        return [link.student_id for guardian in objects for link in guardian.visible_guardianships]


@extend_schema_view(get=extend_schema(operation_id="v1_guardians_retrieve", responses=serializers.GuardianSerializer))
class GuardianDetail(Detail, GuardianList, generics.RetrieveAPIView):
    lookup_url_kwarg = "guardian_pk"


class IEPList(Recorded, generics.ListAPIView):
    """IEP versions (not discarded drafts) of the students in the caller's scope, with their goals."""

    scope = Scope.IEPS
    record = "IEP (through the API)"
    serializer_class = serializers.IEPSerializer
    filterset_class = filters.IEPFilter

    def get_queryset(self):
        return (IEP.objects.filter(self.visible()).exclude(status=IEP.Status.DISCARDED)
                .defer("snapshot", "section_revisions").prefetch_related("goals").order_by("id"))


@extend_schema_view(get=extend_schema(operation_id="v1_ieps_retrieve", responses=serializers.IEPSerializer))
class IEPDetail(Detail, IEPList, generics.RetrieveAPIView):
    lookup_url_kwarg = "iep_pk"


class ServiceList(Recorded, generics.ListAPIView):
    """Services promised in the IEPs of the students in the caller's scope."""

    scope = Scope.SERVICES
    record = "IEP services (through the API)"
    serializer_class = serializers.ServiceSerializer
    filterset_class = filters.ServiceFilter

    def get_queryset(self):
        return (Service.objects.filter(self.visible("iep__student")).exclude(iep__status=IEP.Status.DISCARDED)
                .select_related("iep").only("iep__id", "iep__student_id", *[
                    f.name for f in Service._meta.concrete_fields if f.name not in {"iep", "carried_from"}])
                .order_by("id"))

    def students_of(self, objects):
        return [obj.iep.student_id for obj in objects]


class DeadlineList(Recorded, generics.ListAPIView):
    """Compliance deadlines of the students in the caller's scope."""

    scope = Scope.DEADLINES
    action_required = Action.VIEW_COMPLIANCE
    record = "Compliance deadlines (through the API)"
    serializer_class = serializers.DeadlineSerializer
    filterset_class = filters.DeadlineFilter

    def get_queryset(self):
        return Deadline.objects.filter(self.visible()).defer("explanation").order_by("id")


class DocumentList(Recorded, generics.ListAPIView):
    """Stored documents (metadata) of the students in the caller's scope; download each at its download_url."""

    scope = Scope.DOCUMENTS
    record = "List of documents (through the API)"
    serializer_class = serializers.DocumentSerializer
    filterset_class = filters.DocumentFilter

    def get_queryset(self):
        return Document.objects.filter(self.visible()).order_by("id")


class DocumentDownload(generics.GenericAPIView):
    scope = Scope.DOCUMENTS
    serializer_class = serializers.DocumentSerializer

    def get_queryset(self):
        return Document.objects.filter(related_scope(self.request.user, "student"))

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, document_pk: int):
        document = get_object_or_404(self.get_queryset(), pk=document_pk)
        try:
            handle = document.file.open("rb")
        except (FileNotFoundError, OSError) as exc:
            raise Http404("The stored file is missing") from exc
        record_reads(request, [document.student_id], "Document (downloaded through the API)",
                     kind=AccessRecord.Kind.DOWNLOAD)
        response = FileResponse(handle, as_attachment=True, filename=f"{document.title}.pdf"
                                if document.content_type == "application/pdf" else document.file.name,
                                content_type=document.content_type)
        response["X-Content-SHA256"] = document.sha256
        return response


class CaseDetail(generics.GenericAPIView):
    """Where one student is in the special-education process, the next action and its due date, the timeline."""

    scope = Scope.CASES
    serializer_class = serializers.CaseSerializer

    def get(self, request, student_pk: int):
        student = get_object_or_404(students_visible_to(request.user), pk=student_pk)
        facts, timeline, _deadlines, _links = case_overview(student=student)
        where = locate(facts)
        data = {
            "student": student.pk, "step": int(where.step), "step_label": where.step.label, "status": where.status,
            "next_action": where.next_action, "owed_by": where.owed_by, "stopped": where.stopped,
            "due": ({"rule_id": where.due.rule_id, "label": where.due.label, "due_on": where.due.due_on,
                     "citation": where.due.citation} if where.due else None),
            "timeline": [{"on": item.on, "step": int(item.step), "title": item.title, "detail": item.detail}
                         for item in timeline],
        }
        record_reads(request, [student.pk], "Case overview (through the API)")
        return Response(self.get_serializer(data).data)
