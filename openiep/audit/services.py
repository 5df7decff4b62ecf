"""Writes to the record of access. One INSERT per read, in the request that reads."""

from __future__ import annotations

from django.http import HttpRequest

from openiep.access.policy import is_recorded_reader, purpose_for
from openiep.audit.models import AccessRecord
from openiep.people.models import Student, User


def access_record_add(
    *,
    user: User,
    student: Student,
    record: str,
    kind: str = AccessRecord.Kind.VIEW,
    purpose: str = "",
    request: HttpRequest | None = None,
) -> AccessRecord | None:
    """Enter a read of a student's records, unless the reader is the parent or the rights-holding student."""
    if not is_recorded_reader(user):
        return None
    return AccessRecord.objects.create(
        student=student,
        user=user,
        kind=kind,
        record=record[:120],
        purpose=(purpose or purpose_for(user))[:200],
        path=(request.get_full_path()[:300] if request is not None else ""),
        user_name=(user.get_full_name() or user.username)[:200],
        user_role=user.get_role_display()[:60],
    )
