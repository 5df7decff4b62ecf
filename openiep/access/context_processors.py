"""Which menu links a user's role allows, from the one policy (never a role check in a template)."""

from __future__ import annotations

from django.http import HttpRequest

from openiep.access.policy import Action, allows


def menu(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"can_record_evaluations": allows(user, Action.RECORD_EVALUATION),
            "can_view_federal_reports": allows(user, Action.VIEW_FEDERAL_REPORTS),
            "can_manage_api_tokens": allows(user, Action.MANAGE_API_TOKENS),
            "can_view_delivery": allows(user, Action.LOG_SERVICES) or allows(user, Action.VIEW_COMPLIANCE)}
