"""Reads of federal reporting: the child count (FS002, FS089) as ONE grouped query, the students behind each cell,
the validation report, and the SPP/APR indicators 5, 6 and 13.

Who is counted on a count date (IDEA Part B child count, 34 CFR 300.641; EDFacts FS002/FS089):

- *reaches the count date*: the student's latest IEP version with status in effect, superseded or ended whose
  ``start_date`` is on or before the count date and which had not ended by it (``ended_on`` is empty or after the
  count date). A later version that had started by then replaces it, so a superseded IEP never counts twice;
- *counted*: of those, the IEP is current (the count date is on or before its ``end_date``, the annual review
  date), the student had not left the district, the latest eligibility decision on or before the count date found
  the student eligible (its primary category is the disability), the age on the count date is 3 to 21, the IEP's
  environment is a code of the student's file, and race/ethnicity and sex (F or M) are recorded.

Everyone who reaches the count date but is not counted appears on the validation report with the reason, so
the two always add up. The age is worked out in SQL by comparing the date of birth with fixed dates (portable to
SQLite and PostgreSQL, and index-friendly).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models import Count as SqlCount

from openiep.access.policy import students_visible_to
from openiep.eligibility.models import EDFACTS_DISABILITY, EligibilityDetermination
from openiep.iep.models import IEP, Goal
from openiep.lib.scope import related_scope
from openiep.meetings.models import Participant
from openiep.people.models import SchoolYear, User
from openiep.referrals.models import Consent, Referral
from openiep.reporting import rules

COUNTED_STATUSES = (IEP.Status.IN_EFFECT, IEP.Status.SUPERSEDED, IEP.Status.ENDED)
OVER_AGE = rules.OLDEST + 1


def school_year_on(district_id: int | None, day: date) -> SchoolYear | None:
    if not district_id:
        return None
    return SchoolYear.objects.filter(district_id=district_id, start_date__lte=day, end_date__gte=day).first()


def _age(day: date) -> Case:
    """The age on ``day`` from the date of birth: 2 for any younger child, 22 for anyone older than 21."""
    whens = [
        When(student__date_of_birth__gt=rules.born_after_for_age(day, years), then=Value(years - 1))
        for years in range(rules.YOUNGEST, OVER_AGE + 1)
    ]
    return Case(*whens, default=Value(OVER_AGE), output_field=IntegerField())


def _file(day: date) -> Case:
    """FS002 for 6 and over, or 5 in kindergarten; FS089 otherwise (the age range is filtered apart)."""
    kindergarten = Q(student__grade__in=rules.KINDERGARTEN_GRADES)
    return Case(
        When(student__date_of_birth__lte=rules.born_after_for_age(day, 6), then=Value(rules.FS002)),
        When(Q(student__date_of_birth__lte=rules.born_after_for_age(day, 5)) & kindergarten,
             then=Value(rules.FS002)),
        default=Value(rules.FS089), output_field=CharField(),
    )


def _reaching(day: date, user: User) -> QuerySet[IEP]:
    later = IEP.objects.filter(student_id=OuterRef("student_id"), status__in=COUNTED_STATUSES, start_date__lte=day,
                               version__gt=OuterRef("version"))
    return (
        IEP.objects.filter(status__in=COUNTED_STATUSES, start_date__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .filter(~Exists(later))
        .filter(related_scope(user, "student"))
    )


def _decisions_on(day: date) -> QuerySet[EligibilityDetermination]:
    """Each student's latest eligibility decision on or before ``day`` (a set, computed once, not per row)."""
    later = EligibilityDetermination.objects.filter(student_id=OuterRef("student_id"), determined_on__lte=day).filter(
        Q(determined_on__gt=OuterRef("determined_on")) | Q(determined_on=OuterRef("determined_on"), id__gt=OuterRef("id")))
    return EligibilityDetermination.objects.filter(determined_on__lte=day).filter(~Exists(later))


def _latest_decision(day: date) -> QuerySet[EligibilityDetermination]:
    return EligibilityDetermination.objects.filter(
        student_id=OuterRef("student_id"), determined_on__lte=day).order_by("-determined_on", "-id")


