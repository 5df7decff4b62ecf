"""Who must use a second factor: pure rules, no ORM.

The district's choice is data (``settings.MFA_REQUIRED_ROLES``, from ``OPENIEP_MFA_REQUIRED_ROLES``), not
checks scattered in views. Anyone else (a parent, an advocate) may turn a second factor on for themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

# The staff roles: the production default when a district says nothing (settings.py).
STAFF_ROLES = (
    "district_admin", "school_admin", "case_manager", "sped_teacher", "gened_teacher", "provider",
    "evaluator", "auditor",
)


def second_factor_required(role: str, required_roles: Iterable[str]) -> bool:
    return role in set(required_roles)


def second_factor_needed_now(*, role: str, required_roles: Iterable[str], has_device: bool, verified: bool) -> str | None:
    """What a signed-in user must do before any page: ``"verify"``, ``"enrol"`` or nothing (None)."""
    if verified:
        return None
    if has_device:
        return "verify"
    if second_factor_required(role, required_roles):
        return "enrol"
    return None
