"""The gate every page about a student goes through.

``@student_view(Action.X, record="…")`` resolves the URL's ``student_id`` through the access policy
(404 for anyone outside the student's scope, 403 where the role may see but not do), hands the view the
``Student``, and enters the read in the record of access once the page shows the records
(``record=None`` for endpoints that show none of the student's records, such as a staff search). The permission test walks every URL
and fails on any that answers an outsider with the student's data.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from openiep.access.policy import Action, allows, students_visible_to
from openiep.audit.models import AccessRecord
from openiep.audit.services import access_record_add
from openiep.people.models import Student, User

SHOWN_STATUSES = frozenset({200, 206, 422})


def student_for_user(user: User, student_id: int | str, action: Action = Action.VIEW_STUDENT) -> Student:
    """The student, if the user may do ``action`` on their records; Http404 when out of scope."""
    try:
        pk = int(student_id)
    except (TypeError, ValueError) as exc:
        raise Http404("No such student") from exc
    student = students_visible_to(user).select_related("school", "district").filter(pk=pk).first()
    if student is None:
        raise Http404("No such student")
    if not allows(user, action):
        raise PermissionDenied("Your role cannot do this for this student.")
    return student


def student_view(
    action: Action, *, record: str | None, kind: str = AccessRecord.Kind.VIEW
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, student_id: int, *args: Any, **kwargs: Any) -> HttpResponse:
            student = student_for_user(request.user, student_id, action)
            response = view(request, student, *args, **kwargs)
            # Entered once the page has shown the records: a form re-rendered with errors (422) or an htmx
            # fragment counts; a redirect after a write, a 404 for a missing record or a refusal does not.
            if record and response.status_code in SHOWN_STATUSES:
                access_record_add(user=request.user, student=student, record=record, kind=kind, request=request)
            return response

        wrapper.openiep_action = action  # type: ignore[attr-defined]
        return wrapper

    return decorator


def require_action(user: User, action: Action) -> None:
    """For pages that are not about one student (district, school): a role check, 403 if not allowed."""
    if not allows(user, action):
        raise PermissionDenied
