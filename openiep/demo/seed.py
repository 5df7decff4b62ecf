"""A realistic synthetic district for demos, tests and benchmarks: ``openiep seed --students N``.

Everything is drawn from one ``random.Random(seed)``, so a seed (and day) gives the same district on
every run. Rows are written in bulk (multi-row INSERTs, ``openiep.demo.rows``), a few schools at a time,
so 100,000 students take minutes, not hours, and memory stays flat.

A share of the students have a case at each stage of steps 1-4 (``openiep.demo.cases``): concerns with
interventions and progress data, referrals, Prior Written Notices, consents and the attempts to get them,
evaluations by area, eligibility decisions with the team's votes. The district gets a school calendar
(``openiep.demo.calendar``), then every deadline is computed once with the compliance service.

Seeding writes no django-simple-history rows: bulk inserts send no signals, which is what we want for synthetic data (a real district's history starts with its first real change, and a
seeded "created by the seed" row per record would only double the write time).
"""

from __future__ import annotations

import math
import random
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import accumulate

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone
from tqdm import tqdm

from openiep.compliance import services as compliance_services
from openiep.compliance.calendars import parse_ics
from openiep.compliance.models import CalendarUpload, Deadline
from openiep.demo import calendar as school_calendar
from openiep.demo import names as N
from openiep.demo.cases import (
    EVALUATION_STAGES,
    Around,
    CasePlan,
    CaseWriter,
    Stage,
    draw_stage,
    plan_case,
    widen,
)
from openiep.demo.ieps import seed_ieps
from openiep.demo.implementation import seed_delivery
from openiep.demo.meetings import seed_meetings
from openiep.demo.rows import insert_objects, insert_rows
from openiep.eligibility.models import EligibilityDetermination, EligibilityVote
from openiep.evaluations.models import Evaluation, EvaluationArea
from openiep.people.models import (
    AdvocateGrant,
    District,
    Guardian,
    Guardianship,
    School,
    SchoolYear,
    Section,
    SectionEnrollment,
    Student,
    TeamMembership,
    User,
)
from openiep.people.services import race_ethnicity_of
from openiep.prereferral.models import Accommodation, Concern, DataPoint, Intervention, Review
from openiep.referrals.models import AreaOfConcern, Consent, ConsentAttempt, PriorWrittenNotice, Referral

DEMO_PASSWORD = "openiep-demo-2026"  # noqa: S105 - published on purpose: it opens a synthetic district only
DEFAULT_DISTRICT = "Riverside Unified School District"
DEMO_SCHOOL = "Lincoln Elementary School"
BATCH_SIZE = 5_000
STUDENTS_PER_SCHOOL = 500
MIN_STUDENTS = 30

Role = User.Role
TeamRole = TeamMembership.TeamRole
Discipline = User.Discipline
Rel = Guardianship.Relationship

# The demo accounts, in the order the README lists them; the seed prints what each one sees.
DEMO_USERNAMES = (
    "districtadmin", "schooladmin", "casemanager", "spedteacher", "genedteacher", "provider", "psychologist",
    "evaluator", "auditor", "parent", "padre", "advocate",
)

GRADE_WEIGHT = {  # identification rises through the elementary years and tails off in high school
    "KG": 0.6, "01": 0.8, "02": 0.9, "03": 1.0, "04": 1.05, "05": 1.05, "06": 1.05, "07": 1.0, "08": 1.0,
    "09": 1.0, "10": 0.95, "11": 0.9, "12": 0.85,
}
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "elementary": ("Elementary School", ("KG", "01", "02", "03", "04", "05")),
    "middle": ("Middle School", ("06", "07", "08")),
    "high": ("High School", ("09", "10", "11", "12")),
}
COURSES = {  # what a student with an IEP takes in general education, by grade (middle and high school)
    "06": ("English 6", "Math 6", "Science 6", "Social Studies 6"),
    "07": ("English 7", "Math 7", "Science 7", "Social Studies 7"),
    "08": ("English 8", "Pre-Algebra", "Science 8", "U.S. History 8"),
    "09": ("English 9", "Algebra I", "Biology", "World History"),
    "10": ("English 10", "Geometry", "Chemistry", "U.S. History"),
    "11": ("English 11", "Algebra II", "Physics", "American Government"),
    "12": ("English 12", "Precalculus", "Environmental Science", "Economics"),
}
SUBJECTS = ("English", "Mathematics", "Science", "Social Studies")

# Related services: how often each is on the IEP by kind of school, and a provider's caseload.
SERVICES: dict[str, tuple[str, str, dict[str, float], int]] = {
    Discipline.SPEECH_LANGUAGE: (TeamRole.PROVIDER, "Speech-Language Pathologist",
                                 {"elementary": 0.55, "middle": 0.30, "high": 0.15}, 55),
    Discipline.OCCUPATIONAL_THERAPY: (TeamRole.PROVIDER, "Occupational Therapist",
                                      {"elementary": 0.18, "middle": 0.08, "high": 0.05}, 45),
    Discipline.PHYSICAL_THERAPY: (TeamRole.PROVIDER, "Physical Therapist",
                                  {"elementary": 0.05, "middle": 0.04, "high": 0.03}, 35),
    Discipline.COUNSELING: (TeamRole.PROVIDER, "School Counselor",
                            {"elementary": 0.10, "middle": 0.20, "high": 0.25}, 60),
    Discipline.SCHOOL_PSYCHOLOGY: (TeamRole.SCHOOL_PSYCHOLOGIST, "School Psychologist",
                                   {"elementary": 0.5, "middle": 0.5, "high": 0.45}, 90),
}
EVALUATOR_CASELOAD = 50
DEMO_CASELOAD = 15  # the demo case manager's caseload: the first fifteen students of the demo school
RIGHTS_AGE = {"AL": 19, "NE": 19, "MS": 21}  # age of majority for the transfer of rights; 18 elsewhere


@dataclass(frozen=True)
class Origin:
    """A family background: names, federal race/ethnicity answers and home languages go together."""

    key: str
    weight: float
    female: tuple[str, ...]
    male: tuple[str, ...]
    last: tuple[str, ...]
    hispanic: bool
    races: tuple[tuple[tuple[str, ...], float], ...]
    languages: tuple[tuple[str, float], ...] = (("en", 1.0),)
    american_first_names: float = 0.0  # children of immigrant families often get American first names


