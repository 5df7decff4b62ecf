"""Template flags for the compliance pages (the main navigation's "Deadlines" link)."""

from __future__ import annotations

from django.http import HttpRequest

from openiep.access.policy import Action, allows


def compliance(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    return {"can_view_compliance": user is not None and allows(user, Action.VIEW_COMPLIANCE)}
