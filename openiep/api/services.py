"""Writes of the API app: creating and revoking integration tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openiep.access.policy import Action, allows
from openiep.api.models import ApiToken, Scope
from openiep.people.models import User

KEY_PREFIX = "oiep_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, name: str, scopes: list[str], expires_at: datetime | None = None,
                 actor: User) -> tuple[ApiToken, str]:
    """A new token acting as ``actor`` for the actor's district. Returns the token and its key (shown once)."""
    if not allows(actor, Action.MANAGE_API_TOKENS) or not actor.district_id:
        raise ValidationError({"name": "Only a district administrator can create tokens."})
    unknown = [s for s in scopes if s not in Scope.values]
    if unknown:
        raise ValidationError({"scopes": f"Unknown scope: {', '.join(unknown)}."})
    if not scopes:
        raise ValidationError({"scopes": "Choose at least one thing the token may read."})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": "The expiry must be in the future."})
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(district_id=actor.district_id, user=actor, name=name.strip(), prefix=key[:12],
                     key_hash=hash_key(key), scopes=sorted(set(scopes)), expires_at=expires_at)
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    if not allows(actor, Action.MANAGE_API_TOKENS) or token.district_id != actor.district_id:
        raise ValidationError({"token": "Only a district administrator of this district can revoke it."})
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = actor
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token
