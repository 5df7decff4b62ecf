"""Which tables hold a student's records: found in Django's app registry, so models added later are included.

A model belongs to the student's record when it has a foreign key to ``people.Student``, or to a model that
does (a consent attempt → its consent → its referral → the student). History tables (django-simple-history)
follow the same rule through their copied foreign keys, and the student's own history is found by its id.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models

from openiep.people.models import Student

# What 34 CFR 300.624(b) lets the district keep "without time limitation": name, address and phone (the
# student row and the guardians), grades, attendance, classes attended (class enrolments), grade level and
# year completed (the student row).
KEPT_MODELS = {"people.SectionEnrollment", "people.Guardianship", "retention.RetentionCase"}
KEPT_HISTORY = {"people.HistoricalGuardianship"}


@dataclass(frozen=True)
class RecordTable:
    model: type[models.Model]
    path: str  # the lookup from this model to the student's id, e.g. "consent__referral__student_id"

    @property
    def label(self) -> str:
        return self.model._meta.label


def _student_links(model: type[models.Model], owned: dict[type[models.Model], str]) -> str | None:
    for field in model._meta.get_fields():
        if not (field.is_relation and field.many_to_one or field.one_to_one) or not field.concrete:
            continue
        target = field.related_model
        if target is Student:
            return f"{field.name}_id"
        if target in owned:
            return f"{field.name}__{owned[target]}"
    return None


def student_record_tables() -> list[RecordTable]:
    """Every model holding rows of a student's record, with how to reach the student; ordered children first."""
    candidates = [m for m in apps.get_models() if m is not Student and m._meta.managed and not m._meta.proxy]
    owned: dict[type[models.Model], str] = {}
    changed = True
    while changed:
        changed = False
        for model in candidates:
            if model in owned:
                continue
            path = _student_links(model, owned)
            if path is not None:
                owned[model] = path
                changed = True
    tables = [RecordTable(model, path) for model, path in owned.items()
              if model._meta.label not in KEPT_MODELS | KEPT_HISTORY]
    # Deeper paths first: children before the rows they point at.
    return sorted(tables, key=lambda t: (-t.path.count("__"), t.label))


def student_history_model() -> type[models.Model] | None:
    history = getattr(Student, "history", None)
    return history.model if history is not None else None
