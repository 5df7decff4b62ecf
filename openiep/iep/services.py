"""Writes of the IEP step: drafts, autosaved sections and rows, the banks, finalising, consent, amendments.

Every function locks the IEP row it changes (``select_for_update``), so two saves of the same draft queue
instead of interleaving, and refuses to touch an IEP that is no longer a draft: a finalised IEP is immutable,
its snapshot and hash are the record. Edits are field-by-field three-way checks (``rules.three_way``): a field
someone else saved since the editor loaded it comes back as a conflict with both texts, never overwritten.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from openiep.compliance import services as compliance_services
from openiep.iep import rules
from openiep.iep.models import (
    IEP,
    Accommodation,
    AccommodationBankEntry,
    Goal,
    GoalBankEntry,
    Objective,
    Service,
    Signature,
)
from openiep.meetings import selectors as meeting_selectors
from openiep.meetings.models import Meeting
from openiep.people.models import Guardian, Student, TeamMembership, User
from openiep.referrals import services as referral_services
from openiep.referrals.models import Consent, PriorWrittenNotice

BANK_DIR = Path(__file__).resolve().parent / "banks"

#: What the editor may change on a goal, a service and an accommodation row.
GOAL_FIELDS = (
    "area", "statement", "baseline", "condition", "behavior", "criterion", "measurement_method",
    "measurement_schedule", "responsible", "unit", "baseline_value", "target_value",
)
SERVICE_FIELDS = (
    "kind", "name", "description", "provider_role", "minutes", "times", "period", "location", "delivery",
    "start_date", "end_date",
)
ACCOMMODATION_FIELDS = ("category", "applies_to", "is_modification", "description", "conditions")
ROW_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Goal: GOAL_FIELDS, Service: SERVICE_FIELDS, Accommodation: ACCOMMODATION_FIELDS,
}


@dataclass
class SaveResult:
    saved: list[str] = field(default_factory=list)
    conflicts: list[rules.FieldConflict] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)  # the stored value of every submitted field, after
    saved_by: str = ""
    saved_at: datetime | None = None


# ------------------------------------------------------------------------------------------- helpers
def _save(obj: models.Model, actor: User, update_fields: list[str] | None = None) -> None:
    obj.full_clean()
    obj._history_user = actor
    obj.save(update_fields=update_fields)


def _locked(iep: IEP) -> IEP:
    return IEP.objects.select_for_update(of=("self",)).select_related("student").get(pk=iep.pk)


def _require_draft(iep: IEP) -> None:
    if iep.status != IEP.Status.DRAFT:
        raise ValidationError({NON_FIELD_ERRORS: [
            f"This IEP is {iep.get_status_display().lower()}: a finalised IEP cannot be changed. "
            "Amend it or start the next one instead."
        ]})


def _clean_values(model: type[models.Model], values: Mapping[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    """Turn submitted strings into field values (``to_python``), with the message at the field on bad input."""
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise ValidationError({NON_FIELD_ERRORS: [f"Unknown fields: {', '.join(unknown)}."]})
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, raw in values.items():
        model_field = model._meta.get_field(name)
        value = raw
        if isinstance(raw, str):
            value = raw.replace("\r\n", "\n")
            if not isinstance(model_field, models.CharField | models.TextField):
                value = value.strip()
                if value == "":
                    value = None
                elif isinstance(model_field, models.BooleanField):
                    value = {"true": True, "yes": True, "1": True, "on": True,
                             "false": False, "no": False, "0": False}.get(value.lower(), value)
        try:
            value = model_field.to_python(value)
            if value is not None and model_field.choices and value not in {c[0] for c in model_field.flatchoices} \
                    and value != "":
                raise ValidationError(f"“{value}” is not one of the choices.")
            if isinstance(model_field, models.PositiveIntegerField | models.PositiveSmallIntegerField) \
                    and value is not None and value < 0:
                raise ValidationError("Enter a whole number of zero or more.")
        except ValidationError as exc:
            label = str(model_field.verbose_name)
            messages = exc.messages
            if isinstance(model_field, models.IntegerField | models.DecimalField):
                messages = [f"{label.capitalize()} must be a number."]
            elif isinstance(model_field, models.DateField):
                messages = [f"{label.capitalize()}: enter a date (YYYY-MM-DD)."]
            errors[name] = messages
            continue
        if value is None and isinstance(model_field, models.CharField | models.TextField):
            value = ""
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _last_saved(obj: models.Model, fields: list[str] | None = None) -> tuple[str, datetime | None]:
    """Who last changed any of ``fields`` (or the record), and when: from the change history."""
    records = list(obj.history.order_by("-history_date", "-history_id").select_related("history_user")[:50])
    chosen = records[0] if records else None
    if fields and records:
        chosen = records[-1]
        for newer, older in zip(records, records[1:], strict=False):
            if any(getattr(newer, name, None) != getattr(older, name, None) for name in fields):
                chosen = newer
                break
    if chosen is None:
        return "", None
    user = chosen.history_user
    return (user.get_full_name() or user.username) if user else "", chosen.history_date


def _next_version(student: Student) -> int:
    return (IEP.objects.filter(student=student).aggregate(n=Max("version"))["n"] or 0) + 1


def _recompute_placement(iep: IEP) -> list[str]:
    """Keep the derived minutes outside the regular class and the federal environment code in step."""
    facts = [rules.ServiceFacts(id=s.pk, order=s.order, location=s.location, minutes=s.minutes, times=s.times,
                                period=s.period) for s in iep.services.all()]
    outside = rules.minutes_outside_regular_class(facts)
    student = iep.student
    code = rules.environment_code(
        setting=iep.setting,
        early_childhood=rules.is_early_childhood(student.date_of_birth, student.grade,
                                                 iep.start_date or timezone.localdate()),
        week_minutes=iep.school_week_minutes, outside_minutes=outside,
        ec_program_hours=iep.ec_program_hours_per_week, ec_services_in_program=iep.ec_services_in_program,
    )
    changed = []
    if iep.minutes_outside_regular_class != outside:
        iep.minutes_outside_regular_class = outside
        changed.append("minutes_outside_regular_class")
    if iep.environment_code != code:
        iep.environment_code = code
        changed.append("environment_code")
    return changed


# -------------------------------------------------------------------------------------------- drafts
@transaction.atomic
def iep_create(
    *, student: Student, kind: str, actor: User, meeting: Meeting | None = None, start_date: date | None = None,
) -> IEP:
    """Start a draft. An annual, reevaluation or transfer IEP, or an amendment, starts from the IEP in effect
    (carry forward); an initial IEP starts from the parents' input to the meeting."""
    Student.objects.select_for_update().filter(pk=student.pk).first()  # one new draft at a time per student
    if kind not in IEP.Kind.values:
        raise ValidationError({"kind": ["Choose what kind of IEP this is."]})
    existing = IEP.objects.filter(student=student, status=IEP.Status.DRAFT).first()
    if existing is not None:
        raise ValidationError({NON_FIELD_ERRORS: [
            f"{student.full_name} already has a draft (version {existing.version}): finish or discard it first."
        ]})
    if meeting is not None and meeting.student_id != student.pk:
        raise ValidationError({"meeting": ["That meeting is for another student."]})
    current = IEP.objects.filter(student=student, status__in=[IEP.Status.IN_EFFECT, IEP.Status.APPROVED]) \
        .order_by("-version").first()
    if kind == IEP.Kind.AMENDMENT and current is None:
        raise ValidationError({"kind": ["Only an IEP in effect can be amended."]})
    manager = TeamMembership.objects.filter(student=student, role=TeamMembership.TeamRole.CASE_MANAGER) \
        .active(timezone.localdate()).select_related("member").first()
    start = start_date or (timezone.localtime(meeting.starts_at).date() if meeting else timezone.localdate())
    iep = IEP(
        student=student, kind=kind, version=_next_version(student), meeting=meeting,
        case_manager=manager.member if manager else None, created_by=actor,
    )
    if current is not None and kind != IEP.Kind.INITIAL:
        _copy_sections(current, iep)
        iep.previous = current
        if kind == IEP.Kind.AMENDMENT:
            iep.start_date = max(start, current.start_date) if current.start_date else start
            iep.end_date = current.end_date
        else:
            iep.start_date = start
            iep.end_date = _annual_end(start, meeting)
    else:
        iep.start_date = start
        iep.end_date = _annual_end(start, meeting)
        concerns = _parent_concerns(student, meeting)
        if concerns:
            iep.parent_concerns = concerns
    _save(iep, actor)
    if iep.previous is not None:
        _copy_rows(iep.previous, iep, actor)
        _save_placement(iep, actor)
    return iep


