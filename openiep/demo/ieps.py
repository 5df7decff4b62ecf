"""Step 5 for the synthetic district: the IEPs of the students found eligible (``openiep seed``).

Each eligible student (but the demo parent's first child, kept without an IEP so a demo user can write the
initial IEP from start to end) gets an initial IEP finalised 7-28 school days after the eligibility
decision, consented and in effect a few days later, then one annual IEP a year, each carried forward from
the one before (the same ``lineage`` for a goal, service or accommodation that continues, ``carried_from``
pointing at its previous row), with the baselines and criteria moving on. The newest one that has started
is in effect; the older ones are superseded the day before the next one started. A few annual reviews are
overdue, a few annual IEPs are drafts, a few recent initial IEPs wait for the parent's consent.

The content is drawn per student from the goal and accommodation banks (by disability category and grade
band) and from the team the seed gave the student (the related services are those of its providers), and
every IEP in effect passes ``iep.rules.completeness_problems``. Placement minutes and the federal
environment code come from the rules functions; snapshots and hashes from ``iep.services.snapshot_from``,
built in memory. Rows are read a batch of students at a time in a fixed number of queries and written
with ``openiep.demo.rows`` (no history rows), in the builder's one random stream.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from openiep.compliance.errors import ProfileError
from openiep.compliance.law_profiles import load_profile
from openiep.demo.cases import in_summer, school_day_back, school_year_of, weekday_forward
from openiep.demo.rows import insert_objects, insert_rows, reserve_ids
from openiep.eligibility.models import DisabilityCategory as Cat
from openiep.eligibility.models import EligibilityDetermination
from openiep.iep import rules
from openiep.iep import services as iep_services
from openiep.iep.models import (
    IEP,
    Accommodation,
    AccommodationBankEntry,
    Goal,
    GoalBankEntry,
    MeasurementMethod,
    Objective,
    Service,
    Signature,
)
from openiep.iep.selectors import GRADE_BANDS
from openiep.people.models import Guardianship, Student, TeamMembership
from openiep.referrals.models import Consent, ConsentAttempt

if TYPE_CHECKING:
    from openiep.demo.seed import _Builder

BATCH = 2_000
ONE_DAY = timedelta(days=1)
GRADES = ("PK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12")
ORDINAL = {"PK": "preschool", "KG": "kindergarten", "01": "first-grade", "02": "second-grade",
           "03": "third-grade", "04": "fourth-grade", "05": "fifth-grade", "06": "sixth-grade",
           "07": "seventh-grade", "08": "eighth-grade", "09": "ninth-grade", "10": "tenth-grade",
           "11": "eleventh-grade", "12": "twelfth-grade"}

#: Goal areas by primary disability category, most usual first.
AREAS: dict[str, tuple[str, ...]] = {
    Cat.SPECIFIC_LEARNING_DISABILITY: ("reading", "writing", "math"),
    Cat.SPEECH_LANGUAGE_IMPAIRMENT: ("communication", "communication", "reading"),
    Cat.AUTISM: ("communication", "social_emotional", "behavior", "adaptive"),
    Cat.OTHER_HEALTH_IMPAIRMENT: ("behavior", "adaptive", "math", "writing"),
    Cat.INTELLECTUAL_DISABILITY: ("reading", "math", "adaptive", "communication"),
    Cat.EMOTIONAL_DISTURBANCE: ("social_emotional", "behavior", "writing"),
    Cat.DEVELOPMENTAL_DELAY: ("communication", "motor", "adaptive", "social_emotional"),
    Cat.MULTIPLE_DISABILITIES: ("communication", "adaptive", "motor", "math"),
    Cat.ORTHOPEDIC_IMPAIRMENT: ("motor", "adaptive", "writing"),
    Cat.HEARING_IMPAIRMENT: ("communication", "reading", "writing"),
    Cat.DEAFNESS: ("communication", "reading", "writing"),
    Cat.VISUAL_IMPAIRMENT: ("reading", "adaptive", "motor"),
    Cat.TRAUMATIC_BRAIN_INJURY: ("reading", "math", "adaptive", "behavior"),
    Cat.DEAF_BLINDNESS: ("communication", "adaptive", "motor"),
}
SECONDARY_AREA = {Cat.SPEECH_LANGUAGE_IMPAIRMENT: "communication", Cat.OTHER_HEALTH_IMPAIRMENT: "behavior",
                  Cat.SPECIFIC_LEARNING_DISABILITY: "reading"}
RESTRICTIVE = {Cat.INTELLECTUAL_DISABILITY, Cat.MULTIPLE_DISABILITIES, Cat.AUTISM, Cat.EMOTIONAL_DISTURBANCE,
               Cat.DEAF_BLINDNESS, Cat.TRAUMATIC_BRAIN_INJURY}
#: (RC80, RC79TO40, RC39, separate school, homebound) by category; the rest take the default.
TIERS = ("rc80", "rc79", "rc39", "separate", "homebound")
TIER_WEIGHTS = {
    Cat.INTELLECTUAL_DISABILITY: (0.20, 0.35, 0.38, 0.06, 0.01),
    Cat.MULTIPLE_DISABILITIES: (0.10, 0.20, 0.45, 0.20, 0.05),
    Cat.AUTISM: (0.42, 0.20, 0.28, 0.08, 0.02),
    Cat.EMOTIONAL_DISTURBANCE: (0.45, 0.20, 0.20, 0.13, 0.02),
    Cat.DEAF_BLINDNESS: (0.10, 0.20, 0.40, 0.25, 0.05),
    Cat.TRAUMATIC_BRAIN_INJURY: (0.45, 0.25, 0.20, 0.05, 0.05),
}
DEFAULT_TIERS = (0.84, 0.12, 0.03, 0.007, 0.003)

AREA_LABEL = {"reading": "Reading", "writing": "Written expression", "math": "Mathematics",
              "communication": "Communication", "social_emotional": "Social-emotional skills",
              "behavior": "Behaviour", "motor": "Motor skills", "adaptive": "Daily living and organisation",
              "transition": "Transition"}
SPED_SERVICE = {
    "reading": "Specially designed instruction in reading",
    "writing": "Specially designed instruction in written expression",
    "math": "Specially designed instruction in mathematics",
    "communication": "Specially designed instruction in communication and language",
    "social_emotional": "Social skills instruction",
    "behavior": "Behaviour skills instruction (self-regulation and work habits)",
    "motor": "Specially designed instruction in fine-motor and classroom skills",
    "adaptive": "Specially designed instruction in functional and daily-living skills",
    "transition": "Specially designed instruction in transition skills",
}
RELATED = {  # discipline on the team -> (service name, minutes choices, times choices, period, location)
    "speech_language": ("Speech-language therapy", (20, 25, 30), (1, 2), "week", "therapy_room"),
    "occupational_therapy": ("Occupational therapy", (30,), (2, 3, 4), "month", "therapy_room"),
    "physical_therapy": ("Physical therapy", (30,), (1, 2), "month", "therapy_room"),
    "counseling": ("Individual and group counselling", (30,), (1, 2), "week", "therapy_room"),
    "school_psychology": ("Psychological counselling services", (30,), (2, 3), "month", "therapy_room"),
}
SCHEDULE = {
    MeasurementMethod.CBM: ("weekly probes", "probes every two weeks"),
    MeasurementMethod.WORK_SAMPLE: ("monthly work samples", "work samples every two weeks"),
    MeasurementMethod.OBSERVATION: ("observation twice a week", "daily observation, summarised weekly"),
    MeasurementMethod.DATA_COLLECTION: ("data at every session", "trial data twice a week"),
    MeasurementMethod.RUBRIC: ("monthly rubric scoring", "rubric scoring every two weeks"),
    MeasurementMethod.CHECKLIST: ("weekly checklist", "checklist every two weeks"),
    MeasurementMethod.TEACHER_TEST: ("unit tests and weekly quizzes", "biweekly teacher-made tests"),
    MeasurementMethod.STANDARDIZED: ("three times a year", "at each benchmark window"),
    MeasurementMethod.SELF_REPORT: ("weekly self-rating checked by staff", "daily self-monitoring sheet"),
}
SCHEDULES = tuple(IEP.ProgressReportSchedule.values)  # computed once: the enum builds the list on every access
LOWER_IS_BETTER = ("error", "incident", "departure", "redirection", "crossing", "prompt", "refusal", "outburst")

WEEK_MINUTES = {"elementary": (1950, 1950, 1925, 1980), "secondary": (2025, 2000, 2100, 1950)}
BENCH_WCPM = {"01": 60, "02": 90, "03": 110, "04": 125, "05": 140, "06": 150, "07": 155, "08": 160}

FUNCTIONAL = {
    "default": (
        "{n} follows the classroom routine with occasional reminders and gets along with classmates.",
        "{n} starts independent work after one or two prompts and asks for help when stuck about half the time.",
        "{n} keeps materials organised with a checklist and hands in most homework on time.",
        "{n} is well liked by peers and takes part in group work, though long written tasks tire {n} quickly.",
    ),
    Cat.AUTISM: (
        "{n} uses a visual schedule to move between activities; unexpected changes lead to distress about twice a week.",
        "{n} starts conversations about preferred topics and needs support to take turns and stay on a shared topic.",
        "{n} is sensitive to noise in the cafeteria and the gym and uses headphones and a quiet corner to calm.",
    ),
    Cat.EMOTIONAL_DISTURBANCE: (
        "{n} has a daily check-in with the counsellor; office referrals fell from six to two in the last quarter.",
        "When frustrated, {n} leaves the classroom without permission about twice a week and returns with adult support.",
        "{n} recognises early signs of anger on a feelings chart and uses a break card in about half of the episodes.",
    ),
    Cat.OTHER_HEALTH_IMPAIRMENT: (
        "{n} is on task in about 55% of observed intervals (peers: 85%) and benefits from movement breaks.",
        "{n} loses track of multi-step directions and does best with written steps and a timer.",
        "{n}'s health condition causes absences of about two days a month; the nurse coordinates with the family.",
    ),
    Cat.INTELLECTUAL_DISABILITY: (
        "{n} follows two-step directions with a picture cue and completes familiar routines with one prompt.",
        "{n} greets adults and peers, makes choices from two or three options and asks for help with a gesture or words.",
        "{n} needs support with money, time and self-care tasks such as managing a lunch account.",
    ),
    Cat.SPEECH_LANGUAGE_IMPAIRMENT: (
        "{n} is understood by unfamiliar listeners about 70% of the time in conversation.",
        "{n} participates willingly in class but answers in short phrases and avoids speaking in front of the group.",
    ),
    Cat.DEVELOPMENTAL_DELAY: (
        "{n} plays next to peers and is beginning to share toys with adult prompting.",
        "{n} uses two- to three-word phrases to ask for wants and needs and follows one-step directions.",
    ),
}
IMPACT = {
    Cat.SPECIFIC_LEARNING_DISABILITY: "{n}'s learning disability in {a} makes grade-level texts and assignments "
                                      "hard to complete without specially designed instruction and accommodations.",
    Cat.SPEECH_LANGUAGE_IMPAIRMENT: "{n}'s speech and language needs affect class discussion, following oral "
                                    "directions and explaining answers in the general curriculum.",
    Cat.AUTISM: "{n}'s autism affects social communication, flexibility with changes and group work, which limits "
                "participation in class activities without support.",
    Cat.OTHER_HEALTH_IMPAIRMENT: "{n}'s health impairment limits attention and stamina: {n} completes less "
                                 "work than peers and misses instruction.",
    Cat.INTELLECTUAL_DISABILITY: "{n}'s intellectual disability affects the pace of learning, so the general "
                                 "curriculum is taught at reduced depth and breadth with functional skills.",
    Cat.EMOTIONAL_DISTURBANCE: "{n}'s emotional needs lead to time out of class and difficulty working with "
                               "peers, which interrupts learning in the general curriculum.",
    Cat.DEVELOPMENTAL_DELAY: "{n}'s delays in communication and adaptive skills affect participation in "
                             "age-appropriate activities and routines.",
}
IMPACT_DEFAULT = "{n}'s disability affects access to {a} instruction and the pace of class work; {n} needs " \
                 "specially designed instruction to make progress in the general curriculum."
CONCERNS = (
    "{g} would like {n} to read more confidently and to enjoy school again.",
    "{g} worries that {n} falls behind in class and is frustrated with homework every evening.",
    "{g} wants {n} to make friends and to speak up when help is needed.",
    "{g} is concerned about {n}'s behaviour at school and asks for regular updates by phone.",
    "{g} asks that {n} be included with classmates as much as possible.",
    "{g} would like {n} to become more independent with routines and organisation.",
    "{g} has no new concerns and is pleased with {n}'s progress this year.",
    "{g} is worried about the move to the next school and wants a plan for the transition.",
    "{g} asks the team to keep working on {n}'s speech so that the whole family understands {n}.",
)
STRENGTHS = (
    "is kind to classmates", "has a strong visual memory", "is curious about science", "works hard when interested",
    "has a good sense of humour", "loves drawing", "is helpful in the classroom", "is good at building things",
    "enjoys music", "keeps at a task once started", "has strong listening comprehension", "is athletic",
    "knows a lot about animals", "responds well to praise", "is good with technology", "is a loyal friend",
    "remembers facts from videos and read-alouds", "is eager to help younger students", "notices details",
)
INTERESTS = ("video games", "drawing", "soccer", "animals", "music", "cooking", "cars", "basketball",
             "building with blocks", "reading graphic novels", "dancing", "computers")
EDUCATION_GOALS = (
    "After high school, {n} will enrol in a certificate program in automotive technology at the community college.",
    "After high school, {n} will attend a four-year college and study graphic design, with disability services.",
    "After high school, {n} will complete on-the-job training through the county developmental disabilities board.",
    "After high school, {n} will enrol at the community college in early-childhood education.",
    "After high school, {n} will take part in a culinary training program.",
)
EMPLOYMENT_GOALS = (
    "After high school, {n} will work part time in retail while in training.",
    "After completing training, {n} will work full time as an automotive technician.",
    "After high school, {n} will work in supported employment in food service.",
    "After training, {n} will work as a child-care assistant.",
    "After high school, {n} will work in a warehouse or stocking job with a job coach at first.",
)
LIVING_GOALS = (
    "After high school, {n} will live at home and use public transportation on their own.",
    "After high school, {n} will manage a personal budget and schedule with a phone app.",
    "",
    "",
)


@dataclass
class _GoalState:
    """One goal lineage as it moves from IEP to IEP."""

    entry: dict
    lineage: uuid.UUID
    baseline: Decimal
    target: Decimal
    cap: Decimal | None
    lower: bool
    fixed: bool = False  # the criterion's number is in the bank's text: the target stays, the baseline moves
    row: Goal | None = None


@dataclass
class _Plan:
    """One IEP of one student before its rows exist."""

    kind: str
    meeting: date
    start: date
    end: date
    status: str = IEP.Status.SUPERSEDED
    consented_on: date | None = None
    ended_on: date | None = None


@dataclass
class _StudentView:
    """The student as a snapshot names them (the grade they were in then)."""

    pk: int
    full_name: str
    local_id: str
    date_of_birth: date
    grade: str


@dataclass
class _Batch:
    ieps: list[IEP] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    objectives: dict[int, list[Objective]] = field(default_factory=lambda: defaultdict(list))
    services: list[Service] = field(default_factory=list)
    accommodations: list[Accommodation] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    signatures: list[dict] = field(default_factory=list)
    attempts: list[dict] = field(default_factory=list)
    # per IEP (by id()): its rows and student view, for the snapshot
    parts: dict[int, tuple[Any, str, list, list, list]] = field(default_factory=dict)


class _Row(SimpleNamespace):
    """A goal, objective, service or accommodation before it is written: the fields ``snapshot_from`` reads,
    without the cost of a model instance (a quarter of the IEP step's time at 100,000 students)."""

    @property
    def pk(self) -> int | None:
        return getattr(self, "id", None)

    @pk.setter
    def pk(self, value: int) -> None:
        self.id = value

    def values(self) -> dict[str, Any]:
        """Field name -> value for ``insert_rows``; a row it points to by its primary key."""
        return {k: (v.id if isinstance(v, _Row) else v) for k, v in vars(self).items()}


def school_days_after(day: date, count: int) -> date:
    """The ``count``-th school day (weekday outside summer) after ``day``."""
    while count > 0:
        day += ONE_DAY
        if day.weekday() < 5 and not in_summer(day):
            count -= 1
    return day


def grade_on(grade: str, today: date, on: date) -> str:
    """The grade a student now in ``grade`` was in on ``on``."""
    back = school_year_of(today) - school_year_of(on)
    index = GRADES.index(grade) - back if grade in GRADES else 0
    return GRADES[max(0, index)]


def _quantize(value: float) -> Decimal:
    return Decimal(str(round(value))).quantize(Decimal("0.01"))


def _fmt(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral() else str(value.normalize())


class IEPSeeder:
    def __init__(self, builder: _Builder) -> None:
        self.b = builder
        self.rng = builder.rng
        self.today = builder.today
        self.now = builder.now
        self.district = builder.district
        profile = load_profile(self.district.state)
        try:
            self.transition_age = float(profile.rule("transition_planning_age").length or 16)
        except ProfileError:
            self.transition_age = 16.0
        self.majority_age = int(profile.age_of_majority)
        if not GoalBankEntry.objects.filter(district__isnull=True).exists():
            iep_services.banks_sync()
        self.goal_bank: dict[str, list[dict]] = defaultdict(list)
        for entry in GoalBankEntry.objects.filter(district__isnull=True).order_by("key").values(
                "key", "area", "grade_bands", "condition", "behavior", "criterion", "method", "unit"):
            self.goal_bank[entry["area"]].append(entry)
        self.accommodation_bank = list(AccommodationBankEntry.objects.filter(district__isnull=True).order_by("key")
                                       .values("key", "category", "applies_to", "text", "grade_bands"))
        self.fallback_actor = builder.demo.users["districtadmin"]
        self.tz = timezone.get_current_timezone()
        self.stats: Counter[str] = Counter()

    # ------------------------------------------------------------------------------------------ driver
    def run(self) -> None:
        skip = {self.b.demo.kids[0].pk} if self.b.demo.kids else set()
        latest: dict[int, tuple[date, str, list]] = {}
        for student_id, decided, category, secondary in (
            EligibilityDetermination.objects.filter(student__district=self.district,
                                                    result=EligibilityDetermination.Result.ELIGIBLE)
            .order_by("student_id", "determined_on", "id")
            .values_list("student_id", "determined_on", "primary_category", "secondary_categories")
        ):
            if student_id not in skip:
                latest[student_id] = (decided, category, secondary or [])
        ids = sorted(latest)
        for start in range(0, len(ids), BATCH):
            self._batch(ids[start:start + BATCH], latest)

    def _batch(self, ids: list[int], decisions: dict[int, tuple[date, str, list]]) -> None:
        students = {s.pk: s for s in Student.objects.filter(pk__in=ids).select_related("school").order_by("pk")}
        holders: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
        for student_id, guardian_id, first, last in (
            Guardianship.objects.filter(student_id__in=ids, holds_educational_rights=True).order_by("student_id", "id")
            .values_list("student_id", "guardian_id", "guardian__first_name", "guardian__last_name")
        ):
            holders[student_id].append((guardian_id, first, last))
        teams: dict[int, dict[str, tuple[int, str]]] = defaultdict(dict)
        for student_id, member_id, role, discipline, first, last in (
            TeamMembership.objects.filter(student_id__in=ids, end_date__isnull=True).order_by("student_id", "id")
            .values_list("student_id", "member_id", "role", "member__discipline", "member__first_name",
                         "member__last_name")
        ):
            teams[student_id].setdefault(discipline or role, (member_id, f"{first} {last}"))
        batch = _Batch()
        for student_id in ids:
            self._student(batch, students[student_id], decisions[student_id], holders[student_id], teams[student_id])
        self._write(batch)

    # ------------------------------------------------------------------------------------- one student
    def _dates(self, decided: date) -> list[_Plan]:
        r = self.rng
        today = self.today
        meeting = school_days_after(decided, r.randint(7, 28))
        if meeting >= today:
            return []
        plans: list[_Plan] = []
        if (today - decided).days <= 65 and r.random() < 0.6:
            start = weekday_forward(meeting + timedelta(days=r.randint(5, 14)))
            plans.append(_Plan(IEP.Kind.INITIAL, meeting, start, meeting + timedelta(days=r.randint(350, 364)),
                               status=IEP.Status.AWAITING_CONSENT))
            return plans
        consented = min(weekday_forward(meeting + timedelta(days=r.choice((0, 0, 1, 2, 3, 6)))), today)
        start = min(weekday_forward(consented + timedelta(days=r.randint(2, 9))), today)
        plans.append(_Plan(IEP.Kind.INITIAL, meeting, start, meeting + timedelta(days=r.randint(350, 364)),
                           consented_on=consented))
        overdue = r.random() < 0.04
        while True:
            previous = plans[-1]
            meeting = school_day_back(previous.end - timedelta(days=r.randint(8, 45)))
            if meeting >= today or meeting <= previous.meeting:
                break
            if overdue and previous.end < today and previous.end + timedelta(days=365) > today:
                self.stats["annual reviews overdue (seeded)"] += 1
                break
            start = min(weekday_forward(meeting + timedelta(days=r.randint(1, 10))), previous.end + ONE_DAY)
            start = max(min(start, today), previous.start + ONE_DAY)  # services have begun by today
            plans.append(_Plan(IEP.Kind.ANNUAL, meeting, start, meeting + timedelta(days=r.randint(355, 364))))
        # Statuses: the newest IEP that has started is in effect; a later one is approved; older ones superseded.
        started = [p for p in plans if p.start <= today]
        current = started[-1] if started else None
        for i, p in enumerate(plans):
            if p is current:
                p.status = IEP.Status.IN_EFFECT
            elif p.start > today:
                p.status = IEP.Status.APPROVED
            else:
                p.status = IEP.Status.SUPERSEDED
                p.ended_on = plans[i + 1].start - ONE_DAY
        return plans

    def _student(self, batch: _Batch, student: Student, decision: tuple[date, str, list],
                 holders: list[tuple[int, str, str]], team: dict[str, tuple[int, str]]) -> None:
        r = self.rng
        decided, category, secondary = decision
        plans = self._dates(decided)
        if not plans:
            return
        manager = team.get(TeamMembership.TeamRole.CASE_MANAGER)
        manager_id = manager[0] if manager else self.fallback_actor.pk
        current = next((p for p in plans if p.status == IEP.Status.IN_EFFECT), None)
        if current is not None and r.random() < 0.3 and self.today <= current.end <= self.today + timedelta(days=45) \
                and not any(p.status == IEP.Status.APPROVED for p in plans):
            start = current.end + ONE_DAY
            plans.append(_Plan(IEP.Kind.ANNUAL, weekday_forward(self.today + timedelta(days=r.randint(3, 20))),
                               start, start + timedelta(days=364), status=IEP.Status.DRAFT))
        tier = r.choices(TIERS, weights=TIER_WEIGHTS.get(category, DEFAULT_TIERS))[0]
        areas = list(dict.fromkeys(AREAS.get(category, ("reading", "math", "adaptive"))))
        for code in secondary:
            if code in SECONDARY_AREA and SECONDARY_AREA[code] not in areas:
                areas.insert(1, SECONDARY_AREA[code])
        alternate = (category == Cat.INTELLECTUAL_DISABILITY and r.random() < 0.45) or \
                    (category in {Cat.MULTIPLE_DISABILITIES, Cat.DEAF_BLINDNESS} and r.random() < 0.7)
        goals: list[_GoalState] = []
        accommodations: list[tuple[dict, uuid.UUID, str]] = []
        service_lineage: dict[str, uuid.UUID] = {}
        previous_iep: IEP | None = None
        previous_services: dict[str, Service] = {}
        consent_signer = self._signer(student, holders, plans[0].consented_on or plans[0].meeting)
        name = student.preferred_name or student.first_name
        for version, plan in enumerate(plans, start=1):
            on = plan.start
            grade = student.grade if plan.status in {IEP.Status.IN_EFFECT, IEP.Status.DRAFT,
                                                     IEP.Status.APPROVED} else grade_on(student.grade, self.today, on)
            band = GRADE_BANDS.get(grade, "")
            early = rules.is_early_childhood(student.date_of_birth, grade, on)
            age_end = rules.age_on(student.date_of_birth, plan.end) or 0
            transition = age_end >= self.transition_age
            goals = self._next_goals(goals, areas, band, transition, version == 1)
            iep = IEP(
                student_id=student.pk, kind=plan.kind, status=plan.status, version=version, previous=previous_iep,
                case_manager_id=manager_id, created_by_id=manager_id, start_date=plan.start, end_date=plan.end,
                ended_on=plan.ended_on,
            )
            self._sections(iep, student, name, category, grade, early, tier, alternate, transition, plan, holders,
                           goals, age_end)
            goal_rows = self._goal_rows(batch, iep, goals, name, grade, plan, team, alternate)
            services = self._services(iep, goals, category, team, tier, early, plan, service_lineage,
                                      previous_services)
            previous_services = {s.name: s for s in services}
            accommodations = self._next_accommodations(accommodations, band, category, alternate, version == 1)
            accommodation_rows = [
                _Row(iep=iep, order=i, category=entry["category"], applies_to=entry["applies_to"],
                              is_modification=entry["category"] == "modification", description=entry["text"],
                              conditions=conditions, bank_key=entry["key"], lineage=lineage)
                for i, (entry, lineage, conditions) in enumerate(accommodations, start=1)
            ]
            self._placement(iep, student, grade, services, early, tier)
            view = _StudentView(student.pk, student.full_name, student.local_id, student.date_of_birth, grade)
            batch.ieps.append(iep)
            batch.goals.extend(goal_rows)
            batch.services.extend(services)
            batch.accommodations.extend(accommodation_rows)
            batch.parts[id(iep)] = (view, student.school.name, goal_rows, services, accommodation_rows)
            if plan.status != IEP.Status.DRAFT:
                iep.finalized_at = datetime.combine(plan.meeting, time(15, r.randrange(60)), tzinfo=self.tz)
                iep.finalized_by_id = manager_id
            if plan.kind == IEP.Kind.INITIAL:
                guardian_id, signer_name = consent_signer
                consent = Consent(
                    student_id=student.pk, kind=Consent.Kind.INITIAL_SERVICES, requested_on=plan.meeting,
                    description=f"Consent to the initial provision of special education and related services in "
                                f"the IEP finalised on {plan.meeting:%B} {plan.meeting.day}, {plan.meeting.year} "
                                "(34 CFR 300.300(b)).",
                    created_by_id=manager_id,
                )
                if plan.consented_on is not None:
                    method = r.choice((Signature.Method.ELECTRONIC, Signature.Method.IN_PERSON))
                    consent.status = Consent.Status.GRANTED
                    consent.responded_on = plan.consented_on
                    consent.method = method
                    consent.guardian_id = guardian_id
                    consent.signed_name = signer_name
                    batch.signatures.append({
                        "iep": iep, "purpose": Signature.Purpose.CONSENT, "method": method,
                        "guardian_id": guardian_id, "signer_name": signer_name,
                        "signer_role": "Parent" if guardian_id else "Student (adult)",
                        "signed_at": datetime.combine(plan.consented_on, time(16 if method == "in_person" else 19,
                                                                              r.randrange(60)), tzinfo=self.tz),
                        "recorded_by_id": manager_id,
                    })
                else:
                    consent.status = Consent.Status.REQUESTED
                    batch.attempts.append({"consent": consent, "attempted_on": plan.meeting, "method": "in_person",
                                           "outcome": "IEP and consent form given to the parent at the meeting; "
                                                      "the parent wanted time to read it at home",
                                           "by_id": manager_id})
                    follow_up = weekday_forward(plan.meeting + timedelta(days=r.randint(3, 8)))
                    if follow_up < self.today:
                        batch.attempts.append({"consent": consent, "attempted_on": follow_up,
                                               "method": r.choice(("phone", "email", "portal")),
                                               "outcome": r.choice(("Reminder sent; the parent will answer this week",
                                                                    "No answer; message left",
                                                                    "The parent has questions about the service "
                                                                    "minutes; call back set up")),
                                               "by_id": manager_id})
                batch.consents.append(consent)
                iep.consent = consent
            self.stats[f"IEPs {plan.status.replace('_', ' ')}"] += 1
            previous_iep = iep

    def _signer(self, student: Student, holders: list[tuple[int, str, str]], on: date) -> tuple[int | None, str]:
        if (student.rights_transferred_on and on >= student.rights_transferred_on) or not holders:
            return None, f"{student.first_name} {student.last_name}"
        guardian_id, first, last = holders[0] if self.rng.random() < 0.8 else self.rng.choice(holders)
        return guardian_id, f"{first} {last}"

    # --------------------------------------------------------------------------------------- goals
    def _entry(self, area: str, band: str, taken: set[str]) -> dict | None:
        entries = [e for e in self.goal_bank.get(area, ()) if e["key"] not in taken]
        fitting = [e for e in entries if not e["grade_bands"] or band in e["grade_bands"]]
        pool = fitting or entries
        return self.rng.choice(pool) if pool else None

    def _new_goal(self, entry: dict) -> _GoalState:
        r = self.rng
        unit = entry["unit"].lower()
        lower = any(word in unit for word in LOWER_IS_BETTER) or "no more than [target]" in entry["criterion"]
        out_of = re.search(r"out of (\d+)", unit)
        cap: Decimal | None = None
        if lower:
            baseline, target = r.randint(4, 10), r.randint(1, 2)
        elif "percent" in unit:
            baseline = r.randrange(20, 65, 5)
            target, cap = min(95, baseline + r.randrange(20, 40, 5)), Decimal(100)
        elif out_of:
            n = int(out_of.group(1))
            baseline = r.randint(max(0, n // 10), max(1, n // 2))
            target, cap = max(baseline + 1, round(n * r.choice((0.7, 0.8, 0.8, 0.9)))), Decimal(n)
        elif "per minute" in unit or "words per" in unit:
            baseline = r.randint(30, 90)
            target = baseline + r.randint(20, 40)
        elif "rubric" in unit:
            baseline, target, cap = r.randint(1, 2), r.randint(3, 4), Decimal(4)
        else:
            baseline = r.randint(0, 4)
            target = baseline + r.randint(3, 8)
        fixed = not re.search(r"\[(target|number)\]", entry["criterion"])
        if fixed and not lower:
            # The bank's criterion says the number ("8 of 10", "80%"): the target is that number.
            stated = re.search(r"(\d+) (?:of|out of) (\d+)", entry["criterion"]) if out_of else \
                re.search(r"(\d+)%", entry["criterion"]) if "percent" in unit else None
            if stated:
                target = int(stated.group(1))
                baseline = min(baseline, max(0, target - r.randint(2, 5) * (10 if "percent" in unit else 1)))
        lineage = uuid.UUID(int=r.getrandbits(128), version=4)
        return _GoalState(entry, lineage, _quantize(baseline), _quantize(target), cap, lower, fixed)

    def _next_goals(self, goals: list[_GoalState], areas: list[str], band: str, transition: bool,
                    first: bool) -> list[_GoalState]:
        r = self.rng
        kept: list[_GoalState] = []
        for goal in goals:
            achieved = goal.baseline + (goal.target - goal.baseline) * Decimal(str(round(r.uniform(0.45, 1.15), 2)))
            achieved = _quantize(float(achieved))
            met = achieved <= goal.target if goal.lower else achieved >= goal.target
            if (met and r.random() < 0.6) or r.random() < 0.12 or (goal.entry["area"] == "transition" and not transition):
                continue  # met or no longer the priority: a new goal takes its place
            step = abs(goal.target - goal.baseline)
            goal.baseline = achieved
            if goal.fixed:
                if achieved == goal.target or (achieved > goal.target) != goal.lower:
                    continue
                kept.append(goal)
                continue
            if goal.lower:
                goal.target = _quantize(max(0, float(min(goal.target, achieved - 1))))
                if goal.target >= goal.baseline:
                    continue
            else:
                target = achieved + max(Decimal(1), _quantize(float(step) * 0.8))
                if goal.cap is not None:
                    target = min(target, goal.cap * Decimal("0.95") if goal.cap >= 20 else goal.cap)
                goal.target = _quantize(float(target))
                if goal.target <= goal.baseline:
                    continue
            kept.append(goal)
        wanted = r.choice((2, 3, 3, 4)) if first else max(len(kept), r.choice((2, 3, 3, 4)))
        taken = {g.entry["key"] for g in kept}
        if transition and not any(g.entry["area"] == "transition" for g in kept):
            kept = kept[:3]
            entry = self._entry("transition", band, taken)
            if entry:
                kept.append(self._new_goal(entry))
                taken.add(entry["key"])
        attempts = 0
        while len(kept) < wanted and attempts < 12:
            attempts += 1
            covered = Counter(g.entry["area"] for g in kept)
            area = min(areas, key=lambda a: (covered[a], areas.index(a)))
            entry = self._entry(area, band, taken)
            if entry is None:
                continue
            kept.append(self._new_goal(entry))
            taken.add(entry["key"])
        return kept[:4]

    def _fill(self, text: str, name: str, grade: str, goal: _GoalState) -> str:
        ordinal = ORDINAL.get(grade, "grade")
        text = text.replace("[grade]-level", f"{ordinal}-level" if "grade" not in ordinal else
                            ordinal.replace("-grade", "-grade-level"))
        return (text.replace("[student]", name).replace("[Student]", name)
                .replace("[target]", _fmt(goal.target)).replace("[number]", _fmt(goal.target))
                .replace("[baseline]", _fmt(goal.baseline)).replace("[grade]", ordinal)
                .replace("[adult]", "an adult").replace("[setting]", "the classroom"))

    def _goal_rows(self, batch: _Batch, iep: IEP, goals: list[_GoalState], name: str, grade: str, plan: _Plan,
                   team: dict[str, tuple[int, str]], alternate: bool) -> list[Goal]:
        r = self.rng
        rows = []
        for order, goal in enumerate(goals, start=1):
            e = goal.entry
            behavior = e["behavior"][5:] if e["behavior"].lower().startswith("will ") else e["behavior"]
            condition = self._fill(e["condition"], name, grade, goal)
            criterion = self._fill(e["criterion"], name, grade, goal)
            behavior_text = self._fill(e["behavior"], name, grade, goal)
            statement = f"{condition}, {name} will {self._fill(behavior, name, grade, goal)} {criterion}."
            measured = plan.meeting - timedelta(days=r.randint(3, 21))
            baseline = r.choice((
                "In {m}, {n} scored {b} {u} (median of three probes).",
                "Baseline ({m}): {b} {u}, from classroom data collected over two weeks.",
                "{n} currently reaches {b} {u} ({m} data).",
                "On {d}, {n} averaged {b} {u} across three trials.",
            )).format(m=f"{measured:%B} {measured.year}", d=f"{measured:%B} {measured.day}", n=name,
                      b=_fmt(goal.baseline), u=e["unit"])
            area = e["area"]
            if area == "communication" and "speech_language" in team:
                responsible = f"{team['speech_language'][1]}, speech-language pathologist"
            elif area == "motor" and "occupational_therapy" in team:
                responsible = f"{team['occupational_therapy'][1]}, occupational therapist"
            elif "sped_teacher" in team:
                responsible = f"{team['sped_teacher'][1]}, special education teacher"
            elif TeamMembership.TeamRole.CASE_MANAGER in team:
                responsible = f"{team[TeamMembership.TeamRole.CASE_MANAGER][1]}, intervention specialist"
            else:
                responsible = "Special education teacher"
            row = _Row(
                iep=iep, order=order, area=area, statement=statement, baseline=baseline, condition=condition[:300],
                behavior=behavior_text[:300], criterion=criterion[:300], measurement_method=e["method"],
                measurement_schedule=r.choice(SCHEDULE.get(e["method"], ("weekly",))), responsible=responsible[:200],
                unit=e["unit"], baseline_value=goal.baseline, target_value=goal.target, bank_key=e["key"],
                carried_from=goal.row, lineage=goal.lineage,
            )
            goal.row = row
            rows.append(row)
            if alternate:
                steps = r.choice((2, 3))
                for k in range(1, steps + 1):
                    value = goal.baseline + (goal.target - goal.baseline) * k / (steps + 1)
                    target_date = min(plan.start + timedelta(days=round(k * 330 / (steps + 1))), plan.end)
                    batch.objectives[id(row)].append(_Row(
                        goal=row, order=k, target_date=target_date,
                        description=f"By {target_date:%B} {target_date.day}, {target_date.year}, {name} will "
                                    f"{self._fill(behavior, name, grade, goal)} reaching {_fmt(_quantize(float(value)))} "
                                    f"{e['unit']}{' with one prompt' if k < steps else ' independently'}."))
        return rows

    # ------------------------------------------------------------------------------------ services
    def _services(self, iep: IEP, goals: list[_GoalState], category: str, team: dict[str, tuple[int, str]],
                  tier: str, early: bool, plan: _Plan, lineage: dict[str, uuid.UUID],
                  previous: dict[str, Service]) -> list[Service]:
        r = self.rng
        main_area = next((g.entry["area"] for g in goals if g.entry["area"] != "transition"), "reading")
        rows: list[dict] = []
        if category == Cat.SPEECH_LANGUAGE_IMPAIRMENT and tier == "rc80" and "speech_language" in team:
            rows.append({"kind": Service.Kind.SPECIAL_EDUCATION, "name": "Speech and language instruction "
                         "(specially designed)", "provider_role": "speech_language", "minutes": r.choice((20, 25, 30)),
                         "times": r.choice((1, 2)), "period": "week", "location": "therapy_room",
                         "delivery": r.choice(("individual", "group"))})
        else:
            name = SPED_SERVICE.get(main_area, SPED_SERVICE["reading"])
            if tier == "rc80":
                minutes, times, location = r.choice((30, 40, 45, 60)), r.randint(2, 5), "special_class"
                if r.random() < 0.3:
                    location, name = "regular_class", f"{name}, co-taught in the general education classroom"
            elif tier == "rc79":
                minutes, times, location = r.choice((100, 120, 150)), 5, "special_class"
            elif tier == "rc39":
                minutes, times, location = r.choice((260, 280, 300)), 5, "special_class"
            elif tier == "separate":
                minutes, times, location = 330, 5, "special_class"
            else:
                minutes, times, location = 60, r.choice((4, 5)), "home"
                name = "Homebound instruction"
            if early:
                location = {"rc80": "regular_class", "rc79": "regular_class", "rc39": "special_class",
                            "separate": "special_class", "homebound": "home"}[tier]
                minutes, times = r.choice((30, 45, 60)), r.randint(2, 4)
            rows.append({"kind": Service.Kind.SPECIAL_EDUCATION, "name": name, "provider_role": "sped_teacher",
                         "minutes": minutes, "times": times, "period": "week", "location": location,
                         "delivery": "individual" if location == "home" else r.choice(("group", "group", "individual"))})
        disciplines = [d for d in ("speech_language", "occupational_therapy", "physical_therapy", "counseling")
                       if d in team and not (d == "speech_language" and rows[0]["provider_role"] == "speech_language")]
        if category == Cat.EMOTIONAL_DISTURBANCE and "counseling" not in team and "school_psychology" in team:
            disciplines.append("school_psychology")
        for discipline in disciplines[:2]:
            label, minutes, times, period, location = RELATED[discipline]
            rows.append({"kind": Service.Kind.RELATED, "name": label, "provider_role": discipline,
                         "minutes": r.choice(minutes), "times": r.choice(times), "period": period,
                         "location": "home" if tier == "homebound" else location,
                         "delivery": r.choice(("individual", "group"))})
        if len(rows) < 3 and tier in {"rc79", "rc39"} and category in RESTRICTIVE and not early:
            rows.append({"kind": Service.Kind.SUPPLEMENTARY_AID, "name": "Paraprofessional support in general "
                         "education classes", "provider_role": "paraprofessional", "minutes": 45, "times": 5,
                         "period": "week", "location": "regular_class", "delivery": "individual"})
        out = []
        for order, values in enumerate(rows, start=1):
            before = previous.get(values["name"])
            if before is not None and r.random() < 0.75:  # carried forward unchanged, most of the time
                values.update(minutes=before.minutes, times=before.times, location=before.location)
            key = values["name"]
            if key not in lineage:
                lineage[key] = uuid.UUID(int=r.getrandbits(128), version=4)
            out.append(_Row(iep=iep, order=order, start_date=plan.start, end_date=plan.end, carried_from=before,
                               lineage=lineage[key], description="", **values))
        return out

    # ------------------------------------------------------------------------------- accommodations
    def _next_accommodations(self, current: list[tuple[dict, uuid.UUID, str]], band: str, category: str,
                             alternate: bool, first: bool) -> list[tuple[dict, uuid.UUID, str]]:
        r = self.rng
        kept = list(current)
        if not first and kept and r.random() < 0.3:
            kept.pop(r.randrange(len(kept)))
        wanted = r.randint(3, 5) if first else max(3, len(kept))
        taken = {entry["key"] for entry, _, _ in kept}
        modifications = alternate or category in {Cat.INTELLECTUAL_DISABILITY, Cat.MULTIPLE_DISABILITIES}
        pool = [e for e in self.accommodation_bank
                if e["key"] not in taken and (not e["grade_bands"] or band in e["grade_bands"])
                and (modifications or e["category"] != "modification")]
        while len(kept) < wanted and pool:
            need_testing = not any(e["applies_to"] in {"testing", "both"} for e, _, _ in kept)
            choices = [e for e in pool if e["applies_to"] in {"testing", "both"}] if need_testing else pool
            entry = r.choice(choices or pool)
            pool.remove(entry)
            conditions = {"testing": "On classroom, district and state tests",
                          "both": r.choice(("In all classes and on tests", "During tests and written assignments")),
                          }.get(entry["applies_to"], r.choice(("In all classes", "During independent work",
                                                               "In core academic classes", "As needed, on request")))
            kept.append((entry, uuid.UUID(int=r.getrandbits(128), version=4), conditions))
        if not any(e["applies_to"] in {"testing", "both"} for e, _, _ in kept):
            testing = [e for e in pool if e["applies_to"] in {"testing", "both"}]
            if testing:
                kept.append((r.choice(testing), uuid.UUID(int=r.getrandbits(128), version=4),
                             "On classroom, district and state tests"))
        return kept

    # ------------------------------------------------------------------------------------- sections
    def _sections(self, iep: IEP, student: Student, name: str, category: str, grade: str, early: bool, tier: str,
                  alternate: bool, transition: bool, plan: _Plan, holders: list[tuple[int, str, str]],
                  goals: list[_GoalState], age_end: float) -> None:
        r = self.rng
        pronoun = "they"
        area_words = ", ".join(AREA_LABEL.get(g.entry["area"], g.entry["area"]).lower() for g in goals[:3])
        words = {"n": name, "p": pronoun, "a": area_words or "the core subjects", "o": "them"}
        ordinal = ORDINAL.get(grade, "grade")
        academic = []
        if grade in BENCH_WCPM and not early and not any("per minute" in g.entry["unit"] for g in goals):
            bench = BENCH_WCPM[grade]
            wcpm = round(bench * r.uniform(0.45, 0.85))
            academic.append(f"On {ordinal} oral reading fluency probes {name} reads {wcpm} words correct per minute "
                            f"(benchmark {bench}).")
        for goal in goals[:3]:
            academic.append(f"{AREA_LABEL.get(goal.entry['area'], 'Skills')}: {name} is at {_fmt(goal.baseline)} "
                            f"{goal.entry['unit']} on {goal.entry['method'].replace('_', ' ')} data.")
        academic.append(r.choice((
            f"Report card grades this term: {r.choice(('C', 'C-', 'D+', 'B-'))} in English, "
            f"{r.choice(('C', 'B-', 'C+', 'D'))} in mathematics.",
            f"On the district's fall benchmark {name} scored at the {r.randint(5, 30)}th percentile in reading and "
            f"the {r.randint(8, 45)}th in mathematics.",
            f"{name}'s teachers report steady effort and growth since the last review.",
        )))
        iep.present_levels_academic = " ".join(academic)
        functional = FUNCTIONAL.get(category, FUNCTIONAL["default"])
        iep.present_levels_functional = " ".join(s.format(**words) for s in r.sample(functional, min(2, len(functional))))
        iep.disability_impact = IMPACT.get(category, IMPACT_DEFAULT).format(**words)
        guardian = f"{holders[0][1]} {holders[0][2]}" if holders else name
        if student.rights_transferred_on and plan.meeting >= student.rights_transferred_on:
            iep.parent_concerns = f"{name} (the adult student) wants to finish school and find work; the family " \
                                  "supports these goals."
        else:
            iep.parent_concerns = r.choice(CONCERNS).format(g=guardian, **words)
        first, second, third = r.sample(STRENGTHS, 3)
        iep.student_strengths = f"{name} {first}, {second} and {third}."
        if rules.age_on(student.date_of_birth, plan.meeting) and rules.age_on(student.date_of_birth, plan.meeting) >= 9:
            iep.student_input = f"{name} likes {r.choice(INTERESTS)} and {r.choice(INTERESTS)} and says that " + \
                r.choice(("short breaks help.", "reading aloud in class is hard.", "a quiet place helps on tests.",
                          "they want to do more on their own."))
        behavior = category == Cat.EMOTIONAL_DISTURBANCE or (category == Cat.AUTISM and r.random() < 0.4) or \
            (category == Cat.OTHER_HEALTH_IMPAIRMENT and r.random() < 0.1)
        iep.factor_behavior = behavior
        iep.factor_limited_english = bool(student.english_learner)
        iep.factor_blind = category in {Cat.VISUAL_IMPAIRMENT, Cat.DEAF_BLINDNESS}
        iep.factor_deaf = category in {Cat.HEARING_IMPAIRMENT, Cat.DEAFNESS, Cat.DEAF_BLINDNESS}
        iep.factor_communication = category in {Cat.SPEECH_LANGUAGE_IMPAIRMENT, Cat.AUTISM, Cat.HEARING_IMPAIRMENT,
                                                Cat.DEAFNESS, Cat.DEAF_BLINDNESS} or \
            (category in {Cat.INTELLECTUAL_DISABILITY, Cat.MULTIPLE_DISABILITIES} and r.random() < 0.5)
        iep.factor_assistive_technology = (category in {Cat.ORTHOPEDIC_IMPAIRMENT, Cat.VISUAL_IMPAIRMENT,
                                                        Cat.MULTIPLE_DISABILITIES} and r.random() < 0.6) \
            or r.random() < 0.03
        notes = []
        if behavior:
            day = plan.meeting - timedelta(days=r.randint(10, 120))
            iep.behavior_plan_reference = f"Behaviour intervention plan of {day:%B} {day.day}, {day.year}, from " \
                                          "the functional behavioural assessment"
            notes.append(f"Behaviour: positive behaviour supports and the behaviour intervention plan; {name}'s "
                         "behaviour goal is reviewed monthly with the family.")
        if iep.factor_limited_english:
            notes.append("English proficiency: English-language development services continue alongside the IEP; "
                         "notices go to the family in their language.")
        if iep.factor_communication:
            notes.append("Communication: the speech-language pathologist consults with the teachers on vocabulary "
                         "and visual supports.")
        if iep.factor_deaf:
            notes.append("Hearing: FM system in all classes; preferential seating; the team considered the "
                         "student's language and communication mode.")
        if iep.factor_blind:
            notes.append("Vision: materials in large print; Braille instruction was considered and is reviewed yearly.")
        if iep.factor_assistive_technology:
            notes.append("Assistive technology: text-to-speech and a word-prediction program on a school tablet.")
        iep.special_factors_notes = " ".join(notes)
        iep.progress_report_schedule = r.choices(SCHEDULES, weights=(70, 20, 5, 5))[0]
        iep.progress_report_method = r.choice((
            "A written progress report on each goal with the report card.",
            "A written progress report on each goal, sent home and posted in the family portal.",
            "A progress report with graphs of the goal data, with the report card; a phone call if progress stalls.",
        ))
        tested = grade in {"03", "04", "05", "06", "07", "08", "10", "11"}
        if alternate:
            iep.state_assessment = IEP.AssessmentParticipation.ALTERNATE if tested else \
                IEP.AssessmentParticipation.NOT_APPLICABLE
            iep.district_assessment = IEP.AssessmentParticipation.ALTERNATE
            iep.alternate_assessment_reason = (
                f"{name} has a significant cognitive disability and is instructed on alternate achievement "
                "standards across all content areas; even with accommodations the general assessment would not "
                "show what " + name + " knows. The alternate assessment measures the extended standards taught.")
        else:
            general = IEP.AssessmentParticipation.GENERAL_WITH_ACCOMMODATIONS if r.random() < 0.85 else \
                IEP.AssessmentParticipation.GENERAL
            iep.state_assessment = general if tested else IEP.AssessmentParticipation.NOT_APPLICABLE
            iep.district_assessment = general if not early else IEP.AssessmentParticipation.NOT_APPLICABLE
        needs_esy = r.random() < (0.4 if category in {Cat.INTELLECTUAL_DISABILITY, Cat.MULTIPLE_DISABILITIES,
                                                      Cat.AUTISM} else 0.05)
        if needs_esy:
            iep.esy = IEP.ESY.NEEDED
            iep.esy_notes = f"Data show regression over breaks; {name} receives 2 hours a week for 6 weeks in July."
        elif r.random() < 0.03:
            iep.esy = IEP.ESY.UNDECIDED
            iep.esy_notes = "The team will review the winter-break regression data and decide by April 15."
        else:
            iep.esy = IEP.ESY.NOT_NEEDED
        if transition:
            iep.postsecondary_education_goal = r.choice(EDUCATION_GOALS).format(n=name)
            iep.postsecondary_employment_goal = r.choice(EMPLOYMENT_GOALS).format(n=name)
            iep.postsecondary_independent_living_goal = r.choice(LIVING_GOALS).format(n=name)
            day = plan.meeting - timedelta(days=r.randint(7, 60))
            iep.transition_assessments = f"Career interest inventory and student interview ({day:%B} {day.year}); " \
                                         "parent transition questionnaire."
            iep.transition_services = "Career exploration class; job shadowing in the spring; help applying to " \
                                      "training programs; referral to vocational rehabilitation in the last year."
            iep.course_of_study = r.choice(("Standard diploma course of study with career-technical electives.",
                                            "Diploma with a career-technical pathway and work-based learning.",
                                            "Modified course of study with functional academics and community-based "
                                            "instruction."))
            if age_end >= 16:
                iep.agencies_invited = "Opportunities for Ohioans with Disabilities (vocational rehabilitation), " \
                                       "with the parent's consent."
        if age_end >= self.majority_age - 1:
            iep.majority_informed_on = plan.meeting

    def _placement(self, iep: IEP, student: Student, grade: str, services: list[Service], early: bool,
                   tier: str) -> None:
        r = self.rng
        if early:
            iep.setting = {"rc80": IEP.Setting.EC_REGULAR_PROGRAM, "rc79": IEP.Setting.EC_REGULAR_PROGRAM,
                           "rc39": IEP.Setting.EC_SEPARATE_CLASS, "separate": IEP.Setting.EC_SEPARATE_CLASS,
                           "homebound": IEP.Setting.EC_HOME}[tier]
            if iep.setting == IEP.Setting.EC_REGULAR_PROGRAM:
                iep.ec_program_hours_per_week = Decimal(r.choice(("6.0", "8.5", "10.0", "12.5", "15.0", "20.0")))
                iep.ec_services_in_program = tier == "rc80"
        else:
            iep.setting = {"separate": IEP.Setting.SEPARATE_SCHOOL,
                           "homebound": IEP.Setting.HOMEBOUND}.get(tier, IEP.Setting.REGULAR_SCHOOL)
            secondary = grade >= "06" and grade in GRADES
            iep.school_week_minutes = r.choice(WEEK_MINUTES["secondary" if secondary else "elementary"])
        facts = [rules.ServiceFacts(id=0, order=s.order, location=s.location, minutes=s.minutes, times=s.times,
                                    period=s.period) for s in services]
        iep.minutes_outside_regular_class = rules.minutes_outside_regular_class(facts)
        iep.environment_code = rules.environment_code(
            setting=iep.setting, early_childhood=early, week_minutes=iep.school_week_minutes,
            outside_minutes=iep.minutes_outside_regular_class, ec_program_hours=iep.ec_program_hours_per_week,
            ec_services_in_program=iep.ec_services_in_program)
        apart = iep.setting not in {IEP.Setting.REGULAR_SCHOOL, IEP.Setting.EC_REGULAR_PROGRAM} or any(
            s.location != "regular_class" for s in services)
        if apart:
            name = student.preferred_name or student.first_name
            minutes = iep.minutes_outside_regular_class
            iep.nonparticipation_explanation = {
                IEP.Setting.SEPARATE_SCHOOL: f"{name} attends a separate day school for intensive therapeutic and "
                                             "academic support that the team could not provide in the home school.",
                IEP.Setting.HOMEBOUND: f"{name} receives instruction at home on a physician's order during a "
                                       "medical recovery; return to school is reviewed each month.",
                IEP.Setting.EC_SEPARATE_CLASS: f"{name} attends a special-education preschool class for intensive "
                                               "language and social instruction.",
                IEP.Setting.EC_HOME: f"{name}'s services are delivered at home, where the family can take part.",
            }.get(iep.setting, f"{name} is out of the general education classroom {minutes} minutes a week for "
                               "specially designed instruction and related services that need a small-group or "
                               "individual setting; the rest of the day is with non-disabled peers.")

    # ------------------------------------------------------------------------------------------ write
    def _write(self, batch: _Batch) -> None:
        if not batch.ieps:
            return
        for model, rows in ((IEP, batch.ieps), (Goal, batch.goals), (Service, batch.services),
                            (Accommodation, batch.accommodations)):
            for row, pk in zip(rows, reserve_ids(model, len(rows)), strict=True):
                row.pk = pk
        objectives_by_goal = {g.pk: batch.objectives.get(id(g), []) for g in batch.goals}
        for iep in batch.ieps:
            if iep.status == IEP.Status.DRAFT:
                continue
            view, school_name, goals, services, accommodations = batch.parts[id(iep)]
            iep.snapshot = iep_services.snapshot_from(iep, view, school_name, goals, objectives_by_goal, services,
                                                      accommodations)
            iep.content_hash = iep_services.content_hash(iep.snapshot)
        insert_objects(Consent, batch.consents, now=self.now)
        insert_objects(IEP, batch.ieps, now=self.now, keep_pks=True)
        insert_rows(Goal, [r.values() for r in batch.goals], now=self.now, keep_pks=True)
        insert_rows(Objective, [o.values() for g in batch.goals for o in batch.objectives.get(id(g), [])],
                    now=self.now)
        insert_rows(Service, [r.values() for r in batch.services], now=self.now, keep_pks=True)
        insert_rows(Accommodation, [r.values() for r in batch.accommodations], now=self.now, keep_pks=True)
        for signature in batch.signatures:
            signature["document_hash"] = signature["iep"].content_hash
        insert_rows(Signature, batch.signatures, now=self.now)
        insert_rows(ConsentAttempt, batch.attempts, now=self.now)
        for iep in batch.ieps:
            if iep.status == IEP.Status.IN_EFFECT:
                self.stats[f"IEPs in effect: environment {iep.environment_code}"] += 1
        counts = self.b.counts
        counts["consents (initial services)"] += len(batch.consents)
        counts["IEPs"] += len(batch.ieps)
        counts["IEP goals"] += len(batch.goals)
        counts["IEP objectives"] += sum(len(v) for v in batch.objectives.values())
        counts["IEP services"] += len(batch.services)
        counts["IEP accommodations"] += len(batch.accommodations)
        counts["IEP signatures"] += len(batch.signatures)
        counts["consent attempts (initial services)"] += len(batch.attempts)


def seed_ieps(builder: _Builder) -> Counter[str]:
    """The IEPs of the district's eligible students (see the module docstring); called once by the seed.
    Returns the shares for the README: IEPs by status, environments in effect, overdue reviews seeded."""
    seeder = IEPSeeder(builder)
    seeder.run()
    return seeder.stats
