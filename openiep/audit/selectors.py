from __future__ import annotations

from django.db.models import QuerySet

from openiep.audit.models import AccessRecord
from openiep.people.models import Student


def access_records_for_student(*, student: Student) -> QuerySet[AccessRecord]:
    return AccessRecord.objects.filter(student=student).order_by("-at", "-id")