def _annual_end(start: date, meeting: Meeting | None) -> date:
    """A year from the meeting (the annual review is due by then), or from the start without one."""
    anchor = timezone.localtime(meeting.starts_at).date() if meeting is not None else start
    end = anchor + timedelta(days=364)
    return end if end > start else start + timedelta(days=364)


def _copy_sections(source: IEP, target: IEP) -> None:
    for name in rules.FIELD_SECTION:
        if name in {"start_date", "end_date"}:
            continue
        setattr(target, name, getattr(source, name))
    target.behavior_plan_reference = source.behavior_plan_reference


def _copy_rows(source: IEP, target: IEP, actor: User) -> None:
    amendment = target.kind == IEP.Kind.AMENDMENT
    for goal in source.goals.prefetch_related("objectives"):
        copy = Goal(iep=target, order=goal.order, carried_from=goal, lineage=goal.lineage,
                    bank_key=goal.bank_key, **{name: getattr(goal, name) for name in GOAL_FIELDS})
        _save(copy, actor)
        for objective in goal.objectives.all():
            _save(Objective(goal=copy, order=objective.order, description=objective.description,
                            target_date=None if not amendment else objective.target_date), actor)
    for service in source.services.all():
        values = {name: getattr(service, name) for name in SERVICE_FIELDS}
        if not amendment:
            values["start_date"] = target.start_date
            values["end_date"] = target.end_date
        else:
            values["start_date"] = max(service.start_date, target.start_date) if service.start_date else target.start_date
        _save(Service(iep=target, order=service.order, carried_from=service, lineage=service.lineage, **values), actor)
    for accommodation in source.accommodations.all():
        _save(Accommodation(iep=target, order=accommodation.order, lineage=accommodation.lineage,
                            bank_key=accommodation.bank_key,
                            **{name: getattr(accommodation, name) for name in ACCOMMODATION_FIELDS}), actor)