def ieps_reaching(day: date, user: User) -> QuerySet[IEP]:
    """One row per student in the user's scope whose IEP reaches ``day``, annotated with what the count needs."""
    latest = _latest_decision(day)
    return _reaching(day, user).annotate(
        eligibility_result=Subquery(latest.values("result")[:1], output_field=CharField()),
        category=Subquery(latest.values("primary_category")[:1], output_field=CharField()),
        age=_age(day),
        report=Case(
            When(student__date_of_birth__isnull=True, then=Value("")),
            When(Q(age__lt=rules.YOUNGEST) | Q(age__gt=rules.OLDEST), then=Value("")),
            default=_file(day), output_field=CharField(),
        ),
        kindergarten=Case(When(student__grade__in=rules.KINDERGARTEN_GRADES, then=Value(1)), default=Value(0),
                          output_field=IntegerField()),
    )


def _countable(day: date) -> Q:
    """Everything but eligibility, in plain column comparisons (no per-row subquery): IEP current, still enrolled,
    aged 3 to 21, race and sex recorded, an environment of the student's file."""
    school_age = (Q(student__date_of_birth__lte=rules.born_after_for_age(day, 6))
                  | (Q(student__date_of_birth__lte=rules.born_after_for_age(day, 5))
                     & Q(student__grade__in=rules.KINDERGARTEN_GRADES)))
    return (
        Q(end_date__gte=day)
        & (Q(student__exited_on__isnull=True) | Q(student__exited_on__gt=day))
        & Q(student__date_of_birth__lte=rules.born_after_for_age(day, rules.YOUNGEST))
        & Q(student__date_of_birth__gt=rules.born_after_for_age(day, rules.OLDEST + 1))
        & ~Q(student__race_ethnicity="")
        & Q(student__sex__in=list(rules.SEXES))
        & ((school_age & Q(environment_code__in=list(rules.SCHOOL_AGE_ENVIRONMENTS)))
           | (~school_age & Q(environment_code__in=list(rules.EARLY_CHILDHOOD_ENVIRONMENTS))))
    )


def counted(day: date, user: User) -> QuerySet[IEP]:
    """The IEPs of the students counted on ``day`` (see the module docstring)."""
    return ieps_reaching(day, user).filter(_countable(day),
                                           eligibility_result=EligibilityDetermination.Result.ELIGIBLE)


# ---------------------------------------------------------------------------------------------- the count
@dataclass
class Table:
    """One category set: environments (rows) by the values of one dimension (columns)."""

    key: str
    title: str
    columns: list[tuple[str, str]]  # (code, label)
    cells: dict[tuple[str, str], int] = field(default_factory=dict)  # (environment, value) -> count

    def rows(self, environments: dict[str, str]) -> list[tuple[str, str, list[tuple[str, int]], int]]:
        out = []
        for env, label in environments.items():
            values = [(code, self.cells.get((env, code), 0)) for code, _ in self.columns]
            out.append((env, label, values, sum(n for _, n in values)))
        return out

    def column_totals(self) -> list[tuple[str, int]]:
        return [(code, sum(n for (_, c), n in self.cells.items() if c == code)) for code, _ in self.columns]


@dataclass
class FileCount:
    spec: str
    title: str
    environments: dict[str, str]
    tables: dict[str, Table]
    by_environment: dict[str, int]
    total: int


@dataclass
class ChildCount:
    day: date
    files: dict[str, FileCount]

    @property
    def total(self) -> int:
        return sum(f.total for f in self.files.values())


def group_rows(day: date, user: User) -> list[tuple]:
    """THE aggregation: one GROUP BY in the database over every counted student. A few thousand groups at most.

    The latest decision on or before the count date is joined as a set (an anti-join computed once), not looked
    up by a subquery per row: at 1,000,000 students the per-row lookup alone took ~15 s. On PostgreSQL the
    statement runs without JIT compilation (~6 s of compiling for a query that runs once) and with enough
    memory to aggregate in a hash rather than sort on disk (``SET LOCAL``: this transaction only).
    """
    eligible = _decisions_on(day).filter(result=EligibilityDetermination.Result.ELIGIBLE).values("pk")
    rows = (
        _reaching(day, user).filter(_countable(day), student__eligibility_determinations__in=eligible)
        .annotate(report=_file(day), age=_age(day),
                  kindergarten=Case(When(student__grade__in=rules.KINDERGARTEN_GRADES, then=Value(1)),
                                    default=Value(0), output_field=IntegerField()))
        .order_by()
        .values_list("report", "age", "kindergarten", "student__eligibility_determinations__primary_category",
                     "environment_code", "student__race_ethnicity", "student__sex", "student__english_learner")
        .annotate(n=SqlCount("id"))
    )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)")
        return list(rows)


