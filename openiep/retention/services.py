"""Record retention (34 CFR 300.624): tell the parents, export the complete record for them, then destroy it.

``student_record_destroy`` deletes every row of every table found by ``graph.student_record_tables`` (so a
model another app adds later is included without a change here), the uploaded files of those rows, the
student's own change history and record of access, and blanks the student row down to what the law allows
to be kept. The audit tables' triggers refuse UPDATE but allow DELETE for exactly this purpose.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone

from openiep.people.models import Student, User
from openiep.retention.graph import student_history_model, student_record_tables
from openiep.retention.models import RetentionCase
from openiep.retention.tasks import send_retention_notice

MIN_NOTICE_DAYS = 30
# Student fields kept after destruction (name, grade level, school, enrolment dates = year completed).
KEPT_STUDENT_FIELDS = {
    "id", "district", "school", "local_id", "sourced_id", "first_name", "middle_name", "last_name", "grade",
    "enrolled_on", "exited_on", "is_active", "updated_at",
}


def _record_querysets(student: Student):
    for table in student_record_tables():
        yield table, table.model._base_manager.filter(**{table.path: student.pk})
    history = student_history_model()
    if history is not None:
        yield None, history._base_manager.filter(id=student.pk)


@transaction.atomic
def retention_notice_send(*, student: Student, destroy_on: date, actor: User) -> RetentionCase:
    earliest = timezone.localdate() + timezone.timedelta(days=MIN_NOTICE_DAYS)
    if destroy_on < earliest:
        raise ValidationError({"destroy_on": f"Give the parents at least {MIN_NOTICE_DAYS} days: "
                                             f"{earliest:%B %-d, %Y} or later."})
    if RetentionCase.objects.filter(student=student).exists():
        raise ValidationError({"destroy_on": "The parents have already been told about this record."})
    case = RetentionCase(student=student, destroy_on=destroy_on, notified_by=actor)
    case.full_clean()
    case.save()
    transaction.on_commit(lambda: send_retention_notice.enqueue(case.pk))
    return case


def student_record_export(*, student: Student) -> bytes:
    """The complete record as a zip for the parents: ``record.json`` (every table, history included) and files."""
    buffer = io.BytesIO()
    contents: dict[str, list] = {
        "student": json.loads(serializers.serialize("json", [student])),
    }
    files: list[models.fields.files.FieldFile] = []
    for table, queryset in _record_querysets(student):
        label = table.label if table else "people.HistoricalStudent"
        rows = list(queryset)
        if not rows:
            continue
        contents[label] = json.loads(serializers.serialize("json", rows))
        files += _files_of(rows)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("record.json", json.dumps(contents, indent=2, ensure_ascii=False, default=str))
        for stored in files:
            try:
                with stored.open("rb") as handle:
                    archive.writestr(f"files/{stored.name}", handle.read())
            except FileNotFoundError:
                archive.writestr(f"files/{stored.name}.missing.txt", "This file was listed but is not on the server.")
        archive.writestr("README.txt", (
            f"The education record of {student.first_name} {student.last_name}, exported "
            f"{timezone.localdate():%B %-d, %Y} under 34 CFR 300.624.\n"
            "record.json holds every record and its change history; files/ holds the uploaded documents.\n"))
    RetentionCase.objects.filter(student=student).update(exported_at=timezone.now())
    return buffer.getvalue()


def _files_of(rows: list[models.Model]) -> list:
    found = []
    for row in rows:
        for field in row._meta.concrete_fields:
            if isinstance(field, models.FileField):
                value = getattr(row, field.attname)
                if value:
                    found.append(getattr(row, field.name))
    return found


@transaction.atomic
def student_record_destroy(*, student: Student, confirm: str, actor: User) -> dict[str, int]:
    case = RetentionCase.objects.select_for_update().filter(student=student).first()
    if case is None:
        raise ValidationError({"confirm": "Tell the parents first (34 CFR 300.624(a))."})
    if case.status == RetentionCase.Status.DESTROYED:
        raise ValidationError({"confirm": "This record has already been destroyed."})
    if timezone.localdate() < case.destroy_on:
        raise ValidationError({"confirm": f"The parents were told it would be destroyed on or after "
                                          f"{case.destroy_on:%B %-d, %Y}."})
    if confirm.strip() != student.local_id:
        raise ValidationError({"confirm": "Type the student's local id exactly to confirm."})
    querysets = list(_record_querysets(student))
    files = []
    for _, queryset in querysets:
        files += _files_of(list(queryset))
    destroyed: dict[str, int] = {}
    pending = querysets
    # Rows protect one another (PROTECT foreign keys); delete what can go, then retry until everything is gone.
    for _ in range(len(querysets) + 1):
        blocked = []
        for table, queryset in pending:
            try:
                with transaction.atomic():
                    count, per_model = queryset.delete()
            except (ProtectedError, RestrictedError):
                blocked.append((table, queryset))
                continue
            for label, n in per_model.items():
                if n:
                    destroyed[label] = destroyed.get(label, 0) + n
        if not blocked:
            break
        if len(blocked) == len(pending):
            raise ValidationError({"confirm": "Some records could not be destroyed: "
                                              + ", ".join(t.label for t, _ in blocked if t)})
        pending = blocked
    # Deleting a row with history writes a "deleted" history row (django-simple-history): remove those too.
    for table, queryset in querysets:
        if table is not None and table.model.__name__.startswith("Historical"):
            count, _ = queryset.delete()
            if count:
                destroyed[table.label] = destroyed.get(table.label, 0) + count
    blank = {f.attname: f.get_default() for f in Student._meta.concrete_fields
             if f.name not in KEPT_STUDENT_FIELDS and not f.primary_key}
    # A queryset update: saving would write a new history row holding what is being destroyed.
    Student.objects.filter(pk=student.pk).update(**blank)
    history = student_history_model()
    if history is not None:
        history._base_manager.filter(id=student.pk).delete()
    RetentionCase.objects.filter(pk=case.pk).update(
        status=RetentionCase.Status.DESTROYED, destroyed_at=timezone.now(), destroyed_by=actor,
        destroyed_rows=destroyed,
    )
    transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])
    return destroyed