def _parent_concerns(student: Student, meeting: Meeting | None) -> str:
    inputs = meeting_selectors.parent_input_for_student(student=student)
    if meeting is not None:
        inputs = inputs.filter(meeting=meeting)
    lines = []
    for row in inputs[:3]:
        for label, text in (("Concerns", row.concerns), ("Strengths", row.strengths), ("Vision", row.vision)):
            if text.strip():
                lines.append(f"{label} ({row.author_name}, {timezone.localtime(row.submitted_at):%B %-d}): {text.strip()}")
    return "\n".join(lines)


def _save_placement(iep: IEP, actor: User) -> None:
    changed = _recompute_placement(iep)
    if changed:
        _save(iep, actor, update_fields=[*changed, "updated_at"])


@transaction.atomic
def iep_discard(*, iep: IEP, actor: User) -> IEP:
    iep = _locked(iep)
    _require_draft(iep)
    iep.status = IEP.Status.DISCARDED
    _save(iep, actor, update_fields=["status", "updated_at"])
    return iep


# ---------------------------------------------------------------------------------- autosave: sections
@transaction.atomic
def iep_sections_save(
    *, iep: IEP, values: Mapping[str, Any], original: Mapping[str, Any], actor: User,
) -> SaveResult:
    """Save some fields of the draft's sections (autosave). ``original`` holds each field as the editor loaded
    it; a field changed by someone else since then is a conflict, returned with both values, and not saved."""
    iep = _locked(iep)
    _require_draft(iep)
    allowed = tuple(rules.FIELD_SECTION)
    submitted = _clean_values(IEP, values, allowed)
    originals = _clean_values(IEP, {k: v for k, v in original.items() if k in submitted}, allowed)
    current = {name: getattr(iep, name) for name in submitted}
    writes, conflicts = rules.three_way(current=current, submitted=submitted, original=originals)
    candidate = dict(current, **writes)
    start = candidate.get("start_date", iep.start_date)
    end = candidate.get("end_date", iep.end_date)
    if start and end and end <= start:
        raise ValidationError({"end_date": ["The IEP must end after it starts."]})
    if "school_week_minutes" in writes and writes["school_week_minutes"] is not None \
            and not 0 < writes["school_week_minutes"] <= 7 * 24 * 60:
        raise ValidationError({"school_week_minutes": ["Give the minutes in a school week (for example 1,950)."]})
    result = SaveResult()
    if writes:
        for name, value in writes.items():
            setattr(iep, name, value)
        revisions = dict(iep.section_revisions or {})
        for section in {rules.FIELD_SECTION[name] for name in writes}:
            revisions[section] = revisions.get(section, 0) + 1
        iep.section_revisions = revisions
        changed = [*writes, "section_revisions", "updated_at"]
        if {"setting", "school_week_minutes", "ec_program_hours_per_week", "ec_services_in_program",
                "start_date"} & set(writes):
            changed += _recompute_placement(iep)
        _save(iep, actor, update_fields=changed)
        result.saved = sorted(writes)
    result.conflicts = conflicts
    result.values = {name: getattr(iep, name) for name in submitted}
    if conflicts:
        result.saved_by, result.saved_at = _last_saved(iep, [c.field for c in conflicts])
    return result


# -------------------------------------------------------------------------------------- autosave: rows
def _row_locked(model: type[models.Model], row: models.Model) -> models.Model:
    return model.objects.select_for_update(of=("self",)).select_related("iep").get(pk=row.pk)


