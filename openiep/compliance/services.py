"""Keeping stored deadlines in step with the records.

``deadlines_recompute`` gathers each student's dated events from the process records (referral,
consent, evaluation, eligibility; the IEP later), runs the pure engine with the district's law
profile and school calendar, and replaces the student's stored deadlines. It is called in the same
transaction as every write that changes an event, and in bulk after a calendar upload.

Events are read in a fixed number of queries per chunk of students, so recomputing a whole district
is a handful of queries per few thousand students plus the engine's own work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from openiep.compliance.calendars import SchoolCalendar, parse_ics
from openiep.compliance.deadlines import compute_deadlines
from openiep.compliance.errors import ComplianceError
from openiep.compliance.law_profiles import load_profile
from openiep.compliance.models import CalendarUpload, Deadline
from openiep.eligibility.models import EligibilityDetermination
from openiep.evaluations.models import Evaluation
from openiep.iep.models import IEP
from openiep.people.models import District, Student, TeamMembership, User
from openiep.referrals.models import Consent, Referral

log = logging.getLogger(__name__)

CHUNK = 2000

# Rules that follow the student whatever referral is current (counted from birth).
STUDENT_EVENTS = frozenset({"date_of_birth"})


@dataclass
class CaseEvents:
    """One student's dated events, as the engine names them, and which referral they belong to."""

    student_id: int
    district_id: int
    school_id: int
    cycle: str = ""
    eligible: bool = False
    events: dict[str, date] = field(default_factory=dict)


def _latest(rows: Iterable[dict], key: str, order: Callable[[dict], tuple]) -> dict[int, dict]:
    best: dict[int, dict] = {}
    for row in rows:
        current = best.get(row[key])
        if current is None or order(row) > order(current):
            best[row[key]] = row
    return best


def case_events(student_ids: list[int]) -> dict[int, CaseEvents]:
    """Events for each student: seven queries for the whole list."""
    students = Student.objects.filter(pk__in=student_ids).values("id", "district_id", "school_id", "date_of_birth")
    cases = {
        s["id"]: CaseEvents(student_id=s["id"], district_id=s["district_id"], school_id=s["school_id"])
        for s in students
    }
    for s in students:
        if s["date_of_birth"]:
            cases[s["id"]].events["date_of_birth"] = s["date_of_birth"]

    referrals = _latest(
        Referral.objects.filter(student_id__in=student_ids).exclude(status=Referral.Status.WITHDRAWN)
        .values("id", "student_id", "received_on", "source", "status", "decided_on"),
        "student_id", lambda r: (r["received_on"], r["id"]),
    )
    for student_id, referral in referrals.items():
        case = cases[student_id]
        case.cycle = f"referral-{referral['id']}"
        case.events["referral_received"] = referral["received_on"]
        if referral["source"] == Referral.Source.EARLY_INTERVENTION:
            case.events["part_c_referral_received"] = referral["received_on"]
        if referral["status"] == Referral.Status.EVALUATION_REFUSED and referral["decided_on"]:
            # Refusing with a Prior Written Notice answers the referral as fully as a consent request does:
            # the state's "respond to the request" clock is met that day.
            case.events["consent_requested"] = referral["decided_on"]
    referral_ids = [r["id"] for r in referrals.values()]

    consents = _latest(
        Consent.objects.filter(referral_id__in=referral_ids, kind=Consent.Kind.INITIAL_EVALUATION)
        .values("id", "student_id", "requested_on", "responded_on", "status"),
        "student_id", lambda c: (c["requested_on"], c["id"]),
    )
    for student_id, consent in consents.items():
        events = cases[student_id].events
        events["consent_requested"] = consent["requested_on"]
        if consent["status"] in {Consent.Status.GRANTED, Consent.Status.PARTIAL, Consent.Status.REVOKED}:
            events["consent_received"] = consent["responded_on"]

    evaluations = _latest(
        Evaluation.objects.filter(referral_id__in=referral_ids).exclude(status=Evaluation.Status.CANCELLED)
        .values("id", "student_id", "completed_on", "planned_on"),
        "student_id", lambda e: (e["planned_on"], e["id"]),
    )
    for student_id, evaluation in evaluations.items():
        if evaluation["completed_on"]:
            cases[student_id].events["evaluation_completed"] = evaluation["completed_on"]

    determinations = _latest(
        EligibilityDetermination.objects.filter(student_id__in=student_ids)
        .values("id", "student_id", "determined_on", "result"),
        "student_id", lambda d: (d["determined_on"], d["id"]),
    )
    for student_id, determination in determinations.items():
        case = cases[student_id]
        case.events["eligibility_determined"] = determination["determined_on"]
        case.eligible = determination["result"] == EligibilityDetermination.Result.ELIGIBLE

    # Services begin on the start date of the newest finalised IEP (not an amendment: it changes, not starts).
    started = _latest(
        IEP.objects.filter(student_id__in=student_ids, kind__in=[k for k in IEP.Kind.values if k != "amendment"],
                           status__in=[IEP.Status.APPROVED, IEP.Status.IN_EFFECT, IEP.Status.SUPERSEDED,
                                       IEP.Status.ENDED])
        .values("id", "student_id", "start_date", "version"),
        "student_id", lambda i: (i["version"], i["id"]),
    )
    for student_id, iep in started.items():
        if iep["start_date"]:
            cases[student_id].events["iep_start"] = iep["start_date"]
    return cases