def _o(key: str, weight: float, female, male, last, *, hispanic=False, races=(), languages=(("en", 1.0),),
       american=0.0) -> Origin:
    return Origin(key, weight, tuple(female), tuple(male), tuple(last), hispanic, tuple(races),
                  tuple(languages), american)


ORIGINS: tuple[Origin, ...] = (
    _o("hispanic", 0.29, N.HISPANIC_FEMALE, N.HISPANIC_MALE, N.HISPANIC_LAST, hispanic=True,
       races=((("white",), 0.55), ((), 0.30), (("black",), 0.04), (("american_indian",), 0.06),
              (("white", "american_indian"), 0.05)),
       languages=(("es", 0.9), ("en", 0.1)), american=0.15),
    _o("white", 0.40, N.GENERAL_FEMALE, N.GENERAL_MALE, N.WHITE_LAST, races=((("white",), 1.0),)),
    _o("slavic", 0.01, N.SLAVIC_FEMALE, N.SLAVIC_MALE, N.SLAVIC_LAST, races=((("white",), 1.0),),
       languages=(("uk", 0.45), ("ru", 0.40), ("en", 0.15)), american=0.2),
    # The 1997 federal standard reports Middle Eastern and North African families as White.
    _o("arab", 0.015, N.ARABIC_FEMALE, N.ARABIC_MALE, N.ARABIC_LAST, races=((("white",), 1.0),),
       languages=(("ar", 0.75), ("en", 0.25)), american=0.1),
    _o("black", 0.13, N.BLACK_FEMALE + N.GENERAL_FEMALE, N.BLACK_MALE + N.GENERAL_MALE, N.BLACK_LAST,
       races=((("black",), 1.0),)),
    _o("haitian", 0.01, N.HAITIAN_FIRST, N.HAITIAN_FIRST, N.HAITIAN_LAST, races=((("black",), 1.0),),
       languages=(("ht", 0.6), ("fr", 0.1), ("en", 0.3)), american=0.3),
    _o("somali", 0.01, N.SOMALI_FIRST, N.SOMALI_FIRST, N.SOMALI_LAST, races=((("black",), 1.0),),
       languages=(("so", 0.8), ("en", 0.2)), american=0.05),
    _o("vietnamese", 0.015, N.VIETNAMESE_FIRST, N.VIETNAMESE_FIRST, N.VIETNAMESE_LAST, races=((("asian",), 1.0),),
       languages=(("vi", 0.7), ("en", 0.3)), american=0.4),
    _o("chinese", 0.015, N.CHINESE_FIRST, N.CHINESE_FIRST, N.CHINESE_LAST, races=((("asian",), 1.0),),
       languages=(("zh", 0.65), ("en", 0.35)), american=0.4),
    _o("korean", 0.005, N.KOREAN_FIRST, N.KOREAN_FIRST, N.KOREAN_LAST, races=((("asian",), 1.0),),
       languages=(("ko", 0.5), ("en", 0.5)), american=0.4),
    _o("south_asian", 0.012, N.SOUTH_ASIAN_FIRST, N.SOUTH_ASIAN_FIRST, N.SOUTH_ASIAN_LAST,
       races=((("asian",), 1.0),), languages=(("ur", 0.2), ("pa", 0.15), ("bn", 0.15), ("en", 0.5)), american=0.2),
    _o("filipino", 0.008, N.FILIPINO_FIRST, N.FILIPINO_FIRST, N.FILIPINO_LAST, races=((("asian",), 1.0),),
       languages=(("tl", 0.35), ("en", 0.65)), american=0.3),
    _o("hmong", 0.004, N.HMONG_FIRST, N.HMONG_FIRST, N.HMONG_LAST, races=((("asian",), 1.0),),
       languages=(("hmn", 0.6), ("en", 0.4)), american=0.3),
    _o("native", 0.01, N.GENERAL_FEMALE, N.GENERAL_MALE, N.NATIVE_LAST, races=((("american_indian",), 1.0),)),
    _o("pacific", 0.004, N.PACIFIC_FIRST, N.PACIFIC_FIRST, N.PACIFIC_LAST,
       races=((("pacific_islander",), 1.0),), american=0.3),
    _o("multiracial", 0.045, N.GENERAL_FEMALE + N.BLACK_FEMALE, N.GENERAL_MALE + N.BLACK_MALE,
       N.WHITE_LAST + N.BLACK_LAST,
       races=((("white", "black"), 0.5), (("white", "asian"), 0.25), (("black", "american_indian"), 0.1),
              (("white", "american_indian"), 0.15))),
)
ORIGIN_BY_KEY = {o.key: o for o in ORIGINS}
FAMILY_WEIGHTS = list(accumulate(o.weight for o in ORIGINS))  # cumulative: faster choices()
# Educators are less diverse than their students; the mix follows national teacher surveys roughly.
STAFF_WEIGHTS = [{"white": 0.72, "hispanic": 0.10, "black": 0.09, "chinese": 0.01, "vietnamese": 0.01,
                  "south_asian": 0.015, "korean": 0.005, "filipino": 0.01, "arab": 0.01, "slavic": 0.01,
                  "native": 0.01}.get(o.key, 0.0) for o in ORIGINS]
STAFF_WEIGHTS = list(accumulate(STAFF_WEIGHTS))


# Parents before children: each parent's primary key is filled in before its children are written.
WRITE_ORDER: tuple[type[models.Model], ...] = (
    User, Student, Guardian, Section, AdvocateGrant, Referral, Concern, Intervention, PriorWrittenNotice, Consent,
    Evaluation, EligibilityDetermination,
)
# Then the rows nothing points to, as plain dicts rather than model instances: most of the volume.
ROW_ORDER: tuple[type[models.Model], ...] = (
    Guardianship, SectionEnrollment, TeamMembership, DataPoint, Accommodation, Review, ConsentAttempt,
    EvaluationArea, EligibilityVote,
)

