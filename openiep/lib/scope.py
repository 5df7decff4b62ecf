"""The one access policy's student scope, applied to a model that hangs off a student (``student``, ``iep__student``).

``scope_filter(user)`` is a filter on Student; prefixing its lookups keeps it the same filter, but lets the
database join to the student instead of building the set of every visible student first: at 100,000 students a
page of 100 IEPs is then 100 index lookups, not a hash of 100,000 ids on every request.
"""

from __future__ import annotations

from django.db.models import Q

from openiep.access.policy import scope_filter
from openiep.people.models import User


def _prefixed(node, prefix: str):
    if isinstance(node, Q):
        return Q(*[_prefixed(child, prefix) for child in node.children], _connector=node.connector,
                 _negated=node.negated)
    if not isinstance(node, tuple):
        raise TypeError(f"cannot re-root a scope condition that is not a lookup: {node!r}")
    lookup, value = node
    return (f"{prefix}__{lookup}", value)


def related_scope(user: User, path: str) -> Q:
    """The students ``user`` may see, as a filter on a model whose student is at ``path``."""
    return _prefixed(scope_filter(user), path)