@transaction.atomic
def row_save(
    *, row: Goal | Service | Accommodation, values: Mapping[str, Any], original: Mapping[str, Any], actor: User,
) -> SaveResult:
    """Autosave fields of one goal, service or accommodation, with the same conflict check as sections."""
    model = type(row)
    iep = _locked(row.iep)
    _require_draft(iep)
    row = _row_locked(model, row)
    allowed = ROW_FIELDS[model]
    submitted = _clean_values(model, values, allowed)
    originals = _clean_values(model, {k: v for k, v in original.items() if k in submitted}, allowed)
    current = {name: getattr(row, name) for name in submitted}
    writes, conflicts = rules.three_way(current=current, submitted=submitted, original=originals)
    _check_row(model, dict({n: getattr(row, n) for n in allowed}, **writes), iep)
    result = SaveResult()
    if writes:
        for name, value in writes.items():
            setattr(row, name, value)
        row.revision += 1
        _save(row, actor, update_fields=[*writes, "revision"])
        result.saved = sorted(writes)
        if model is Service:
            _save_placement(iep, actor)
    result.conflicts = conflicts
    result.values = {name: getattr(row, name) for name in submitted}
    if conflicts:
        result.saved_by, result.saved_at = _last_saved(row, [c.field for c in conflicts])
    return result


def _check_row(model: type[models.Model], values: Mapping[str, Any], iep: IEP) -> None:
    """The checks that hold for a row at every save (the completeness check adds what is merely missing)."""
    errors: dict[str, list[str]] = {}
    if model is Service:
        start, end = values.get("start_date"), values.get("end_date")
        if start and end and end < start:
            errors["end_date"] = ["The end date is before the start date."]
        if start and iep.start_date and start < iep.start_date:
            errors.setdefault("start_date", []).append(
                f"The service cannot start before the IEP ({iep.start_date:%B} {iep.start_date.day}, {iep.start_date.year}).")
        if end and iep.end_date and end > iep.end_date:
            errors.setdefault("end_date", []).append(
                f"The service cannot end after the IEP ({iep.end_date:%B} {iep.end_date.day}, {iep.end_date.year}).")
        minutes, times, period = values.get("minutes"), values.get("times"), values.get("period")
        if minutes is not None and minutes <= 0:
            errors["minutes"] = ["Minutes must be more than zero."]
        elif minutes and minutes > 8 * 60:
            errors["minutes"] = ["That is more than a school day: give the minutes of one session."]
        if minutes and times and period == "day" and minutes * times > 8 * 60:
            errors["times"] = ["That is more minutes a day than a school day holds."]
        role = values.get("provider_role")
        if role and role not in rules.ALWAYS_AVAILABLE_ROLES:
            available = provider_roles_available(iep.student.district_id)
            if role not in available:
                label = Service.ProviderRole(role).label if role in Service.ProviderRole.values else role
                errors["provider_role"] = [f"The district has no {label.lower()} on staff: choose another provider "
                                           "role, or add the staff member first."]
    if model is Goal:
        for name in ("baseline_value", "target_value"):
            value = values.get(name)
            if value is not None and abs(value) >= Decimal("10000000"):
                errors[name] = ["That number is too large."]
    if errors:
        raise ValidationError(errors)


def provider_roles_available(district_id: int) -> frozenset[str]:
    """Provider roles the district has staff for (from the staff's disciplines)."""
    disciplines = User.objects.filter(district_id=district_id, is_active=True).exclude(discipline="") \
        .values_list("discipline", flat=True).distinct()
    return frozenset(disciplines)


def _next_order(queryset: models.QuerySet) -> int:
    return (queryset.aggregate(n=Max("order"))["n"] or 0) + 1


@transaction.atomic
def row_add(*, iep: IEP, model: type[models.Model], values: Mapping[str, Any], actor: User) -> models.Model:
    """Add a goal, service or accommodation to a draft. Only what identifies the row is required now; the
    completeness check lists what is still missing before finalising."""
    iep = _locked(iep)
    _require_draft(iep)
    allowed = ROW_FIELDS[model]
    cleaned = _clean_values(model, {k: v for k, v in values.items() if k in allowed}, allowed)
    if model is Service:
        cleaned.setdefault("start_date", iep.start_date)
        cleaned.setdefault("end_date", iep.end_date)
        if not cleaned.get("kind"):
            raise ValidationError({"kind": ["Choose the kind of service."]})
        if not cleaned.get("name"):
            raise ValidationError({"name": ["Name the service."]})
    if model is Goal and not cleaned.get("area"):
        raise ValidationError({"area": ["Choose the area of the goal."]})
    if model is Goal and not cleaned.get("statement"):
        raise ValidationError({"statement": ["Write the annual goal."]})
    if model is Accommodation:
        if not cleaned.get("description"):
            raise ValidationError({"description": ["Describe the accommodation."]})
        cleaned.setdefault("applies_to", Accommodation.AppliesTo.BOTH)
        if not cleaned.get("applies_to"):
            cleaned["applies_to"] = Accommodation.AppliesTo.BOTH
    _check_row(model, cleaned, iep)
    row = model(iep=iep, order=_next_order(model.objects.filter(iep=iep)), **cleaned,
                **{k: values[k] for k in ("bank_key",) if k in values and hasattr(model, "bank_key")})
    _save(row, actor)
    if model is Service:
        _save_placement(iep, actor)
    return row


