"""The one access policy, for the API: the token's scopes, then the role's actions, then the scope of students."""

from __future__ import annotations

from rest_framework import exceptions, permissions

from openiep.access.policy import Action, allows
from openiep.api.models import ApiToken


class HasScope(permissions.BasePermission):
    """The view names ``scope`` (what a token needs) and ``action`` (what the person's role must allow)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            raise exceptions.NotAuthenticated("Send a token (Authorization: Bearer <token>) or sign in.")
        scope = getattr(view, "scope", None)
        if isinstance(request.auth, ApiToken) and scope and scope not in request.auth.scopes:
            raise exceptions.PermissionDenied(f"This token lacks the scope {scope}.")
        action = getattr(view, "action_required", Action.VIEW_STUDENT)
        if not allows(user, action):
            raise exceptions.PermissionDenied("Your role cannot read these records.")
        return True
