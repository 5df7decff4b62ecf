"""Filters of the list endpoints; ``updated_since`` (ISO 8601 date-time) is for incremental sync.

Students and IEPs have their own ``updated_at``; guardians and services have none, so their change history
(django-simple-history) says when they last changed; deadlines use ``computed_at``; documents never change after
they are stored, so ``created_at``.
"""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q

from openiep.compliance.models import Deadline
from openiep.documents.models import Document
from openiep.iep.models import IEP, Service
from openiep.people.models import Guardian, Student

SINCE_HELP = "Only records changed at or after this moment (ISO 8601, e.g. 2026-11-30T00:00:00Z)."


def _since(field_name: str) -> django_filters.IsoDateTimeFilter:
    return django_filters.IsoDateTimeFilter(field_name=field_name, lookup_expr="gte", label=SINCE_HELP)


class StudentFilter(django_filters.FilterSet):
    updated_since = _since("updated_at")

    class Meta:
        model = Student
        fields = ["school", "grade", "is_active"]


class GuardianFilter(django_filters.FilterSet):
    updated_since = django_filters.IsoDateTimeFilter(method="changed_since", label=SINCE_HELP)

    class Meta:
        model = Guardian
        fields = []

    def changed_since(self, queryset, name, value):
        history = Guardian.history.model.objects.filter(id=OuterRef("pk"), history_date__gte=value)
        return queryset.filter(Exists(history))


class IEPFilter(django_filters.FilterSet):
    updated_since = _since("updated_at")

    class Meta:
        model = IEP
        fields = ["student", "status"]


class ServiceFilter(django_filters.FilterSet):
    updated_since = django_filters.IsoDateTimeFilter(method="changed_since", label=SINCE_HELP)
    student = django_filters.NumberFilter(field_name="iep__student_id")

    class Meta:
        model = Service
        fields = ["iep"]

    def changed_since(self, queryset, name, value):
        history = Service.history.model.objects.filter(id=OuterRef("pk"), history_date__gte=value)
        return queryset.filter(Q(Exists(history)) | Q(iep__updated_at__gte=value))


class DeadlineFilter(django_filters.FilterSet):
    updated_since = _since("computed_at")

    class Meta:
        model = Deadline
        fields = ["student", "rule_id"]


class DocumentFilter(django_filters.FilterSet):
    updated_since = _since("created_at")

    class Meta:
        model = Document
        fields = ["student", "kind"]