# The demo case manager's caseload: the demo children, the general-education teacher's pre-referral student,
# then one student at each of these stages (the evaluation one overdue) and two more eligible.
DEMO_CASELOAD_STAGES: tuple[tuple[Stage, dict], ...] = (
    (Stage.REFERRED, {"overdue": False}),
    (Stage.CONSENT_DECLINED, {"declined": "refused"}),
    (Stage.CONSENT_DECLINED, {"declined": "no_response"}),
    (Stage.EVALUATING, {"overdue": True}),
    (Stage.EVALUATED, {"overdue": False}),
    (Stage.NOT_ELIGIBLE, {}),
    (Stage.REFUSED, {}),
    (Stage.ELIGIBLE, {}),
    (Stage.ELIGIBLE, {}),
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    name: str
    summary: str


@dataclass
class SeedResult:
    district: District
    counts: dict[str, int]
    seconds: float
    demo_accounts: list[DemoAccount]
    stages: dict[str, int] = field(default_factory=dict)  # Stage value -> students
    deadline_seconds: float = 0.0  # the deadlines_recompute part of ``seconds``
    deadline_students: int = 0
    deadlines: int = 0
    overdue: int = 0
    deadline_failures: int = 0


def ascii_slug(text: str) -> str:
    """Letters and digits only, accents dropped: "Peña-Ruíz" -> "penaruiz" (for usernames and emails)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def school_year_start(today: date) -> date:
    """First day of the school year in progress (classes start on 20 August in the synthetic district)."""
    start = date(today.year, 8, 20)
    return start if today >= start else date(today.year - 1, 8, 20)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year: the birthday falls on 1 March
        return date(day.year + years, 3, 1)


@dataclass
class _Pool:
    """Staff who serve students across schools until their caseload is full, then the next one is hired."""

    make: Callable[[School], User]
    capacity: int
    current: User | None = None
    left: int = 0

    def take(self, school: School) -> User:
        if self.current is None or self.left <= 0:
            self.current = self.make(school)
            self.left = self.capacity
        self.left -= 1
        return self.current


@dataclass
class _DemoPicks:
    """The records the demo accounts are built around, all at the first (demo) school."""

    kids: list[Student] = field(default_factory=list)  # the parent's two children, then padre's child
    parent_user: User | None = None
    padre_user: User | None = None
    users: dict[str, User] = field(default_factory=dict)
    homeroom: Section | None = None
    homeroom_size: int = 0
    homeroom_students: list[Student] = field(default_factory=list)
    caseload: list[tuple[Student, Stage]] = field(default_factory=list)  # the demo case manager's, in order
    concern_student: Student | None = None  # genedteacher's student with an open pre-referral concern


@dataclass
class _SchoolPeople:
    """Who is around each student of the school being built (keyed by id(student) while it is alive)."""

    teams: dict[int, dict[str, User]] = field(default_factory=lambda: defaultdict(dict))
    teachers: dict[int, list[tuple[str, User]]] = field(default_factory=lambda: defaultdict(list))
    holders: dict[int, list[Guardian]] = field(default_factory=dict)
    settled: dict[int, bool] = field(default_factory=dict)  # started kindergarten in the district
    plans: dict[int, CasePlan] = field(default_factory=dict)


class _Builder:
    def __init__(self, *, students: int, seed: int, state: str, district_name: str, today: date, now: datetime,
                 batch_size: int, progress: bool) -> None:
        self.n = students
        self.rng = random.Random(seed)
        self.state = state
        self.district_name = district_name
        self.today = today
        self.now = now
        self.year_start = school_year_start(today)
        self.batch_size = batch_size
        self.progress = progress
        self.rights_age = RIGHTS_AGE.get(state, 18)
        # One hash for every account: hashing each of tens of thousands of passwords would take an hour.
        self.password = make_password(DEMO_PASSWORD)
        self.taken = set(User.objects.values_list("username", flat=True)) | set(DEMO_USERNAMES)
        self.next_suffix: dict[str, int] = defaultdict(int)
        self.state_ids: set[str] = set()
        self.local_seq = 0
        self.email_seq = 0
        self.pending: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        self.rows: dict[type[models.Model], list[dict]] = defaultdict(list)
        self.counts: Counter[str] = Counter()
        self.served: Counter[int] = Counter()  # id(user) -> students served (only read for demo accounts)
        self.demo = _DemoPicks()
        self.district: District | None = None
        self.people = _SchoolPeople()  # replaced for each school
        self.writer = CaseWriter(self.rng, self._add, self._row, today=today, district_name=district_name)
        self.deadline_report: compliance_services.RecomputeReport | None = None
        self.deadline_seconds = 0.0

    # ---------------------------------------------------------------- people
    def _pick_origin(self, cum_weights: Sequence[float]) -> Origin:
        return self.rng.choices(ORIGINS, cum_weights=cum_weights)[0]

    def _username(self, first: str, last: str) -> str:
        base = (ascii_slug(first)[:1] + ascii_slug(last))[:20] or "user"
        while True:
            self.next_suffix[base] += 1
            n = self.next_suffix[base]
            name = base if n == 1 else f"{base}{n}"
            if name not in self.taken:
                self.taken.add(name)
                return name

    def _staff(self, role: str, school: School | None, title: str, discipline: str = "") -> User:
        origin = self._pick_origin(STAFF_WEIGHTS)
        female = self.rng.random() < 0.76  # three in four US teachers are women
        first = self.rng.choice(origin.female if female else origin.male)
        last = self.rng.choice(origin.last)
        username = self._username(first, last)
        user = User(
            username=username, first_name=first, last_name=last, email=f"{username}@riverside.example.org",
            role=role, discipline=discipline, district=self.district, school=school, title=title,
            password=self.password, is_active=True,
        )
        self._add(user)
        return user

    def _email(self, first: str, last: str) -> str:
        self.email_seq += 1
        domain = self.rng.choice(("example.com", "example.net", "example.org"))
        return f"{ascii_slug(first)}.{ascii_slug(last)}{self.email_seq}@{domain}"

    def _phone(self) -> str:
        # 555-0100..0199 are the numbers reserved for fiction.
        return f"({self.rng.choice(('614', '740', '937', '330', '216', '419'))}) 555-01{self.rng.randrange(100):02d}"

    def _address(self) -> str:
        r = self.rng
        street = f"{r.randrange(10, 9900)} {r.choice(N.STREETS)} {r.choice(N.STREET_KINDS)}"
        return f"{street}\n{r.choice(N.CITIES)}, {self.state} {r.randrange(10000, 99999):05d}"

    def _date_between(self, start: date, end: date) -> date:
        if end <= start:
            return start
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    # ---------------------------------------------------------------- writing
    def _add(self, obj: models.Model) -> None:
        self.pending[type(obj)].append(obj)

    def _row(self, model: type[models.Model], **values) -> None:
        self.rows[model].append(values)

    def flush(self) -> None:
        """Write what is pending, parents before children, with multi-row INSERTs (``openiep.demo.rows``).

        No signals are sent, so no simple-history rows are written: intended for synthetic data (see the
        module docstring).
        """
        for model in WRITE_ORDER:
            objs = self.pending.pop(model, [])
            if objs:
                insert_objects(model, objs, now=self.now)
                self.counts[model._meta.verbose_name_plural] += len(objs)
        for model in ROW_ORDER:
            rows = self.rows.pop(model, [])
            if rows:
                insert_rows(model, rows, now=self.now)
                self.counts[model._meta.verbose_name_plural] += len(rows)
        assert not self.pending and not self.rows, f"unflushed models: {list(self.pending) + list(self.rows)}"

    # ---------------------------------------------------------------- district
    def build(self) -> None:
        self.district = District.objects.create(name=self.district_name, state=self.state)
        y = self.year_start.year
        SchoolYear.objects.bulk_create([
            SchoolYear(district=self.district, name=f"{year}-{(year + 1) % 100:02d}",
                       start_date=school_calendar.first_day(year), end_date=school_calendar.last_day(year))
            for year in (y - 1, y)
        ])
        plan = self._plan_schools()
        schools = School.objects.bulk_create([School(district=self.district, name=name) for name, _, _ in plan])
        self.counts["schools"] = len(schools)

        leaders = {"districtadmin": self._staff(Role.DISTRICT_ADMIN, None, "Director of Special Education"),
                   "auditor": self._staff(Role.AUDITOR, None, "State Compliance Monitor")}
        for _ in range(self.n // 25_000):  # a large district has a few more administrators at the centre
            self._staff(Role.DISTRICT_ADMIN, None, "Special Education Coordinator")
        self.demo.users.update(leaders)

        self.pools = {
            discipline: _Pool(
                make=lambda school, d=discipline, t=title: self._staff(Role.PROVIDER, school, t, discipline=d),
                capacity=caseload,
            )
            for discipline, (_, title, _, caseload) in SERVICES.items()
        }
        self.evaluators = _Pool(make=lambda school: self._staff(Role.EVALUATOR, school, "Evaluation Specialist"),
                                capacity=EVALUATOR_CASELOAD)

        bar = tqdm(total=self.n, unit="student", desc="Seeding", file=sys.stderr, disable=not self.progress,
                   smoothing=0.1)
        pending_students = 0
        for index, (school, (_, kind, size)) in enumerate(zip(schools, plan, strict=True)):
            self._school(school, kind, size, demo=index == 0)
            pending_students += size
            if pending_students >= self.batch_size:
                self.flush()
                pending_students = 0
            bar.update(size)
        self.flush()
        bar.close()
        self._calendar(leaders["districtadmin"])
        seed_meetings(self)  # step 5: the IEP meetings held and scheduled …
        self.iep_stats = seed_ieps(self)  # … and an IEP for each meeting held, before the deadlines read them
        # Step 6: a school term of services delivered and progress data on those IEPs.
        self.counts.update(seed_delivery(district=self.district, today=self.today, now=self.now,
                                         progress=self.progress, add_ieps=False))
        self._deadlines()
        self._family_demo()

    def _family_demo(self) -> None:
        """A few safeguards records and the demo parents' pending consent (openiep.demo.family)."""
        from openiep.demo.family import seed_family_demo

        self.counts["safeguards and family records"] += seed_family_demo(
            kids=self.demo.kids, parent=self.demo.parent_user, padre=self.demo.padre_user,
            case_manager=self.demo.users["casemanager"], caseload=[s for s, _ in self.demo.caseload],
            today=self.today, year_start=self.year_start,
        )

    def _calendar(self, actor: User) -> None:
        """The district's school calendar for last year and this one, as the calendar page would store it."""
        y = self.year_start.year
        ics = school_calendar.district_ics(self.district_name, (y - 1, y))
        name = f"{ascii_slug(self.district_name)[:40]}-calendar-{y - 1}-{(y + 1) % 100:02d}.ics"
        parsed = parse_ics(ics, name=name)
        CalendarUpload.objects.create(district=self.district, name=name, ics=ics,
                                      summary=parsed.description[:300], uploaded_by=actor)
        self.counts["calendar uploads"] += 1

    def _deadlines(self) -> None:
        """Every deadline of every student with a referral or an eligibility decision, computed once."""
        ids = list(
            Student.objects.filter(district=self.district)
            .filter(models.Q(referrals__isnull=False) | models.Q(eligibility_determinations__isnull=False))
            .values_list("pk", flat=True).distinct()
        )
        started = time.perf_counter()
        with tqdm(total=len(ids), unit="student", desc="Deadlines", file=sys.stderr, disable=not self.progress,
                  smoothing=0.1) as bar:
            self.deadline_report = compliance_services.deadlines_recompute(
                student_ids=ids, strict=False, progress=bar.update)
        self.deadline_seconds = time.perf_counter() - started
        self.counts["deadlines"] += self.deadline_report.deadlines

    def _plan_schools(self) -> list[tuple[str, str, int]]:
        """(name, kind, number of students) for each school: about one school per 500 students, at least 3."""
        r = self.rng
        count = max(3, round(self.n / STUDENTS_PER_SCHOOL))
        band = {kind: sum(GRADE_WEIGHT[g] for g in grades) for kind, (_, grades) in KINDS.items()}
        total = sum(band.values())
        n_mid = max(1, round(count * band["middle"] / total))
        n_high = max(1, round(count * band["high"] / total))
        n_elem = max(1, count - n_mid - n_high)
        per_kind = {"middle": round(self.n * band["middle"] / total), "high": round(self.n * band["high"] / total)}
        per_kind["elementary"] = self.n - per_kind["middle"] - per_kind["high"]
        stems = [s for s in N.SCHOOL_NAMES if s != "Lincoln"]
        plan: list[tuple[str, str, int]] = []
        for kind, how_many in (("elementary", n_elem), ("middle", n_mid), ("high", n_high)):
            suffix = KINDS[kind][0]
            names = r.sample(stems, len(stems))
            chosen = []
            for i in range(how_many):
                stem = names[i % len(names)]
                prefix = ("", "North ", "South ", "East ", "West ", "Upper ", "Lower ")[i // len(names) % 7]
                extra = f" {i // (len(names) * 7) + 1}" if i >= len(names) * 7 else ""
                chosen.append(f"{prefix}{stem}{extra} {suffix}")
            if kind == "elementary":
                chosen[0] = DEMO_SCHOOL
            sizes = self._split(per_kind[kind], how_many)
            plan.extend((name, kind, size) for name, size in zip(chosen, sizes, strict=True))
        return plan

    def _split(self, total: int, parts: int) -> list[int]:
        """``total`` students over ``parts`` schools of uneven size (±20%), summing exactly."""
        weights = [self.rng.uniform(0.8, 1.2) for _ in range(parts)]
        scale = total / sum(weights)
        sizes = [math.floor(w * scale) for w in weights]
        for i in range(total - sum(sizes)):
            sizes[i % parts] += 1
        return sizes

    # ---------------------------------------------------------------- one school
    def _school(self, school: School, kind: str, size: int, *, demo: bool) -> None:
        r = self.rng
        self.people = _SchoolPeople()
        grades = KINDS[kind][1]
        weights = [GRADE_WEIGHT[g] for g in grades]
        admin = self._staff(Role.SCHOOL_ADMIN, school, "Principal")
        students: list[Student] = []
        if demo:
            self.demo.users["schooladmin"] = admin
            self.demo.kids = self._family(school, grades, weights, size, origin=ORIGIN_BY_KEY["white"],
                                          language="en", kids=2, account="parent")
            self.demo.kids += self._family(school, grades, weights, size - 2, origin=ORIGIN_BY_KEY["hispanic"],
                                           language="es", kids=1, account="padre")
            students.extend(self.demo.kids)
        while len(students) < size:
            students.extend(self._family(school, grades, weights, size - len(students)))

        # Caseloads: the demo children first, so they share the first case manager.
        rest = students[len(self.demo.kids):] if demo else students[:]
        r.shuffle(rest)
        order = (self.demo.kids + rest) if demo else rest
        if kind == "elementary":
            self._homerooms(school, order, self.demo.kids[0] if demo else None)
        else:
            self._courses(school, order)
        if demo:
            # The general-education teacher's student with a pre-referral concern joins the demo caseload.
            mate = next((s for s in self.demo.homeroom_students if all(s is not k for k in self.demo.kids)), None)
            if mate is not None:
                order.remove(mate)
                order.insert(len(self.demo.kids), mate)
                self.demo.concern_student = mate
        self._plan_cases(order, demo=demo)
        self._case_managers(school, order, demo=demo)
        self._sped_teachers(school, order)
        self._services(school, kind, order)
        self._write_cases(school, admin, order)
        if demo:
            self._demo_accounts(school)

    # ---------------------------------------------------------------- cases (steps 1-4)
    def _plan(self, student: Student, stage: Stage, **options) -> CasePlan:
        return plan_case(self.rng, stage, today=self.today, dob=student.date_of_birth, enrolled_on=student.enrolled_on,
                         settled=self.people.settled[id(student)], english_learner=student.english_learner, **options)

    def _plan_cases(self, order: list[Student], *, demo: bool) -> None:
        """Each student's stage and dates; at the demo school, the demo caseload gets one student per stage."""
        plans = self.people.plans
        if demo:
            kids = self.demo.kids
            wanted = [(kids[0], Stage.ELIGIBLE, {}), (kids[1], Stage.CONSENT_REQUESTED, {}),
                      (kids[2], Stage.EVALUATING, {"overdue": False})]
            if self.demo.concern_student is not None:
                wanted.append((self.demo.concern_student, Stage.PREREFERRAL, {}))
            for student, stage, options in wanted:
                plans[id(student)] = self._plan(student, stage, demo=True, **options)
            candidates = [s for s in order[:DEMO_CASELOAD] if id(s) not in plans]
            for stage, options in DEMO_CASELOAD_STAGES:
                for student in candidates:
                    plan = self._plan(student, stage, demo=True, **options)
                    if plan.stage is stage:
                        plans[id(student)] = plan
                        candidates.remove(student)
                        break
            for plan in plans.values():
                if plan.stage is Stage.EVALUATING:  # open areas for both the evaluator and the psychologist
                    widen(plan, AreaOfConcern.COGNITIVE, AreaOfConcern.ACADEMIC_READING)
        for student in order:
            if id(student) not in plans:
                plans[id(student)] = self._plan(student, draw_stage(self.rng))
        if demo:
            self.demo.caseload = [(s, plans[id(s)].stage) for s in order[:DEMO_CASELOAD]]

    def _teacher_for(self, student: Student, plan: CasePlan) -> User | None:
        """The general-education teacher who would raise a concern: the homeroom's, or the subject's."""
        teachers = self.people.teachers.get(id(student), [])
        if not teachers:
            return None
        wanted = ("Mathematics",) if AreaOfConcern.ACADEMIC_MATH in plan.areas[:1] else ("English",)
        for _, teacher in teachers:
            if teacher.title.startswith(wanted):
                return teacher
        return teachers[0][1]

    def _any_staff(self, school: School, discipline: str) -> User:
        """Someone in the district who does this (for areas evaluated before the current team was formed)."""
        pool = self.evaluators if discipline == "evaluator" else self.pools[discipline]
        return pool.current if pool.current is not None else pool.take(school)

    def _write_cases(self, school: School, principal: User, order: list[Student]) -> None:
        people = self.people
        for student in order:
            plan = people.plans[id(student)]
            if plan.stage is Stage.NONE:
                self.writer.stages[Stage.NONE] += 1
                continue
            team = people.teams[id(student)]
            self.writer.write(Around(
                student=student, school_name=school.name, case_manager=team["case_manager"], principal=principal,
                teacher=self._teacher_for(student, plan), team=team, holders=people.holders[id(student)],
                staff_for=lambda discipline, s=school: self._any_staff(s, discipline),
            ), plan)

    def _family(self, school: School, grades: Sequence[str], weights: Sequence[float], room: int, *,
                origin: Origin | None = None, language: str | None = None, kids: int | None = None,
                account: str | None = None) -> list[Student]:
        """A household: one to three children at this school and the one or two adults who hold their rights."""
        r = self.rng
        origin = origin or self._pick_origin(FAMILY_WEIGHTS)
        last = r.choice(origin.last)
        if language is None:
            language = r.choices([c for c, _ in origin.languages], [w for _, w in origin.languages])[0]
            if r.random() < 0.002:
                language = "ase"  # a Deaf family signing at home
        races = r.choices([k for k, _ in origin.races], [w for _, w in origin.races])[0]
        unreported = account is None and r.random() < 0.01  # missing race data, for reports to flag
        n_kids = kids or min(room, r.choices((1, 2, 3), (82, 15, 3))[0])
        children = [self._student(school, origin, last, language, races, unreported,
                                  r.choices(grades, weights)[0], settled=account is not None) for _ in range(n_kids)]
        adults = self._adults(origin, last, language, account)
        holders = [guardian for guardian, link in adults if link["holds_educational_rights"]]
        for guardian, link in adults:
            for child in children:
                self._row(Guardianship, student=child, guardian=guardian, **link)
        for child in children:
            self.people.holders[id(child)] = holders
        return children

    def _adults(self, origin: Origin, last: str, language: str, account: str | None):
        """The family's adults with how each is linked (relationship, rights, residence)."""
        r = self.rng
        roll = r.random()
        if account:  # the demo families: two parents, both holding the rights
            roll, two = 1.0, True
        else:
            two = r.random() < 0.58
        adults: list[tuple[Guardian, dict]] = []

        def link(relationship: str, **extra) -> dict:
            base = {"relationship": relationship, "holds_educational_rights": True, "is_surrogate": False,
                    "has_record_access": True, "lives_with_student": True, "emergency_contact": False}
            base.update(extra)
            return base

        outsider = ORIGIN_BY_KEY["white"] if r.random() < 0.6 else self._pick_origin(FAMILY_WEIGHTS)
        if roll < 0.005:
            # A child in state custody: the foster parent lives with the child, a surrogate makes the decisions.
            adults.append((self._guardian(outsider, r.choice(outsider.last), "en", female=True),
                           link(Rel.FOSTER_PARENT, holds_educational_rights=False, emergency_contact=True)))
            adults.append((self._guardian(ORIGIN_BY_KEY["white"], r.choice(N.WHITE_LAST), "en",
                                          female=r.random() < 0.7),
                           link(Rel.SURROGATE, is_surrogate=True, lives_with_student=False)))
            return adults
        if roll < 0.025:
            adults.append((self._guardian(outsider, r.choice(outsider.last), "en", female=r.random() < 0.8),
                           link(Rel.FOSTER_PARENT, emergency_contact=True)))
            return adults
        if roll < 0.07:
            adults.append((self._guardian(origin, last if r.random() < 0.6 else r.choice(origin.last), language,
                                          female=r.random() < 0.75, elder=True),
                           link(Rel.GRANDPARENT, emergency_contact=True)))
            return adults
        if roll < 0.085:
            adults.append((self._guardian(origin, r.choice(origin.last), language, female=r.random() < 0.6),
                           link(Rel.LEGAL_GUARDIAN, emergency_contact=True)))
            return adults

        first_is_mother = account != "padre" and (account == "parent" or r.random() < 0.88)
        mother_last = last if (r.random() < (0.5 if origin.hispanic else 0.85)) else r.choice(origin.last)
        p1_last = mother_last if first_is_mother else last
        primary = self._guardian(origin, p1_last, language, female=first_is_mother, account=account)
        adults.append((primary, link(Rel.MOTHER if first_is_mother else Rel.FATHER, emergency_contact=True)))
        if two:
            same_sex = account is None and r.random() < 0.04
            female = first_is_mother if same_sex else not first_is_mother
            relationship = Rel.PARENT if same_sex else (Rel.MOTHER if female else Rel.FATHER)
            second = self._guardian(origin, mother_last if female and not same_sex else last, language,
                                    female=female, secondary=True)
            apart = account is None and r.random() < 0.3
            no_access = apart and r.random() < 0.04  # a court order limits this parent's rights (FERPA 99.4)
            adults.append((second, link(relationship, lives_with_student=not apart,
                                        holds_educational_rights=not no_access, has_record_access=not no_access)))
        return adults

    def _guardian(self, origin: Origin, last: str, language: str, *, female: bool, elder: bool = False,
                  secondary: bool = False, account: str | None = None) -> Guardian:
        r = self.rng
        first = r.choice(origin.female if female else origin.male)
        if language == "en":
            preferred = "en"
        elif language == "ase":
            preferred = "ase"
        else:
            # Most parents in a non-English-speaking home want meetings and papers in that language.
            preferred = language if r.random() < (0.88 if secondary else 0.96) else "en"
        if account == "padre":
            preferred = "es"
        needs_interpreter = preferred != "en" and (preferred == "ase" or r.random() < 0.65 or account == "padre")
        email = self._email(first, last) if (account or r.random() < (0.7 if elder else 0.85)) else ""
        guardian = Guardian(
            district=self.district, first_name=first, last_name=last, email=email,
            phone=self._phone() if r.random() < 0.96 else "", address=self._address(),
            preferred_language=preferred, needs_interpreter=needs_interpreter,
        )
        if account or (email and r.random() < 0.22):  # about one parent in five has signed up for the portal
            user = User(
                username=account or email, first_name=first, last_name=last, email=email, role=Role.PARENT,
                district=self.district, preferred_language=preferred if preferred in ("en", "es") else "en",
                password=self.password,
            )
            if account is None:
                self.taken.add(email)
            self._add(user)
            guardian.user = user
            if account == "parent":
                self.demo.parent_user = user
            elif account == "padre":
                self.demo.padre_user = user
        self._add(guardian)
        return guardian

    def _student(self, school: School, origin: Origin, last: str, language: str, races: tuple[str, ...],
                 unreported: bool, grade: str, *, settled: bool = False) -> Student:
        r = self.rng
        sex = r.choices(("M", "F", "X"), (66, 33.5, 0.5))[0]
        american = r.random() < origin.american_first_names
        pool_origin = ORIGIN_BY_KEY["white"] if american else origin
        female = sex == "F" or (sex == "X" and r.random() < 0.5)
        names = pool_origin.female if female else pool_origin.male
        first = r.choice(names)
        middle = r.choice(names) if r.random() < 0.55 else ""
        if middle == first:
            middle = ""
        preferred = N.NICKNAMES.get(first, "") if r.random() < 0.3 else ""

        level = 0 if grade == "KG" else int(grade)
        age_on_sep1 = 5 + level + (1 if r.random() < 0.03 else 0)  # a few were held back a year
        y = self.year_start.year
        dob = self._date_between(date(y - age_on_sep1 - 1, 9, 2), date(y - age_on_sep1, 9, 1))
        kindergarten = date(y - level, 8, 20)
        if settled or level == 0 or r.random() < 0.7:
            enrolled = kindergarten
        else:  # moved into the district since
            enrolled = self._date_between(kindergarten, min(self.today, self.year_start + timedelta(days=60)))
        majority = _add_years(dob, self.rights_age)

        self.local_seq += 1
        while True:
            letters = "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2))
            state_id = f"{letters}{r.randrange(10**7):07d}"
            if state_id not in self.state_ids:
                self.state_ids.add(state_id)
                break
        student = Student(
            district=self.district, school=school, local_id=f"{100000 + self.local_seq}", state_id=state_id,
            first_name=first, middle_name=middle, last_name=last, preferred_name=preferred,
            date_of_birth=dob, grade=grade, sex=sex,
            hispanic_latino=None if unreported else origin.hispanic,
            american_indian=not unreported and "american_indian" in races,
            asian=not unreported and "asian" in races,
            black=not unreported and "black" in races,
            pacific_islander=not unreported and "pacific_islander" in races,
            white=not unreported and "white" in races,
            english_learner=(language not in ("en", "ase") and r.random() < 0.36)
            or (language == "en" and origin.hispanic and r.random() < 0.03),
            home_language=language, enrolled_on=enrolled, is_active=True,
            rights_transferred_on=majority if majority <= self.today else None,
        )
        student.race_ethnicity = race_ethnicity_of(student)
        self._add(student)
        self.people.settled[id(student)] = enrolled == kindergarten
        return student

    # ---------------------------------------------------------------- teams
    def _member(self, student: Student, user: User, role: str, start: date, end: date | None = None, *,
                key: str = "") -> None:
        self._row(TeamMembership, student=student, member=user, role=role, start_date=start, end_date=end)
        if end is None:
            self.served[id(user)] += 1
            if key:
                self.people.teams[id(student)][key] = user

    def _team_start(self, student: Student) -> date:
        low = max(student.enrolled_on, self.year_start - timedelta(days=365))
        return self._date_between(low, min(self.today, self.year_start + timedelta(days=60)))

    def _case_managers(self, school: School, order: list[Student], *, demo: bool) -> None:
        r = self.rng
        managers: list[tuple[User, list[Student]]] = []
        i = 0
        while i < len(order):
            size = DEMO_CASELOAD if demo and not managers else r.randint(12, 18)
            managers.append((self._staff(Role.CASE_MANAGER, school, "Intervention Specialist"), order[i:i + size]))
            i += size
        if demo:
            self.demo.users["casemanager"] = managers[0][0]
        for manager, caseload in managers:
            for student in caseload:
                low = max(student.enrolled_on, self.year_start - timedelta(days=700))
                start = self._date_between(low, min(self.today, self.year_start + timedelta(days=30)))
                if len(managers) > 1 and (start - student.enrolled_on).days > 90 and r.random() < 0.2:
                    # Caseloads change: the previous case manager's membership ended the day before.
                    previous = r.choice([m for m, _ in managers if m is not manager])
                    before = self._date_between(student.enrolled_on, start - timedelta(days=30))
                    self._member(student, previous, TeamRole.CASE_MANAGER, before, start - timedelta(days=1))
                self._member(student, manager, TeamRole.CASE_MANAGER, start, key="case_manager")

    def _sped_teachers(self, school: School, order: list[Student]) -> None:
        """Students with an IEP (found eligible) are taught by special-education teachers."""
        pool = _Pool(make=lambda s: self._staff(Role.SPED_TEACHER, s, "Special Education Teacher"), capacity=25)
        demo_kid = self.demo.kids[0] if self.demo.kids else None
        for student in order:
            if self.people.plans[id(student)].stage is not Stage.ELIGIBLE:
                continue
            is_demo = student is demo_kid
            if is_demo or self.rng.random() < 0.55:
                teacher = pool.take(school)
                if is_demo:
                    self.demo.users.setdefault("spedteacher", teacher)
                self._member(student, teacher, TeamRole.SPED_TEACHER, self._team_start(student), key="sped_teacher")

    def _services(self, school: School, kind: str, order: list[Student]) -> None:
        """Related services for students with an IEP; evaluators (and the providers evaluating) for evaluations."""
        r = self.rng
        kids = self.demo.kids
        demo_needs = {Discipline.SPEECH_LANGUAGE: "provider", Discipline.SCHOOL_PSYCHOLOGY: "psychologist"}
        for student in order:
            plan = self.people.plans[id(student)]
            is_demo = bool(kids) and student is kids[0]
            needs = set(plan.disciplines) | (set(demo_needs) if is_demo else set())
            eligible = plan.stage is Stage.ELIGIBLE
            evaluating = plan.stage in EVALUATION_STAGES
            for discipline, (team_role, _, share, _) in SERVICES.items():
                if discipline in needs or (eligible and r.random() < share[kind]):
                    provider = self.pools[discipline].take(school)
                    if is_demo and discipline in demo_needs:
                        self.demo.users.setdefault(demo_needs[discipline], provider)
                    start = self._team_start(student)
                    if evaluating:
                        start = min(start, plan.planned_on)
                    self._member(student, provider, team_role, start, key=discipline)
            if evaluating:
                evaluator = self.evaluators.take(school)
                if kids and student is kids[2]:
                    self.demo.users.setdefault("evaluator", evaluator)
                self._member(student, evaluator, TeamRole.EVALUATOR, plan.planned_on, key="evaluator")

    # ---------------------------------------------------------------- classes
    def _section(self, school: School, teacher: User, title: str, code: str, students: Sequence[Student]) -> Section:
        section = Section(school=school, title=title, code=code)
        self._add(section)
        begin = self.year_start
        self._row(SectionEnrollment, section=section, role=SectionEnrollment.Role.TEACHER, teacher=teacher,
                  begin_date=begin)
        for student in students:
            self._row(SectionEnrollment, section=section, role=SectionEnrollment.Role.STUDENT, student=student,
                      begin_date=max(begin, student.enrolled_on))
            self.people.teachers[id(student)].append((title, teacher))
        return section

    def _by_grade(self, order: list[Student]) -> dict[str, list[Student]]:
        groups: dict[str, list[Student]] = defaultdict(list)
        for student in order:
            groups[student.grade].append(student)
        return dict(sorted(groups.items()))

    def _chunks(self, items: list[Student], low: int, high: int) -> list[list[Student]]:
        out, i = [], 0
        while i < len(items):
            size = self.rng.randint(low, high)
            out.append(items[i:i + size])
            i += size
        return out

    def _homerooms(self, school: School, order: list[Student], demo_child: Student | None) -> None:
        """Elementary: each child is in one homeroom, with the other children of the grade who have IEPs."""
        r = self.rng
        for grade, group in self._by_grade(order).items():
            label = "Kindergarten" if grade == "KG" else f"Grade {int(grade)}"
            group = group[:]
            r.shuffle(group)
            for k, chunk in enumerate(self._chunks(group, 8, 14), start=1):
                teacher = self._staff(Role.GENED_TEACHER, school, f"{label} Teacher")
                room = 100 + r.randrange(1, 60)
                section = self._section(school, teacher, f"{label} Homeroom, Room {room}", f"HR-{grade}-{k:02d}",
                                        chunk)
                if demo_child is not None and any(s is demo_child for s in chunk):
                    self.demo.users["genedteacher"] = teacher
                    self.demo.homeroom = section
                    self.demo.homeroom_size = len(chunk)
                    self.demo.homeroom_students = list(chunk)

    def _courses(self, school: School, order: list[Student]) -> None:
        """Middle and high school: English, mathematics, science and social studies; five sections a teacher."""
        r = self.rng
        teachers = {subject: _Pool(make=lambda s, subj=subject: self._staff(Role.GENED_TEACHER, s,
                                                                              f"{subj} Teacher"), capacity=5)
                    for subject in SUBJECTS}
        for grade, group in self._by_grade(order).items():
            for subject, course in zip(SUBJECTS, COURSES[grade], strict=True):
                group = group[:]
                r.shuffle(group)
                for k, chunk in enumerate(self._chunks(group, 10, 16), start=1):
                    teacher = teachers[subject].take(school)
                    period = r.randint(1, 7)
                    code = f"{ascii_slug(course)[:6].upper()}-{grade}-{k:02d}"
                    self._section(school, teacher, f"{course}, Period {period}", code, chunk)

    # ---------------------------------------------------------------- demo accounts
    def _demo_accounts(self, school: School) -> None:
        """Give the demo users their fixed usernames, and share one child with the advocate."""
        for username, user in self.demo.users.items():
            user.username = username
            user.email = f"{username}@riverside.example.org"
        advocate = User(
            username="advocate", first_name="Renee", last_name="Alvarado", email="advocate@example.org",
            role=Role.ADVOCATE, title="Parent advocate", password=self.password,
        )
        self._add(advocate)
        self.demo.users["advocate"] = advocate
        self.demo.users["parent"] = self.demo.parent_user
        self.demo.users["padre"] = self.demo.padre_user
        self._add(AdvocateGrant(
            student=self.demo.kids[0], advocate=advocate, granted_by=self.demo.parent_user,
            starts_at=self.now - timedelta(days=3), expires_at=self.now + timedelta(days=60),
            note="Helping us prepare for the first IEP meeting",
        ))

    def accounts(self) -> list[DemoAccount]:
        d = self.demo
        users = d.users
        kids = d.kids
        school = DEMO_SCHOOL
        grant_end = timezone.localtime(self.now + timedelta(days=60)).date()
        homeroom = d.homeroom.title if d.homeroom else "a homeroom"
        stages = {stage for _, stage in d.caseload}
        steps = "every stage from pre-referral to eligibility" if len(stages - {Stage.NONE}) >= len(Stage) - 1 \
            else f"{len(stages - {Stage.NONE})} stages of steps 1-4"
        concern = d.concern_student

        def open_areas(username: str) -> int:
            return EvaluationArea.objects.filter(evaluator=users[username], completed_on__isnull=True).count()

        summaries = {
            "districtadmin": f"Whole district: {self.counts['schools']} schools, {self.n:,} students",
            "schooladmin": f"Principal of {school}",
            "casemanager": f"Case manager for {self.served[id(users['casemanager'])]} students at {school}, "
                           f"{steps}, one evaluation overdue",
            "spedteacher": f"On the team of {self.served[id(users['spedteacher'])]} students",
            "genedteacher": f"Teaches {homeroom} ({d.homeroom_size} students)"
                            + (f"; {concern.first_name} has an open pre-referral concern" if concern else ""),
            "provider": f"Speech-language pathologist serving {self.served[id(users['provider'])]} students",
            "psychologist": f"School psychologist on {self.served[id(users['psychologist'])]} teams, "
                            f"{open_areas('psychologist')} evaluation areas to report",
            "evaluator": f"Evaluating {self.served[id(users['evaluator'])]} students, "
                         f"{open_areas('evaluator')} areas to report",
            "auditor": "Read-only compliance reviewer for the whole district",
            "parent": f"Parent of {kids[0].first_name} (eligible) and {kids[1].first_name} (consent to evaluate "
                      "requested), on casemanager's caseload",
            "padre": f"Spanish-speaking father of {kids[2].first_name} (evaluation in progress; notices in Spanish; "
                     "the family portal in Spanish, a consent to answer)",
            "advocate": f"Sees {kids[0].first_name} {kids[0].last_name}'s records until {grant_end:%B} {grant_end.day}, {grant_end.year}",
        }
        return [
            DemoAccount(name, users[name].get_role_display(), f"{users[name].first_name} {users[name].last_name}",
                        summaries[name])
            for name in DEMO_USERNAMES
        ]


def seed_district(
    *,
    students: int,
    seed: int = 1,
    state: str = "OH",
    district_name: str = DEFAULT_DISTRICT,
    today: date | None = None,
    now: datetime | None = None,
    batch_size: int = BATCH_SIZE,
    progress: bool = False,
) -> SeedResult:
    """Create one synthetic district with ``students`` students, their families, staff, teams and classes,
    their cases at every stage of steps 1-4, the district's school calendar and every deadline.

    Runs in one transaction, so an interrupted seed leaves nothing behind (and ``--if-empty`` stays honest).
    """
    if students < MIN_STUDENTS:
        raise ValueError(f"Seed at least {MIN_STUDENTS} students (the demo accounts need a caseload).")
    started = time.perf_counter()
    now = now or timezone.now()
    builder = _Builder(students=students, seed=seed, state=state, district_name=district_name,
                       today=today or timezone.localdate(), now=now, batch_size=batch_size, progress=progress)
    with transaction.atomic():
        builder.build()
    # Fresh statistics for the query planner: SQLite never gathers them by itself, and PostgreSQL's
    # autovacuum may not have yet; without them list pages planned 5x slower right after seeding.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    counts = dict(builder.counts)
    report = builder.deadline_report
    return SeedResult(
        district=builder.district, counts=counts, seconds=time.perf_counter() - started,
        demo_accounts=builder.accounts(),
        stages={stage.value: builder.writer.stages[stage] for stage in Stage},
        deadline_seconds=builder.deadline_seconds, deadline_students=report.students, deadlines=report.deadlines,
        overdue=Deadline.objects.filter(district=builder.district).overdue(builder.today).count(),
        deadline_failures=len(report.failed),
    )
