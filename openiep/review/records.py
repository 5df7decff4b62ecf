"""The records package of a student who moves: a documented JSON export that another OpenIEP imports.

Format ``openiep.records/1`` (described in ``docs/records-export.md``): the student's identity, every IEP
version with its goals, services and accommodations, completed evaluations with their areas, progress data per
goal, exits and disciplinary removals. Dates are ISO 8601, numbers are strings (no float rounding), codes are
OpenIEP's (the federal ones where there is one). Nothing refers to the sending district's database ids except
``ref`` keys that link goals to their progress data inside the file.

The importer creates the student in the receiving district, the IEPs as *ended* versions (their content kept in
``snapshot``; the receiving district adopts one or writes a new IEP through the transfer-in record), evaluations
as completed, progress data, exits and removals, and a ``TransferIn`` with the comparable services to provide.
It is all or nothing and refuses a file of another format.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openiep.evaluations.models import Evaluation, EvaluationArea
from openiep.iep.models import IEP, Accommodation, Goal, Service
from openiep.people.models import School, Student, User
from openiep.progress.models import ProgressPoint
from openiep.review.models import Exit, Removal, TransferIn

FORMAT = "openiep.records/1"
STUDENT_FIELDS = ("first_name", "middle_name", "last_name", "preferred_name", "date_of_birth", "grade", "sex",
                  "state_id", "home_language", "english_learner")
IEP_FIELDS = ("kind", "status", "version", "start_date", "end_date", "present_levels_academic",
              "present_levels_functional", "disability_impact", "parent_concerns", "student_strengths", "setting",
              "school_week_minutes", "progress_report_schedule", "esy", "ended_on")
GOAL_FIELDS = ("order", "area", "statement", "baseline", "condition", "behavior", "criterion", "measurement_method",
               "measurement_schedule", "unit", "baseline_value", "target_value")
SERVICE_FIELDS = ("order", "kind", "name", "description", "provider_role", "minutes", "times", "period", "location",
                  "delivery", "start_date", "end_date")
ACCOMMODATION_FIELDS = ("order", "category", "applies_to", "is_modification", "description", "conditions")
EVALUATION_FIELDS = ("kind", "planned_on", "completed_on", "summary", "baseline")
AREA_FIELDS = ("area", "due_on", "completed_on", "instruments", "summary")
EXIT_FIELDS = ("exited_on", "reason", "notes", "academic_achievement", "functional_performance", "recommendations")
REMOVAL_FIELDS = ("starts_on", "school_days", "kind", "circumstance", "behavior", "part_of_pattern",
                  "services_provided", "parent_notified_on")


def _value(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _fields(obj, names) -> dict:
    return {name: _value(getattr(obj, name)) for name in names}


def export_student(student: Student, *, district_name: str = "") -> dict:
    ieps = []
    for iep in student.ieps.prefetch_related("goals__progress_points", "services", "accommodations").order_by("version"):
        goals = []
        for goal in iep.goals.all():
            goals.append({**_fields(goal, GOAL_FIELDS), "progress": [
                {"measured_on": p.measured_on.isoformat(), "value": str(p.value), "note": p.note}
                for p in goal.progress_points.all()]})
        ieps.append({**_fields(iep, IEP_FIELDS), "goals": goals,
                     "services": [_fields(s, SERVICE_FIELDS) for s in iep.services.all()],
                     "accommodations": [_fields(a, ACCOMMODATION_FIELDS) for a in iep.accommodations.all()]})
    evaluations = [{**_fields(e, EVALUATION_FIELDS), "areas": [_fields(a, AREA_FIELDS) for a in e.areas.all()]}
                   for e in student.evaluations.filter(completed_on__isnull=False).prefetch_related("areas")]
    return {
        "format": FORMAT,
        "exported_on": timezone.localdate().isoformat(),
        "from_district": district_name or student.district.name,
        "from_state": student.district.state,
        "student": _fields(student, STUDENT_FIELDS),
        "ieps": ieps,
        "evaluations": evaluations,
        "exits": [_fields(x, EXIT_FIELDS) for x in student.special_education_exits.order_by("exited_on")],
        "removals": [_fields(r, REMOVAL_FIELDS) for r in student.removals.all()],
    }


def dumps(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _date(text):
    return date.fromisoformat(text) if text else None


def _dec(text):
    return Decimal(text) if text not in (None, "") else None


def _typed(model, values: dict) -> dict:
    out = {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        if field.get_internal_type() == "DateField":
            value = _date(value)
        elif field.get_internal_type() == "DecimalField":
            value = _dec(value)
        elif value is None and not field.null:
            value = field.get_default()
        out[name] = value
    return out


def _save(obj, actor):
    obj.full_clean(validate_constraints=False)
    obj._history_user = actor
    obj.save()
    return obj


@transaction.atomic
def import_student(data: dict, *, school: School, local_id: str, actor: User,
                   received_on: date | None = None) -> Student:
    """Create the student of a records package in ``school``'s district, with their history; all or nothing."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError({"file": f"This is not an OpenIEP records package ({FORMAT})."})
    try:
        student = _save(Student(district=school.district, school=school, local_id=local_id,
                                **_typed(Student, {k: data["student"].get(k) for k in STUDENT_FIELDS})), actor)
        now = timezone.now()
        for number, item in enumerate(data["ieps"], start=1):
            missing = [k for k in ("kind", "version", "start_date", "end_date") if not item.get(k)]
            if missing:
                raise ValidationError({"file": f"IEP {number} of the package has no {', '.join(missing)}."})
            values = _typed(IEP, {k: item.get(k) for k in IEP_FIELDS})
            if values["status"] == IEP.Status.IN_EFFECT or values["status"] not in IEP.Status.values:
                values["status"] = IEP.Status.ENDED
                values["ended_on"] = values.get("ended_on") or _date(data["exported_on"])
            snapshot = {**item, "from_district": data.get("from_district", "")}
            content = json.dumps(snapshot, sort_keys=True).encode()
            iep = _save(IEP(student=student, created_by=actor, finalized_at=now, snapshot=snapshot,
                            content_hash=hashlib.sha256(content).hexdigest(), **values), actor)
            for goal_item in item.get("goals", []):
                goal = _save(Goal(iep=iep, **_typed(Goal, {k: goal_item.get(k) for k in GOAL_FIELDS})), actor)
                ProgressPoint.objects.bulk_create([
                    ProgressPoint(goal=goal, student=student, measured_on=_date(p["measured_on"]),
                                  value=Decimal(p["value"]), note=p.get("note", ""), recorded_by=actor)
                    for p in goal_item.get("progress", [])])
            for s in item.get("services", []):
                _save(Service(iep=iep, **_typed(Service, {k: s.get(k) for k in SERVICE_FIELDS})), actor)
            for a in item.get("accommodations", []):
                _save(Accommodation(iep=iep, **_typed(Accommodation, {k: a.get(k) for k in ACCOMMODATION_FIELDS})),
                      actor)
        for e in data.get("evaluations", []):
            evaluation = _save(Evaluation(student=student, status=Evaluation.Status.COMPLETED, created_by=actor,
                                          **_typed(Evaluation, {k: e.get(k) for k in EVALUATION_FIELDS})), actor)
            for a in e.get("areas", []):
                EvaluationArea.objects.create(
                    evaluation=evaluation, evaluator=actor, **_typed(EvaluationArea, {k: a.get(k) for k in AREA_FIELDS}))
        for x in data.get("exits", []):
            _save(Exit(student=student, recorded_by=actor, **_typed(Exit, {k: x.get(k) for k in EXIT_FIELDS})), actor)
        for r in data.get("removals", []):
            _save(Removal(student=student, recorded_by=actor, **_typed(Removal, {k: r.get(k) for k in REMOVAL_FIELDS})),
                  actor)
        latest = max(data["ieps"], key=lambda i: i.get("version") or 0, default=None)
        if latest is not None:
            services = "; ".join(f"{s['name']} ({s.get('minutes')} min × {s.get('times')} a {s.get('period')})"
                                 for s in latest.get("services", []))
            _save(TransferIn(student=student, received_on=received_on or timezone.localdate(),
                             from_district=data.get("from_district", "")[:200] or "Unknown",
                             from_state=(data.get("from_state") or "")[:2],
                             same_state=(data.get("from_state") or "") == school.district.state,
                             previous_iep_received=True, comparable_services=services or "To be agreed with the parents",
                             recorded_by=actor), actor)
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise ValidationError({"file": f"The records package is incomplete or damaged ({exc.__class__.__name__}: {exc})."}) from exc
    return student
