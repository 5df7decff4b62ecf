"""A student's change history, read from django-simple-history's tables, with old → new values.

Diffs are computed in Python from consecutive history rows of the same object, so the page does a
fixed number of queries (one per audited model) whatever the number of changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise

from django.apps import apps
from django.db.models import Model

from openiep.people.models import Student

HIDDEN_FIELDS = {"id", "updated_at", "history_id", "history_date", "history_change_reason", "history_type",
                 "history_user", "history_user_id", "history_relation"}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    at: datetime
    who: str
    what: str
    action: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def _display(instance: Model, field, related: dict) -> str:
    if field.is_relation:
        # Names of related rows come from one bulk query per model (see _resolve), not a query per change.
        pk = getattr(instance, field.attname)
        return "—" if pk is None else str(related.get((field.related_model, pk), f"#{pk}"))
    getter = getattr(instance, f"get_{field.name}_display", None)
    value = getter() if getter else getattr(instance, field.name, "")
    if value is None or value == "":
        return "—"
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    return str(value)


def _changed_fields(rows: list[Model]) -> list[tuple[Model, Model, list]]:
    """Consecutive versions of each object with the fields that differ between them."""
    by_object: dict[int, list[Model]] = {}
    for row in rows:
        by_object.setdefault(row.id, []).append(row)
    pairs = []
    for versions in by_object.values():
        versions.sort(key=lambda r: (r.history_date, r.history_id))
        fields = [f for f in versions[0].instance_type._meta.concrete_fields if f.attname not in HIDDEN_FIELDS]
        pairs.append((None, versions[0], []))
        for before, after in pairwise(versions):
            pairs.append((before, after, [f for f in fields if getattr(before, f.attname) != getattr(after, f.attname)]))
    return pairs


def _resolve(pairs) -> dict:
    wanted: dict[type, set] = {}
    for before, after, fields in pairs:
        for f in fields:
            if f.is_relation:
                for row in (before, after):
                    pk = getattr(row, f.attname)
                    if pk is not None:
                        wanted.setdefault(f.related_model, set()).add(pk)
    related = {}
    for model, pks in wanted.items():
        for pk, obj in model._base_manager.in_bulk(pks).items():
            related[(model, pk)] = obj
    return related


def _entries_for(rows: list[Model], describe) -> list[HistoryEntry]:
    pairs = _changed_fields(rows)
    related = _resolve(pairs)
    action_names = {"+": "Created", "~": "Changed", "-": "Deleted"}
    return [
        _entry(after, describe, [
            FieldChange(str(f.verbose_name).capitalize(), _display(before, f, related), _display(after, f, related))
            for f in fields
        ], action_names)
        for before, after, fields in pairs
    ]


def _entry(row, describe, changes, action_names) -> HistoryEntry:
    user = row.history_user
    return HistoryEntry(
        at=row.history_date,
        who=(user.get_full_name() or user.username) if user else "System (import or data load)",
        what=describe(row),
        action=action_names.get(row.history_type, row.history_type),
        reason=row.history_change_reason or "",
        changes=changes,
    )


@dataclass(frozen=True)
class Source:
    """A record type in a student's history: the model, how its rows find the student, how to name a row."""

    model: str
    student_lookup: str
    describe: Callable[[Model], str]
    related: tuple[str, ...] = ()


SOURCES: tuple[Source, ...] = (
    Source("people.Student", "id", lambda r: "Student record"),
    Source("people.Guardianship", "student_id", lambda r: f"Family: {r.guardian}", ("guardian",)),
    Source("people.TeamMembership", "student_id", lambda r: f"Team: {r.member} ({r.get_role_display()})", ("member",)),
    Source("people.AdvocateGrant", "student_id", lambda r: f"Advocate sharing: {r.advocate}", ("advocate",)),
    Source("prereferral.Concern", "student_id", lambda r: "Pre-referral concern"),
    Source("prereferral.Intervention", "concern__student_id", lambda r: f"Intervention: {r.strategy}"),
    Source("prereferral.Review", "concern__student_id", lambda r: "Pre-referral team review"),
    Source("prereferral.DataPoint", "intervention__concern__student_id",
           lambda r: f"Intervention score for {r.measured_on:%b %-d, %Y}"),
    Source("prereferral.Accommodation", "concern__student_id", lambda r: f"Classroom accommodation: {r.description}"),
    Source("referrals.Referral", "student_id", lambda r: f"Referral received {r.received_on:%b %-d, %Y}"),
    Source("referrals.Consent", "student_id", lambda r: f"Consent: {r.get_kind_display()}"),
    Source("referrals.ConsentAttempt", "consent__student_id",
           lambda r: f"Attempt to reach the parent ({r.get_method_display()})"),
    Source("referrals.PriorWrittenNotice", "student_id", lambda r: "Prior Written Notice"),
    Source("evaluations.Evaluation", "student_id", lambda r: r.get_kind_display()),
    Source("evaluations.EvaluationArea", "evaluation__student_id", lambda r: f"Evaluation area: {r.get_area_display()}"),
    Source("evaluations.EvaluationFile", "area__evaluation__student_id", lambda r: f"Evaluation file: {r.title}"),
    Source("eligibility.EligibilityDetermination", "student_id", lambda r: "Eligibility determination"),
    Source("eligibility.EligibilityVote", "determination__student_id",
           lambda r: f"Eligibility vote: {r.member_name} ({r.role})"),
)


def student_history(*, student: Student, limit: int = 200) -> list[HistoryEntry]:
    """Every audited change for the student, newest first: one query per record type."""
    entries: list[HistoryEntry] = []
    for source in SOURCES:
        if not apps.is_installed("openiep." + source.model.split(".")[0]):
            continue
        model = apps.get_model(source.model)
        queryset = model.history.filter(**{source.student_lookup: student.pk})
        rows = list(queryset.select_related("history_user", *source.related).order_by("-history_date")[: limit * 2])
        entries.extend(_entries_for(rows, source.describe))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]