def case_managers(student_ids: list[int]) -> dict[int, int]:
    rows = TeamMembership.objects.active().filter(
        student_id__in=student_ids, role=TeamMembership.TeamRole.CASE_MANAGER
    ).values_list("student_id", "member_id")
    return dict(rows)


def district_calendar(district_id: int) -> SchoolCalendar | None:
    """The district's newest uploaded calendar, or None (the engine then counts weekdays and says so)."""
    upload = CalendarUpload.objects.filter(district_id=district_id).order_by("-uploaded_at", "-id").first()
    if upload is None:
        return None
    return parse_ics(upload.ics, name=upload.name)


def _relevant(case: CaseEvents) -> bool:
    # A student never referred has no clock running; birthdays matter once the student is in special education.
    return bool(case.cycle) or case.eligible


def _rows_for(case: CaseEvents, profile, calendar, responsible_id: int | None) -> list[Deadline]:
    events = dict(case.events)
    # Transition and majority clocks concern students with an IEP; birth stays for Part C to B.
    if not case.eligible and "part_c_referral_received" not in events:
        events.pop("date_of_birth", None)
    rows = []
    for item in compute_deadlines(events, profile, calendar):
        if item.due is None:
            continue  # waiting for its starting event: the case page explains these live
        if not case.eligible and item.start_event == "eligibility_determined":
            continue  # found not eligible: no IEP meeting and no reevaluation follow
        rows.append(Deadline(
            student_id=case.student_id,
            district_id=case.district_id,
            school_id=case.school_id,
            responsible_id=responsible_id,
            rule_id=item.rule_id,
            cycle="" if item.start_event in STUDENT_EVENTS else case.cycle,
            label=item.label[:300],
            kind=item.kind,
            jurisdiction=item.jurisdiction,
            citation=item.citation[:200],
            confidence=item.confidence,
            start_event=item.start_event,
            start_on=item.start_date,
            due_on=item.due,
            done_event=item.done_event,
            done_on=item.done_date,
            estimated=item.estimated,
            no_date_reason=item.no_date_reason[:300],
            # Not item.as_dict(): dataclasses.asdict deep-copies the whole result (a quarter of a recompute).
            explanation=list(item.explanation) + [s.describe() for s in item.skipped],
        ))
    return rows


@dataclass
class RecomputeReport:
    students: int = 0
    deadlines: int = 0
    failed: dict[int, str] = field(default_factory=dict)


@transaction.atomic
def deadlines_recompute(*, student_ids: Iterable[int], strict: bool = True,
                        progress: Callable[[int], None] | None = None) -> RecomputeReport:
    """Replace the stored deadlines of these students with freshly computed ones.

    ``strict`` (the default, for a single case being edited) turns impossible events into a
    ValidationError so the write that caused them is rolled back; a bulk run (``strict=False``)
    skips such a student and reports why.
    """
    ids = sorted(set(student_ids))
    report = RecomputeReport()
    districts = {d.pk: d for d in District.objects.all()}
    calendars: dict[int, SchoolCalendar | None] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        cases = case_events(chunk)
        managers = case_managers(chunk)
        rows: list[Deadline] = []
        for case in cases.values():
            if not _relevant(case):
                continue
            district = districts[case.district_id]
            if case.district_id not in calendars:
                calendars[case.district_id] = district_calendar(case.district_id)
            try:
                rows.extend(_rows_for(case, load_profile(district.state), calendars[case.district_id],
                                      managers.get(case.student_id)))
            except ComplianceError as exc:
                if strict:
                    raise ValidationError(str(exc)) from exc
                report.failed[case.student_id] = str(exc)
                log.warning("deadlines for student %s not computed: %s", case.student_id, exc)
        current_cycles = [case.cycle for case in cases.values() if case.cycle]
        # Replace this cycle's and the student-level rows; an earlier referral keeps only what was done
        # (its met or late deadlines stay on record for Indicator 11), its open rows are superseded.
        Deadline.objects.filter(student_id__in=chunk).filter(
            Q(cycle="") | Q(cycle__in=current_cycles) | Q(done_on__isnull=True)
        ).delete()
        Deadline.objects.bulk_create(rows, batch_size=1000)
        report.students += len(chunk)
        report.deadlines += len(rows)
        if progress:
            progress(len(chunk))
    return report


@transaction.atomic
def calendar_upload(*, district: District, name: str, ics: str, actor: User) -> tuple[CalendarUpload, RecomputeReport]:
    """Store a district's calendar (if it parses) and recompute every deadline in the district."""
    try:
        calendar = parse_ics(ics, name=name)
    except ComplianceError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    upload = CalendarUpload.objects.create(
        district=district, name=name[:200], ics=ics, summary=calendar.description[:300], uploaded_by=actor
    )
    student_ids = list(
        Student.objects.filter(district=district).filter(
            Q(referrals__isnull=False) | Q(eligibility_determinations__isnull=False)
        ).values_list("pk", flat=True).distinct()
    )
    return upload, deadlines_recompute(student_ids=student_ids, strict=False)
