"""Reads of the IEP step: a page's IEP with every part in a fixed number of queries, and the facts the
completeness check, the PDF and the versions diff work from."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from openiep.compliance.errors import ProfileError
from openiep.compliance.law_profiles import load_profile
from openiep.iep import rules
from openiep.iep.models import IEP, AccommodationBankEntry, Goal, GoalBankEntry, Objective
from openiep.iep.services import provider_roles_available
from openiep.people.models import Student


def ieps_for_student(*, student: Student) -> QuerySet[IEP]:
    return IEP.objects.filter(student=student).exclude(status=IEP.Status.DISCARDED) \
        .select_related("finalized_by", "meeting").order_by("-version")


def iep_detail(*, student: Student, iep_id: int) -> IEP:
    """The IEP with its goals (and objectives), services, accommodations and signatures: six queries."""
    iep = (
        IEP.objects.filter(pk=iep_id, student=student)
        .select_related("meeting", "case_manager", "finalized_by", "consent", "notice", "previous")
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.prefetch_related(
                Prefetch("objectives", queryset=Objective.objects.order_by("order", "id")))),
            "services", "accommodations", "signatures",
        )
        .first()
    )
    if iep is None:
        raise Http404("No such IEP")
    iep.student = student
    return iep


def current_iep(*, student: Student) -> IEP | None:
    return IEP.objects.filter(student=student, status=IEP.Status.IN_EFFECT).first()


def law_ages(student: Student) -> tuple[float, int]:
    """The state's transition age and age of majority (law profile data)."""
    profile = load_profile(student.district.state)
    try:
        transition = float(profile.rule("transition_planning_age").length or 16)
    except ProfileError:
        transition = 16.0
    return transition, int(profile.age_of_majority)


def facts_for(iep: IEP, *, check_provider_roles: bool = True) -> rules.IEPFacts:
    """The completeness facts of an IEP loaded with ``iep_detail`` (no further queries but one for the roles)."""
    student = iep.student
    transition, majority = law_ages(student)
    goals = [
        rules.GoalFacts(
            id=g.pk, order=g.order, area=g.area, statement=g.statement, baseline=g.baseline, criterion=g.criterion,
            measurement_method=g.measurement_method, measurement_schedule=g.measurement_schedule,
            responsible=g.responsible, target_value=g.target_value, objectives=len(g.objectives.all()),
        )
        for g in iep.goals.all()
    ]
    services = [
        rules.ServiceFacts(
            id=s.pk, order=s.order, kind=s.kind, name=s.name, provider_role=s.provider_role, minutes=s.minutes,
            times=s.times, period=s.period, location=s.location, start_date=s.start_date, end_date=s.end_date,
        )
        for s in iep.services.all()
    ]
    accommodations = list(iep.accommodations.all())
    previous_end = iep.previous.end_date if iep.previous_id and iep.previous else None
    return rules.IEPFacts(
        sections={name: getattr(iep, name) for name in rules.FIELD_SECTION},
        start_date=iep.start_date, end_date=iep.end_date, date_of_birth=student.date_of_birth, grade=student.grade,
        transition_age=transition, majority_age=majority,
        meeting_date=iep.meeting.held_on if iep.meeting_id and iep.meeting else None,
        goals=goals, services=services, accommodations=len(accommodations),
        testing_accommodations=sum(1 for a in accommodations if a.applies_to in {"testing", "both"}),
        provider_roles_available=provider_roles_available(student.district_id) if check_provider_roles else None,
        kind=iep.kind, previous_end_date=previous_end,
    )


def goal_bank_search(*, query: str = "", area: str = "", grade_band: str = "", district_id: int | None = None,
                     limit: int = 25) -> list[GoalBankEntry]:
    rows = GoalBankEntry.objects.filter(Q(district__isnull=True) | Q(district_id=district_id))
    if area:
        rows = rows.filter(area=area)
    for word in query.lower().split()[:6]:
        rows = rows.filter(search_text__contains=word)
    found = list(rows.order_by("area", "key")[:400])
    if grade_band:
        found = [e for e in found if not e.grade_bands or grade_band in e.grade_bands]
    return found[:limit]


def accommodation_bank_search(*, query: str = "", applies_to: str = "", district_id: int | None = None,
                              limit: int = 25) -> list[AccommodationBankEntry]:
    rows = AccommodationBankEntry.objects.filter(Q(district__isnull=True) | Q(district_id=district_id))
    if applies_to in {"instruction", "testing"}:
        rows = rows.filter(applies_to__in=[applies_to, "both"])
    for word in query.lower().split()[:6]:
        rows = rows.filter(search_text__contains=word)
    return list(rows.order_by("category", "key")[:limit])


GRADE_BANDS = {
    "PK": "PK", "IT": "PK", "PR": "PK", "KG": "K", "01": "1-2", "02": "1-2", "03": "3-5", "04": "3-5", "05": "3-5",
    "06": "6-8", "07": "6-8", "08": "6-8", "09": "9-12", "10": "9-12", "11": "9-12", "12": "9-12", "13": "18-21",
}


def grade_band_of(student: Student) -> str:
    return GRADE_BANDS.get(student.grade, "")