@transaction.atomic
def row_delete(*, row: Goal | Service | Accommodation, actor: User) -> None:
    iep = _locked(row.iep)
    _require_draft(iep)
    row._history_user = actor
    if isinstance(row, Goal):
        for objective in row.objectives.all():
            objective._history_user = actor
            objective.delete()
    row.delete()
    if isinstance(row, Service):
        _save_placement(iep, actor)


@transaction.atomic
def objective_add(*, goal: Goal, description: str, target_date: date | None, actor: User) -> Objective:
    iep = _locked(goal.iep)
    _require_draft(iep)
    if not (description or "").strip():
        raise ValidationError({"description": ["Describe the short-term objective or benchmark."]})
    if target_date and iep.end_date and target_date > iep.end_date:
        raise ValidationError({"target_date": ["The objective's date is after the IEP ends."]})
    objective = Objective(goal=goal, order=_next_order(goal.objectives.all()), description=description.strip(),
                          target_date=target_date)
    _save(objective, actor)
    return objective


@transaction.atomic
def objective_delete(*, objective: Objective, actor: User) -> None:
    iep = _locked(objective.goal.iep)
    _require_draft(iep)
    objective._history_user = actor
    objective.delete()


# --------------------------------------------------------------------------------------------- banks
def bank_goal_values(entry: GoalBankEntry, *, student: Student) -> dict[str, Any]:
    """A goal stem made the student's: their name in place of [student]; the rest stays to individualise."""
    name = student.preferred_name or student.first_name
    behavior = entry.behavior[5:] if entry.behavior.lower().startswith("will ") else entry.behavior

    def personal(text: str) -> str:
        return text.replace("[student]", name).replace("[Student]", name)

    return {
        "area": entry.area,
        "statement": personal(f"{entry.condition}, {name} will {behavior} {entry.criterion}."),
        "condition": personal(entry.condition),
        "behavior": personal(entry.behavior),
        "criterion": personal(entry.criterion),
        "measurement_method": entry.method,
        "unit": entry.unit,
    }


def goal_from_bank(*, iep: IEP, entry: GoalBankEntry, actor: User) -> Goal:
    values = bank_goal_values(entry, student=iep.student)
    values["bank_key"] = entry.key
    return row_add(iep=iep, model=Goal, values=values, actor=actor)


def accommodation_from_bank(*, iep: IEP, entry: AccommodationBankEntry, actor: User) -> Accommodation:
    return row_add(iep=iep, model=Accommodation, actor=actor, values={
        "category": entry.category, "applies_to": entry.applies_to, "description": entry.text,
        "is_modification": entry.category == "modification", "bank_key": entry.key,
    })


def _search_text(*parts: str) -> str:
    return " ".join(p for p in parts if p).lower()