def child_count(day: date, user: User) -> ChildCount:
    """FS002 and FS089 on ``day``: each environment by disability, age, race/ethnicity, sex and EL status."""
    files: dict[str, FileCount] = {}
    for spec in rules.FILES:
        tables = {}
        for key, (title, values) in rules.DIMENSIONS.items():
            columns = list((values or rules.AGES[spec]).items())
            tables[key] = Table(key, title, columns)
        files[spec] = FileCount(spec, rules.FILE_TITLES[spec], rules.ENVIRONMENTS[spec], tables,
                                dict.fromkeys(rules.ENVIRONMENTS[spec], 0), 0)
    for spec, age, kindergarten, category, env, race, sex, english_learner, n in group_rows(day, user):
        target = files[spec]
        values = {
            "disability": EDFACTS_DISABILITY.get(category, ""),
            "age": rules.age_code(age, "KG" if kindergarten else ""),
            "race": race, "sex": sex, "el": rules.el_code(english_learner),
        }
        for key, value in values.items():
            cells = target.tables[key].cells
            cells[(env, value)] = cells.get((env, value), 0) + n
        target.by_environment[env] += n
        target.total += n
    return ChildCount(day, files)


# ---------------------------------------------------------------------------------------------- one cell
class BadCell(ValueError):
    """A drill-down asked for a file, environment or dimension value that does not exist (names the field)."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name


def cell_filter(spec: str, environment: str, dimension: str, value: str) -> Q:
    """The students of one cell of the on-screen tables (environment "" = every environment of the file)."""
    if spec not in rules.FILES:
        raise BadCell("file", "Choose FS002 or FS089.")
    condition = Q(report=spec)
    if environment:
        if environment not in rules.ENVIRONMENTS[spec]:
            raise BadCell("environment", f"{environment} is not an environment of {spec}.")
        condition &= Q(environment_code=environment)
    if not dimension:
        return condition
    if dimension not in rules.DIMENSIONS:
        raise BadCell("dimension", "Choose disability, age, race, sex or el.")
    known = rules.DIMENSIONS[dimension][1] or rules.AGES[spec]
    if value not in known:
        raise BadCell("value", f"{value or 'An empty value'} is not a value of {dimension} in {spec}.")
    if dimension == "disability":
        return condition & Q(category__in=rules.categories_for_code(value))
    if dimension == "age":
        if value == "AGE05K":
            return condition & Q(age=5, kindergarten=1)
        if value == "AGE05NOTK":
            return condition & Q(age=5, kindergarten=0)
        return condition & Q(age=int(value))
    if dimension == "race":
        return condition & Q(student__race_ethnicity=value)
    if dimension == "sex":
        return condition & Q(student__sex=value)
    return condition & Q(student__english_learner=value == "EL")


LIST_FIELDS = (
    "id", "student_id", "environment_code", "end_date", "student__first_name", "student__last_name",
    "student__preferred_name", "student__local_id", "student__grade", "student__date_of_birth",
    "student__school__name",
)


def cell_students(day: date, user: User, condition: Q) -> QuerySet[IEP]:
    return (
        counted(day, user).filter(condition).select_related("student", "student__school")
        .only(*LIST_FIELDS).order_by("student__last_name", "student__first_name", "student_id")
    )


# ---------------------------------------------------------------------------------------------- validation
@dataclass
class Flagged:
    student_id: int
    name: str
    local_id: str
    school: str
    iep_id: int
    problems: list[rules.Problem]

    @property
    def counted(self) -> bool:
        return not any(p.severity == rules.NOT_COUNTED for p in self.problems)


VALIDATION_FIELDS = (
    "id", "student_id", "start_date", "end_date", "environment_code", "setting", "school_week_minutes",
    "minutes_outside_regular_class", "ec_program_hours_per_week", "ec_services_in_program", "eligibility_result",
    "category", "student__first_name", "student__last_name", "student__preferred_name", "student__local_id",
    "student__school__name", "student__date_of_birth", "student__grade", "student__sex", "student__race_ethnicity",
    "student__exited_on",
)


def validation(day: date, user: User) -> list[Flagged]:
    """Everyone whose IEP reaches the count date and has a problem, most urgent first: those left out of the
    count, then those in a doubtful cell, then the rest; by name within each. One query."""
    flagged = []
    rows = ieps_reaching(day, user).order_by().values_list(*VALIDATION_FIELDS)
    for row in rows.iterator(chunk_size=2000):
        (iep_id, student_id, start, end, env, setting, week, outside, ec_hours, ec_in, result, category, first,
         last, preferred, local_id, school, dob, grade, sex, race, exited) = row
        facts = rules.Facts(
            date_of_birth=dob, grade=grade, sex=sex, race_ethnicity=race, exited_on=exited, iep_start=start,
            iep_end=end, environment_code=env, setting=setting, school_week_minutes=week,
            minutes_outside_regular_class=outside, ec_program_hours_per_week=ec_hours,
            ec_services_in_program=ec_in, eligibility_result=result, primary_category=category or "",
        )
        problems = rules.check(facts, day)
        if problems:
            flagged.append(Flagged(student_id, f"{last}, {preferred or first}", local_id, school, iep_id, problems))
    flagged.sort(key=lambda f: (rules.priority(f.problems), f.name.lower(), f.student_id))
    return flagged


# ---------------------------------------------------------------------------------------------- indicators
@dataclass
class Share:
    key: str
    title: str
    numerator: int
    denominator: int
    environments: tuple[str, ...]

    @property
    def percent(self) -> float | None:
        return round(100 * self.numerator / self.denominator, 1) if self.denominator else None


INDICATOR_5 = (("5A", "Inside the regular class 80% or more of the day", ("RC80",)),
               ("5B", "Inside the regular class less than 40% of the day", ("RC39",)),
               ("5C", "In separate schools, residential facilities, or homebound/hospital placements",
                ("SS", "RF", "HH")))
INDICATOR_6 = (("6A", "Attending a regular early-childhood program and receiving most services there",
                ("REC10YSVCS", "REC09YSVCS")),
               ("6B", "Attending a separate special-education class, separate school or residential facility",
                ("SC", "SS", "RF")),
               ("6C", "Receiving special education and related services at home", ("H",)))


def environment_indicator(count: ChildCount, spec: str) -> list[Share]:
    """Indicator 5 (FS002) or 6 (FS089) from the child count on its count date: shares of all children counted."""
    file = count.files[spec]
    parts = INDICATOR_5 if spec == rules.FS002 else INDICATOR_6
    return [Share(key, title, sum(file.by_environment[e] for e in envs), file.total, envs)
            for key, title, envs in parts]


# Indicator 13: the IEP of every youth aged 16 or more must have each of these (34 CFR 300.320(b), 300.321(b)).
TRANSITION_AGE = 16
INDICATOR_13_COMPONENTS = (
    ("postsecondary_goals", "Measurable postsecondary goals (education or training, and employment)"),
    ("transition_assessments", "Based on age-appropriate transition assessments"),
    ("transition_services", "Transition services"),
    ("course_of_study", "A course of study"),
    ("transition_goal", "An annual IEP goal related to the transition services needs"),
    ("student_invited", "The student was invited to the IEP meeting"),
    ("agency_invited", "A participating agency was invited, or the IEP says none is likely to pay or provide"),
)


@dataclass
class TransitionRow:
    iep_id: int
    student_id: int
    name: str
    local_id: str
    age: int
    missing: list[str]


@dataclass
class Indicator13:
    first: date
    last: date
    rows: list[TransitionRow]

    @property
    def denominator(self) -> int:
        return len(self.rows)

    @property
    def numerator(self) -> int:
        return sum(1 for r in self.rows if not r.missing)

    @property
    def percent(self) -> float | None:
        return round(100 * self.numerator / self.denominator, 1) if self.denominator else None


def indicator_13(first: date, last: date, user: User) -> Indicator13:
    """Youth aged 16 or more (on the IEP's start date) whose IEP started in the period: those whose IEP has every
    transition component. Meeting invitations are read from the IEP's meeting; one query."""
    ieps = (
        IEP.objects.filter(status__in=(*COUNTED_STATUSES, IEP.Status.APPROVED), start_date__gte=first,
                           start_date__lte=last)
        .filter(student__in=students_visible_to(user).values("pk"), student__date_of_birth__isnull=False)
        .annotate(
            has_transition_goal=Exists(Goal.objects.filter(iep_id=OuterRef("pk"), area="transition")),
            student_invited=Exists(Participant.objects.filter(meeting_id=OuterRef("meeting_id"),
                                                              role=Participant.Role.STUDENT)),
            agency_participant=Exists(Participant.objects.filter(meeting_id=OuterRef("meeting_id"),
                                                                 role=Participant.Role.AGENCY)),
        )
        .order_by("student__last_name", "student__first_name", "id")
        .values_list("id", "student_id", "student__first_name", "student__preferred_name", "student__last_name",
                     "student__local_id", "student__date_of_birth", "start_date", "postsecondary_education_goal",
                     "postsecondary_employment_goal", "transition_assessments", "transition_services",
                     "course_of_study", "agencies_invited", "has_transition_goal", "student_invited",
                     "agency_participant")
    )
    rows = []
    for (iep_id, student_id, first_name, preferred, last_name, local_id, dob, start, education, employment,
         assessments, services, course, agencies, goal, student_invited, agency) in ieps:
        age = rules.age_on(dob, start)
        if age < TRANSITION_AGE:
            continue
        present = {
            "postsecondary_goals": bool(education.strip() and employment.strip()),
            "transition_assessments": bool(assessments.strip()),
            "transition_services": bool(services.strip()),
            "course_of_study": bool(course.strip()),
            "transition_goal": goal,
            "student_invited": student_invited,
            "agency_invited": agency or bool(agencies.strip()),
        }
        missing = [title for key, title in INDICATOR_13_COMPONENTS if not present[key]]
        rows.append(TransitionRow(iep_id, student_id, f"{last_name}, {preferred or first_name}", local_id, age,
                                  missing))
    return Indicator13(first, last, rows)


# Indicator 12: children referred from Part C (early intervention) whose referral was received in the period.
@dataclass
class PartCRow:
    student_id: int
    name: str
    local_id: str
    third_birthday: date
    referred_on: date
    decided_on: date | None
    iep_start: date | None
    outcome: str


@dataclass
class Indicator12:
    first: date
    last: date
    rows: list[PartCRow]

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def referred(self) -> int:  # a
        return len(self.rows)

    @property
    def denominator(self) -> int:  # a - b - d - e - f (f is not recorded: 0)
        return self.referred - self.count("b") - self.count("d") - self.count("e")

    @property
    def percent(self) -> float | None:
        return round(100 * self.count("c") / self.denominator, 1) if self.denominator else None


def indicator_12(first: date, last: date, user: User) -> Indicator12:
    """Part C to Part B by the third birthday (34 CFR 300.124(b)): one query over the Part C referrals received
    in the period (the first one per child), with the first decision and the first IEP after it."""
    decision = EligibilityDetermination.objects.filter(
        student_id=OuterRef("student_id"), determined_on__gte=OuterRef("received_on")).order_by("determined_on", "id")
    first_iep = IEP.objects.filter(
        student_id=OuterRef("student_id"), start_date__gte=OuterRef("received_on"),
        status__in=(*COUNTED_STATUSES, IEP.Status.APPROVED)).order_by("start_date", "id")
    refused = Consent.objects.filter(
        referral_id=OuterRef("pk"), kind=Consent.Kind.INITIAL_EVALUATION,
        status__in=(Consent.Status.REFUSED, Consent.Status.NO_RESPONSE))
    referrals = (
        Referral.objects.filter(source=Referral.Source.EARLY_INTERVENTION, received_on__gte=first,
                                received_on__lte=last, student__date_of_birth__isnull=False)
        .filter(student__in=students_visible_to(user).values("pk"))
        .annotate(decision_on=Subquery(decision.values("determined_on")[:1]),
                  result=Subquery(decision.values("result")[:1], output_field=CharField()),
                  iep_start=Subquery(first_iep.values("start_date")[:1]),
                  refused=Exists(refused))
        .order_by("student__last_name", "student__first_name", "student_id", "received_on", "id")
        .values_list("student_id", "student__first_name", "student__preferred_name", "student__last_name",
                     "student__local_id", "student__date_of_birth", "received_on", "decision_on", "result",
                     "iep_start", "refused")
    )
    rows: list[PartCRow] = []
    seen: set[int] = set()
    for sid, first_name, preferred, last_name, local_id, dob, referred, decided, result, iep_start, refused_ in \
            referrals:
        if sid in seen:
            continue
        seen.add(sid)
        eligible = None if result is None else result == EligibilityDetermination.Result.ELIGIBLE
        outcome = rules.part_c_outcome(date_of_birth=dob, referred_on=referred, decided_on=decided,
                                       eligible=eligible, iep_start=iep_start, consent_refused=refused_)
        rows.append(PartCRow(sid, f"{last_name}, {preferred or first_name}", local_id, rules.third_birthday(dob),
                             referred, decided, iep_start, outcome))
    return Indicator12(first, last, rows)


def flagged_summary(flagged: list[Flagged]) -> dict[str, int]:
    """How many students have at least one problem of each severity."""
    totals: dict[str, int] = defaultdict(int)
    for item in flagged:
        for severity in {problem.severity for problem in item.problems}:
            totals[severity] += 1
    return dict(totals)
