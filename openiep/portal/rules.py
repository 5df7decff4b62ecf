"""Pure rules of the family portal: invitation tokens and the fingerprint of a document a parent signs."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta

INVITATION_DAYS = 7
TOKEN_BYTES = 32


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_state(*, now: datetime, expires_at: datetime, used_at: datetime | None,
                     replaced_at: datetime | None) -> str:
    """``ok``, ``used``, ``replaced`` or ``expired``: what a parent opening the link is told."""
    if used_at is not None:
        return "used"
    if replaced_at is not None:
        return "replaced"
    if now >= expires_at:
        return "expired"
    return "ok"


def invitation_expiry(created_at: datetime) -> datetime:
    return created_at + timedelta(days=INVITATION_DAYS)


def document_hash(document: Mapping[str, object]) -> str:
    """SHA-256 of a document's content as shown (canonical JSON: keys sorted, no spacing)."""
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