@transaction.atomic
def banks_sync(*, directory: Path = BANK_DIR) -> tuple[int, int]:
    """Load the goal and accommodation banks OpenIEP ships (``banks/*.toml``): insert new keys, update changed
    ones; entries a district added are never touched. Idempotent; run by a migration and by ``openiep seed``."""
    with open(directory / "goals.toml", "rb") as handle:
        goals = tomllib.load(handle)["goal"]
    with open(directory / "accommodations.toml", "rb") as handle:
        accommodations = tomllib.load(handle)["accommodation"]
    existing = {e.key: e for e in GoalBankEntry.objects.filter(district__isnull=True)}
    new_goals, changed = [], []
    for row in goals:
        values = {name: row[name] for name in ("area", "grade_bands", "title", "condition", "behavior", "criterion",
                                               "unit")}
        values["method"] = row["method"]
        values["search_text"] = _search_text(row["title"], row["condition"], row["behavior"], row["criterion"],
                                             row["unit"], row["area"])
        entry = existing.get(row["key"])
        if entry is None:
            new_goals.append(GoalBankEntry(key=row["key"], **values))
        elif any(getattr(entry, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(entry, k, v)
            changed.append(entry)
    GoalBankEntry.objects.bulk_create(new_goals)
    if changed:
        GoalBankEntry.objects.bulk_update(changed, ["area", "grade_bands", "title", "condition", "behavior",
                                                    "criterion", "unit", "method", "search_text"])
    existing_a = {e.key: e for e in AccommodationBankEntry.objects.filter(district__isnull=True)}
    new_a, changed_a = [], []
    for row in accommodations:
        values = {name: row[name] for name in ("category", "applies_to", "title", "text", "grade_bands")}
        values["search_text"] = _search_text(row["title"], row["text"], row["category"])
        entry = existing_a.get(row["key"])
        if entry is None:
            new_a.append(AccommodationBankEntry(key=row["key"], **values))
        elif any(getattr(entry, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(entry, k, v)
            changed_a.append(entry)
    AccommodationBankEntry.objects.bulk_create(new_a)
    if changed_a:
        AccommodationBankEntry.objects.bulk_update(changed_a, ["category", "applies_to", "title", "text",
                                                               "grade_bands", "search_text"])
    return len(goals), len(accommodations)


# ------------------------------------------------------------------------------------------ snapshot
def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    if hasattr(value, "hex") and not isinstance(value, bytes | int | float):
        return str(value)
    return value


def snapshot_of(iep: IEP) -> dict[str, Any]:
    """Everything the IEP says, as plain JSON: the record kept when it is finalised."""
    student = iep.student
    goals = list(iep.goals.all())
    return snapshot_from(
        iep, student, student.school.name, goals, {g.pk: list(g.objectives.all()) for g in goals},
        list(iep.services.all()), list(iep.accommodations.all()),
    )


# What ``get_area_display()``/``get_applies_to_display()`` return, looked up once (the seed makes many snapshots).
_AREA_LABELS = {value: str(label) for value, label in Goal._meta.get_field("area").flatchoices}
_APPLIES_TO_LABELS = {value: str(label) for value, label in Accommodation._meta.get_field("applies_to").flatchoices}


def snapshot_from(
    iep: IEP, student: Any, school_name: str, goals: Sequence[Goal], objectives_by_goal: Mapping[int, Sequence[Objective]],
    services: Sequence[Service], accommodations: Sequence[Accommodation],
) -> dict[str, Any]:
    """The snapshot of ``snapshot_of`` from rows already in hand (no queries): ``objectives_by_goal`` maps a
    goal's primary key to its objectives in order. The seed builds thousands of snapshots this way."""
    return {
        "iep": {"id": iep.pk, "version": iep.version, "kind": iep.kind, "start_date": _plain(iep.start_date),
                "end_date": _plain(iep.end_date), "meeting_id": iep.meeting_id,
                "environment_code": iep.environment_code,
                "minutes_outside_regular_class": iep.minutes_outside_regular_class},
        "student": {"id": student.pk, "name": student.full_name, "local_id": student.local_id,
                    "date_of_birth": _plain(student.date_of_birth), "grade": student.grade,
                    "school": school_name},
        "sections": {name: _plain(getattr(iep, name)) for name in rules.FIELD_SECTION},
        "goals": [
            {"id": g.pk, "lineage": str(g.lineage), "order": g.order, "label": _AREA_LABELS.get(g.area, g.area),
             **{name: _plain(getattr(g, name)) for name in GOAL_FIELDS},
             "objectives": [{"order": o.order, "description": o.description, "target_date": _plain(o.target_date)}
                            for o in objectives_by_goal.get(g.pk, ())],
             "objectives_text": "; ".join(o.description for o in objectives_by_goal.get(g.pk, ()))}
            for g in goals
        ],
        "services": [
            {"id": s.pk, "lineage": str(s.lineage), "order": s.order, "label": s.name,
             **{name: _plain(getattr(s, name)) for name in SERVICE_FIELDS},
             "minutes_per_week": str(rules.minutes_per_week(s.minutes, s.times, s.period))}
            for s in services
        ],
        "accommodations": [
            {"id": a.pk, "lineage": str(a.lineage), "order": a.order,
             "label": _APPLIES_TO_LABELS.get(a.applies_to, a.applies_to),
             **{name: _plain(getattr(a, name)) for name in ACCOMMODATION_FIELDS}}
            for a in accommodations
        ],
    }


def content_hash(snapshot: Mapping[str, Any]) -> str:
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


# ---------------------------------------------------------------------------------------- lifecycle
@transaction.atomic
def iep_share_with_parents(*, iep: IEP, actor: User) -> IEP:
    """Mark the draft shared with the parents before the meeting (they see it in the family portal)."""
    iep = _locked(iep)
    _require_draft(iep)
    iep.shared_with_parents_at = timezone.now()
    _save(iep, actor, update_fields=["shared_with_parents_at", "updated_at"])
    return iep


@transaction.atomic
def iep_finalize(*, iep: IEP, actor: User, facts: rules.IEPFacts, notice: Mapping[str, str] | None = None) -> IEP:
    """Finalise a complete draft: the snapshot and its hash become the record, the Prior Written Notice of
    the proposal is issued, and the parent's consent to services is requested for an initial IEP."""
    iep = _locked(iep)
    _require_draft(iep)
    problems = rules.completeness_problems(facts)
    if problems:
        raise ValidationError({NON_FIELD_ERRORS: [
            f"{len(problems)} thing{'s' if len(problems) != 1 else ''} still missing: the IEP cannot be finalised "
            "until each is done (see the list)."
        ]})
    today = timezone.localdate()
    amendment_without_meeting = iep.kind == IEP.Kind.AMENDMENT and iep.meeting_id is None
    student = iep.student
    snapshot = snapshot_of(iep)
    if amendment_without_meeting:
        agreed = set(iep.signatures.filter(purpose=Signature.Purpose.AMENDMENT_AGREEMENT)
                     .values_list("document_hash", flat=True))
        if not agreed:
            raise ValidationError({NON_FIELD_ERRORS: [
                "An amendment without a meeting needs the parent's written agreement first (34 CFR 300.324(a)(4))."
            ]})
        if content_hash(snapshot) not in agreed:
            raise ValidationError({NON_FIELD_ERRORS: [
                "The amendment changed after the parent agreed to it: ask the parent to agree to this version."
            ]})
    else:
        if iep.meeting_id is None:
            raise ValidationError({"meeting": ["Link the IEP meeting that developed this IEP."]})
        meeting = Meeting.objects.get(pk=iep.meeting_id)
        if meeting.status != Meeting.Status.HELD:
            raise ValidationError({"meeting": ["Record the meeting as held (with attendance) before finalising."]})
    iep.snapshot = snapshot
    iep.content_hash = content_hash(snapshot)
    iep.finalized_at = timezone.now()
    iep.finalized_by = actor
    texts = _notice_texts(iep)
    texts.update({k: v for k, v in (notice or {}).items() if isinstance(v, str) and v.strip()})
    iep.notice = referral_services.notice_issue(
        student=student, action=PriorWrittenNotice.Action.PROPOSES,
        subject=PriorWrittenNotice.Subject.FAPE if iep.kind != IEP.Kind.INITIAL else PriorWrittenNotice.Subject.PLACEMENT,
        issued_on=today, actor=actor, **texts,
    )
    if iep.kind == IEP.Kind.INITIAL:
        consent = Consent(
            student=student, kind=Consent.Kind.INITIAL_SERVICES, status=Consent.Status.REQUESTED, requested_on=today,
            description=f"Consent to the initial provision of special education and related services in the IEP "
                        f"finalised on {today:%B} {today.day}, {today.year} (34 CFR 300.300(b)).",
            created_by=actor,
        )
        _save(consent, actor)
        iep.consent = consent
        iep.status = IEP.Status.AWAITING_CONSENT
    else:
        iep.status = IEP.Status.APPROVED
    _save(iep, actor)
    if iep.status == IEP.Status.APPROVED:
        iep_activate_due(today=today, student_ids=[student.pk], actor=actor)
    compliance_services.deadlines_recompute(student_ids=[student.pk])
    iep.refresh_from_db()
    return iep


def _notice_texts(iep: IEP) -> dict[str, str]:
    """The Prior Written Notice of the IEP offer, prefilled from the IEP (the team edits it before it goes)."""
    services = list(iep.services.all())
    lines = "; ".join(
        f"{s.name} ({s.minutes} minutes {s.times} time{'s' if (s.times or 0) != 1 else ''} {s.get_period_display()}, "
        f"{s.get_location_display().lower()})" for s in services if s.minutes and s.times
    )
    kind = iep.get_kind_display().lower()
    return {
        "action_description": f"The district proposes the {kind} ({'IEP version ' + str(iep.version)}) with these "
                              f"services: {lines or 'see the IEP'}. Placement: "
                              f"{iep.get_setting_display() if iep.setting else 'see the IEP'}.",
        "reasons": "The IEP team, with the parents, developed this program from the student's present levels and "
                   "evaluation results so that the student can make progress in the general curriculum.",
        "evaluation_basis": "The most recent evaluation report, progress data on the IEP goals, the teachers' "
                            "observations and the parents' input.",
        "safeguards_statement": "You have protection under the procedural safeguards of IDEA. A copy was given to "
                                "you this school year; ask the case manager for another copy at any time.",
        "assistance_sources": "Your child's case manager; the district's special education office; the state's "
                              "Parent Training and Information Center.",
        "options_considered": "The team considered more and less time in the general education classroom and chose "
                              "the least restrictive setting in which the goals can be met.",
        "other_factors": "None beyond those in the IEP.",
    }


@transaction.atomic
def iep_activate_due(*, today: date, actor: User | None = None, student_ids: list[int] | None = None) -> int:
    """Put approved IEPs whose start date has come in effect, superseding the one before. Run daily, and at
    once when an IEP is approved. Returns how many went in effect."""
    due = IEP.objects.select_for_update().filter(status=IEP.Status.APPROVED, start_date__lte=today)
    if student_ids is not None:
        due = due.filter(student_id__in=student_ids)
    count = 0
    for iep in due.order_by("student_id", "version"):
        previous = IEP.objects.select_for_update().filter(student_id=iep.student_id, status=IEP.Status.IN_EFFECT) \
            .exclude(pk=iep.pk)
        for old in previous:
            old.status = IEP.Status.SUPERSEDED
            old.ended_on = max(iep.start_date - timedelta(days=1), old.start_date)
            old._history_user = actor or iep.finalized_by
            old.save(update_fields=["status", "ended_on", "updated_at"])
        iep.status = IEP.Status.IN_EFFECT
        iep._history_user = actor or iep.finalized_by
        iep.save(update_fields=["status", "updated_at"])
        count += 1
    return count


@dataclass(frozen=True)
class SignatureInput:
    signer_name: str
    method: str
    document_hash: str = ""
    signer: User | None = None
    guardian: Guardian | None = None
    signer_role: str = "Parent"
    scan: UploadedFile | None = None
    declined_services: str = ""


def _signature(iep: IEP, purpose: str, sig: SignatureInput, actor: User) -> Signature:
    errors: dict[str, list[str]] = {}
    if not (sig.signer_name or "").strip():
        errors["signer_name"] = ["Type the name of the person signing."]
    if sig.method not in Signature.Method.values:
        errors["method"] = ["Choose how it was signed."]
    expected = iep.content_hash if iep.is_final else content_hash(snapshot_of(iep))
    if sig.method == Signature.Method.ELECTRONIC and sig.document_hash != expected:
        errors[NON_FIELD_ERRORS] = ["The IEP changed since this page was opened: read the current version and sign "
                                    "again. Nothing was recorded."]
    if sig.method == Signature.Method.PAPER and not sig.scan:
        errors["scan"] = ["Upload the scan of the signed paper."]
    if errors:
        raise ValidationError(errors)
    signature = Signature(
        iep=iep, purpose=purpose, method=sig.method, signer=sig.signer, guardian=sig.guardian,
        signer_name=sig.signer_name.strip()[:200], signer_role=sig.signer_role[:100], signed_at=timezone.now(),
        document_hash=expected, declined_services=sig.declined_services.strip(), recorded_by=actor,
    )
    if sig.scan:
        signature.scan = sig.scan
    _save(signature, actor)
    return signature


@transaction.atomic
def iep_consent_record(*, iep: IEP, decision: str, signature: SignatureInput, actor: User) -> IEP:
    """The parent's answer to the initial IEP: consent, consent to part of the services, or refusal."""
    iep = _locked(iep)
    if iep.status != IEP.Status.AWAITING_CONSENT or iep.consent_id is None:
        raise ValidationError({NON_FIELD_ERRORS: ["This IEP is not waiting for consent."]})
    purposes = {"consent": Signature.Purpose.CONSENT, "partial": Signature.Purpose.PARTIAL_CONSENT,
                "refuse": Signature.Purpose.REFUSAL}
    if decision not in purposes:
        raise ValidationError({"decision": ["Choose consent, consent to part, or refuse."]})
    if decision == "partial" and not signature.declined_services.strip():
        raise ValidationError({"declined_services": ["Name the services the parent does not consent to."]})
    _signature(iep, purposes[decision], signature, actor)
    consent = Consent.objects.select_for_update().get(pk=iep.consent_id)
    consent.status = {"consent": Consent.Status.GRANTED, "partial": Consent.Status.PARTIAL,
                      "refuse": Consent.Status.REFUSED}[decision]
    consent.responded_on = timezone.localdate()
    consent.method = (Consent.Method.ELECTRONIC if signature.method == Signature.Method.ELECTRONIC
                      else Consent.Method.PAPER if signature.method == Signature.Method.PAPER
                      else Consent.Method.IN_PERSON)
    consent.guardian = signature.guardian
    consent.signed_name = signature.signer_name.strip()[:200]
    if decision == "partial":
        consent.notes = f"Does not consent to: {signature.declined_services.strip()}"
    _save(consent, actor)
    if decision == "refuse":
        # 300.300(b)(3)-(4): the district may not override a refusal of initial services.
        iep.status = IEP.Status.CONSENT_REFUSED
        _save(iep, actor, update_fields=["status", "updated_at"])
    else:
        iep.status = IEP.Status.APPROVED
        _save(iep, actor, update_fields=["status", "updated_at"])
        iep_activate_due(today=timezone.localdate(), student_ids=[iep.student_id], actor=actor)
    compliance_services.deadlines_recompute(student_ids=[iep.student_id])
    iep.refresh_from_db()
    return iep


@transaction.atomic
def iep_amendment_agreement_record(*, iep: IEP, signature: SignatureInput, actor: User) -> Signature:
    """The parent's written agreement to amend the IEP without a meeting (300.324(a)(4)), on the draft."""
    iep = _locked(iep)
    _require_draft(iep)
    if iep.kind != IEP.Kind.AMENDMENT:
        raise ValidationError({NON_FIELD_ERRORS: ["Only an amendment is agreed without a meeting."]})
    return _signature(iep, Signature.Purpose.AMENDMENT_AGREEMENT, signature, actor)


@transaction.atomic
def attendance_signature_record(*, iep: IEP, signature: SignatureInput, actor: User) -> Signature:
    iep = _locked(iep)
    return _signature(iep, Signature.Purpose.ATTENDANCE, signature, actor)
