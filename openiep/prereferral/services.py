"""Writes of the pre-referral step. Each is one transaction, validates with full_clean, and leaves history.

Errors are raised as ``ValidationError({field: message})`` with the names of the form fields, so the
page shows each message at its field and nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from openiep.people.models import Student, User
from openiep.prereferral.models import Accommodation, Concern, DataPoint, Intervention, Review
from openiep.prereferral.rules import DataRow, format_value, value_problem
from openiep.referrals.models import AreaOfConcern, Referral
from openiep.referrals.services import referral_create

# Roles whose referral the referral records as made by a teacher; other staff refer as "school staff".
TEACHER_ROLES = frozenset({User.Role.GENED_TEACHER, User.Role.SPED_TEACHER})
# A referral still being worked on: a new one from a concern joins it instead of starting a second clock.
OPEN_REFERRAL_STATUSES = (Referral.Status.AWAITING_DECISION, Referral.Status.EVALUATION_PROPOSED)


def _day(on: date) -> str:
    return f"{on:%B} {on.day}, {on.year}"


def _not_in_future(errors: dict[str, str], field: str, on: date | None, what: str) -> None:
    if on is not None and on > timezone.localdate():
        errors.setdefault(field, f"{what} cannot be in the future.")


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _clean_areas(areas: Sequence[str]) -> list[str]:
    unknown = [a for a in areas if a not in AreaOfConcern.values]
    if unknown:
        raise ValidationError({"areas_of_concern": f"Unknown area: {', '.join(unknown)}."})
    if not areas:
        raise ValidationError({"areas_of_concern": "Choose at least one area of concern."})
    chosen = set(areas)
    return [code for code in AreaOfConcern.values if code in chosen]  # the list's own order, no repeats


def _save(obj, actor: User, **kwargs) -> None:
    obj.full_clean()
    obj._history_user = actor
    obj.save(**kwargs)


# Concerns ---------------------------------------------------------------------------------------------

CONCERN_FIELDS = ("raised_on", "description", "areas_of_concern", "parents_informed_on")


def _check_concern(concern: Concern) -> None:
    errors: dict[str, str] = {}
    _not_in_future(errors, "raised_on", concern.raised_on, "The date the concern was noted")
    _not_in_future(errors, "parents_informed_on", concern.parents_informed_on, "The date the parents were told")
    if concern.parents_informed_on and concern.raised_on and concern.parents_informed_on < concern.raised_on:
        errors["parents_informed_on"] = "The parents cannot have been told before the concern was noted."
    if not (concern.description or "").strip():
        errors["description"] = "Describe what you see: what the student finds hard, with examples."
    _raise(errors)
    concern.description = concern.description.strip()
    concern.areas_of_concern = _clean_areas(concern.areas_of_concern)


@transaction.atomic
def concern_create(
    *, student: Student, raised_on: date, description: str, areas_of_concern: Sequence[str], actor: User,
    parents_informed_on: date | None = None,
) -> Concern:
    concern = Concern(student=student, raised_on=raised_on, description=description,
                      areas_of_concern=list(areas_of_concern), parents_informed_on=parents_informed_on,
                      raised_by=actor)
    _check_concern(concern)
    _save(concern, actor)
    return concern


@transaction.atomic
def concern_update(*, concern: Concern, data: dict, actor: User) -> Concern:
    unknown = set(data) - set(CONCERN_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be changed here."))
    for name, value in data.items():
        setattr(concern, name, list(value) if name == "areas_of_concern" else value)
    _check_concern(concern)
    _save(concern, actor)
    return concern


# Interventions ----------------------------------------------------------------------------------------

INTERVENTION_FIELDS = (
    "area", "tier", "strategy", "frequency", "frequency_period", "minutes_per_session", "start_date", "end_date",
    "delivered_by", "delivered_by_name", "measure", "unit", "baseline", "goal",
)
MAX_MINUTES = 8 * 60


def _check_intervention(intervention: Intervention, student: Student) -> None:
    errors: dict[str, str] = {}
    if intervention.tier not in Intervention.Tier.values:
        errors["tier"] = "Choose tier 1, 2 or 3."
    if intervention.area not in AreaOfConcern.values:
        errors["area"] = "Choose an area of concern."
    if intervention.start_date and intervention.end_date and intervention.end_date < intervention.start_date:
        errors["end_date"] = f"The end date is before the start date ({_day(intervention.start_date)})."
    if intervention.frequency is not None and intervention.frequency < 1:
        errors["frequency"] = "Enter at least one session."
    if intervention.minutes_per_session is not None and not 1 <= intervention.minutes_per_session <= MAX_MINUTES:
        errors["minutes_per_session"] = f"Enter the minutes of one session, from 1 to {MAX_MINUTES}."
    intervention.delivered_by_name = (intervention.delivered_by_name or "").strip()
    staff = intervention.delivered_by
    if staff is not None and intervention.delivered_by_name:
        errors["delivered_by_name"] = "Choose a staff member or write a name, not both."
    elif staff is None and not intervention.delivered_by_name:
        errors["delivered_by"] = "Choose who delivers it, or write their name below."
    elif staff is not None and (staff.district_id != student.district_id or staff.is_family or not staff.is_active):
        errors["delivered_by"] = "Choose a staff member of this student's district."
    if intervention.baseline is not None and intervention.goal is not None and intervention.baseline == intervention.goal:
        errors["goal"] = "The goal is the same as the baseline; set where the student should be by the end."
    if intervention.pk and intervention.start_date:
        earliest = intervention.data_points.order_by("measured_on").values_list("measured_on", flat=True).first()
        if earliest and earliest < intervention.start_date:
            errors.setdefault("start_date", f"There is a score on {_day(earliest)}, before this start date.")
    _raise(errors)


@transaction.atomic
def intervention_add(
    *, concern: Concern, actor: User, area: str, tier: int, strategy: str, frequency: int, minutes_per_session: int,
    start_date: date, measure: str, unit: str, baseline: Decimal, goal: Decimal,
    frequency_period: str = Intervention.Period.WEEK, end_date: date | None = None,
    delivered_by: User | None = None, delivered_by_name: str = "",
) -> Intervention:
    intervention = Intervention(
        concern=concern, area=area, tier=tier, strategy=strategy.strip(), frequency=frequency,
        frequency_period=frequency_period, minutes_per_session=minutes_per_session, start_date=start_date,
        end_date=end_date, delivered_by=delivered_by, delivered_by_name=delivered_by_name, measure=measure.strip(),
        unit=unit.strip(), baseline=baseline, goal=goal, created_by=actor,
    )
    _check_intervention(intervention, concern.student)
    _save(intervention, actor)
    return intervention


@transaction.atomic
def intervention_update(*, intervention: Intervention, data: dict, actor: User) -> Intervention:
    unknown = set(data) - set(INTERVENTION_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be changed here."))
    for name, value in data.items():
        setattr(intervention, name, value)
    _check_intervention(intervention, intervention.concern.student)
    _save(intervention, actor)
    return intervention


# Progress data --------------------------------------------------------------------------------------

def _date_problem(intervention: Intervention, on: date, today: date) -> str:
    if on > today:
        return "in the future"
    if on < intervention.start_date:
        return f"before the intervention started ({_day(intervention.start_date)})"
    return ""


def _save_point(intervention: Intervention, row: DataRow, actor: User) -> DataPoint:
    point = DataPoint(intervention=intervention, measured_on=row.measured_on, value=row.value, note=row.note,
                      recorded_by=actor)
    point.full_clean(validate_constraints=False)  # the unique day is checked by the caller and the database
    point._history_user = actor
    point.save()
    return point


@transaction.atomic
def data_point_add(
    *, intervention: Intervention, measured_on: date, value: Decimal, actor: User, note: str = ""
) -> DataPoint:
    """Add one score. Sending the same score twice (a double click) stores it once."""
    row = DataRow(measured_on, value, note.strip())
    errors: dict[str, str] = {}
    when = _date_problem(intervention, measured_on, timezone.localdate())
    if when:
        errors["measured_on"] = f"This date is {when}."
    if value_problem(value):
        errors["value"] = value_problem(value).capitalize() + "."
    _raise(errors)
    existing = DataPoint.objects.filter(intervention=intervention, measured_on=measured_on).first()
    if existing is None:
        try:
            with transaction.atomic():
                return _save_point(intervention, row, actor)
        except IntegrityError:  # the same day saved by a request running at the same moment
            existing = DataPoint.objects.get(intervention=intervention, measured_on=measured_on)
    if existing.value == value and existing.note == row.note:
        return existing
    raise ValidationError({"measured_on": (
        f"There is already a score for {_day(measured_on)}: {format_value(existing.value)}. "
        "To correct it, remove that score first."
    )})


@transaction.atomic
def data_points_add(*, intervention: Intervention, rows: Sequence[DataRow], actor: User) -> list[DataPoint]:
    """Add several scores at once, all or none. Scores already stored exactly as sent are skipped."""
    if not rows:
        raise ValidationError({"rows": "Paste at least one line with a date and a value."})
    today = timezone.localdate()
    stored = {p.measured_on: p for p in DataPoint.objects.filter(
        intervention=intervention, measured_on__in=[r.measured_on for r in rows])}
    problems: list[str] = []
    seen: set[date] = set()
    new: list[DataRow] = []
    for row in sorted(rows, key=lambda r: r.measured_on):
        problem = _date_problem(intervention, row.measured_on, today) or value_problem(row.value)
        if row.measured_on in seen:
            problem = "listed twice"
        elif row.measured_on in stored:
            old = stored[row.measured_on]
            if old.value == row.value and old.note == row.note.strip():
                continue
            problem = f"there is already a score for this day ({format_value(old.value)})"
        if problem:
            problems.append(f"{_day(row.measured_on)}: {problem}.")
        seen.add(row.measured_on)
        new.append(row)
    if problems:
        raise ValidationError({"rows": problems})
    try:
        with transaction.atomic():
            return [_save_point(intervention, DataRow(r.measured_on, r.value, r.note.strip()), actor) for r in new]
    except IntegrityError as exc:
        raise ValidationError({"rows": "Someone added scores for these days at the same moment; check and try again."}) from exc


@transaction.atomic
def data_point_remove(*, data_point: DataPoint, actor: User) -> None:
    """Remove a score entered by mistake. The change history keeps what it was and who removed it."""
    data_point._history_user = actor
    data_point.delete()


# Accommodations ---------------------------------------------------------------------------------------

def _check_accommodation(accommodation: Accommodation) -> None:
    errors: dict[str, str] = {}
    if not accommodation.description.strip():
        errors["description"] = "Describe the accommodation."
    _not_in_future(errors, "started_on", accommodation.started_on, "The date it was first tried")
    if accommodation.helped not in Accommodation.Outcome.values:
        errors["helped"] = "Choose whether it helped."
    _raise(errors)
    accommodation.description = accommodation.description.strip()


@transaction.atomic
def accommodation_add(
    *, concern: Concern, description: str, actor: User, started_on: date | None = None,
    helped: str = Accommodation.Outcome.TOO_EARLY, notes: str = "",
) -> Accommodation:
    accommodation = Accommodation(concern=concern, description=description, started_on=started_on, helped=helped,
                                  notes=notes.strip(), created_by=actor)
    _check_accommodation(accommodation)
    _save(accommodation, actor)
    return accommodation


@transaction.atomic
def accommodation_update(*, accommodation: Accommodation, helped: str, notes: str, actor: User) -> Accommodation:
    """Record whether an accommodation helped, as the teacher learns more."""
    accommodation.helped = helped
    accommodation.notes = notes.strip()
    _check_accommodation(accommodation)
    _save(accommodation, actor)
    return accommodation


# Team reviews and referral --------------------------------------------------------------------------

@transaction.atomic
def review_record(
    *, concern: Concern, reviewed_on: date, decision: str, actor: User, changes: str = "", notes: str = "",
    attendees: str = "",
) -> Review:
    """Record the team's review. "Refer" makes the referral for a special-education evaluation (once)."""
    concern = Concern.objects.select_for_update(of=("self",)).select_related("student", "referral").get(pk=concern.pk)
    changes, notes, attendees = changes.strip(), notes.strip(), attendees.strip()
    errors: dict[str, str] = {}
    _not_in_future(errors, "reviewed_on", reviewed_on, "The date the team met")
    if reviewed_on and reviewed_on < concern.raised_on:
        errors["reviewed_on"] = f"The team cannot meet before the concern was noted ({_day(concern.raised_on)})."
    if decision not in Review.Decision.values:
        errors["decision"] = "Choose what the team decided."
    elif decision == Review.Decision.CHANGE and not changes:
        errors["changes"] = "Say what changes: a new strategy, more time, another tier, a different measure…"
    _raise(errors)
    same = Review.objects.filter(concern=concern, reviewed_on=reviewed_on, decision=decision, changes=changes,
                                 notes=notes, attendees=attendees).first()
    if same is not None:
        return same  # the same review sent twice (a double click)
    if decision == Review.Decision.REFER and concern.referral_id:
        raise ValidationError({"decision": (
            f"This concern was already referred for an evaluation (received {_day(concern.referral.received_on)})."
        )})
    review = Review(concern=concern, reviewed_on=reviewed_on, decision=decision, changes=changes, notes=notes,
                    attendees=attendees, recorded_by=actor)
    _save(review, actor)
    if decision == Review.Decision.REFER:
        concern.referral = _refer(concern=concern, review=review, actor=actor)
        concern._history_user = actor
        concern.save(update_fields=["referral"])
    return review


def _refer(*, concern: Concern, review: Review, actor: User) -> Referral:
    """The referral the team's decision makes, or the student's referral already under way."""
    student = concern.student
    open_referral = (
        Referral.objects.filter(student=student, status__in=OPEN_REFERRAL_STATUSES).order_by("-received_on").first()
    )
    if open_referral is not None:
        return open_referral  # one case, one clock: the concern joins it
    try:
        return referral_create(
            student=student, received_on=review.reviewed_on,
            source=Referral.Source.TEACHER if actor.role in TEACHER_ROLES else Referral.Source.SCHOOL_STAFF,
            reason=concern.description, areas_of_concern=list(concern.areas_of_concern), actor=actor,
        )
    except ValidationError as exc:
        # The referral's own fields are not on the review form: show its messages at the nearest field.
        where = {"received_on": "reviewed_on"}
        if not hasattr(exc, "error_dict"):
            raise ValidationError({"decision": exc.messages}) from exc
        mapped: dict[str, list[str]] = {}
        for name, messages in exc.message_dict.items():
            mapped.setdefault(where.get(name, "decision"), []).extend(messages)
        raise ValidationError(mapped) from exc
