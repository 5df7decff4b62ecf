"""Students at every stage of steps 1-4: pre-referral, referral, consent and evaluation, eligibility.

``plan_case`` draws a student's dates for a stage (``STAGE_SHARES``), all in the past and in the order they
happen: concern → interventions and data → referral → Prior Written Notice and consent request → consent
answer → evaluation planned → areas due and reported → evaluation completed → eligibility. ``CaseWriter``
turns a plan into the records (unsaved model instances, written later with ``bulk_create``), each one
valid as the services would have saved it: the seven elements of every notice, consent answered by a
parent who holds the rights, every referral area planned, the parent's vote.

Dates are school days (Monday to Friday outside summer) wherever a person acted; they stay after the
student's third birthday, and after the student's enrolment for a transfer student (a child who started
kindergarten here may have been evaluated as a preschooler). A plan that cannot fit the student's dates
falls back to no process at all.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from openiep.demo import calendar as school_calendar
from openiep.demo import names as N
from openiep.demo import texts as T
from openiep.eligibility import rules as eligibility_rules
from openiep.eligibility.models import DisabilityCategory as Cat
from openiep.eligibility.models import EligibilityDetermination, EligibilityVote
from openiep.evaluations.models import Evaluation, EvaluationArea
from openiep.lib.languages import LANGUAGE_CHOICES
from openiep.people.models import Guardian, Student, User
from openiep.people.rules import age_on
from openiep.prereferral.models import Accommodation, Concern, DataPoint, Intervention, Review
from openiep.referrals import rules as referral_rules
from openiep.referrals.models import AreaOfConcern as A
from openiep.referrals.models import Consent, ConsentAttempt, PriorWrittenNotice, Referral

ONE_DAY = timedelta(days=1)
Discipline = User.Discipline
LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)
AREA_LABELS = dict(A.choices)
AREA_ORDER = {code: i for i, (code, _) in enumerate(A.choices)}


class Stage(StrEnum):
    NONE = "none"
    PREREFERRAL = "prereferral"
    REFERRED = "referred"
    CONSENT_REQUESTED = "consent_requested"
    CONSENT_DECLINED = "consent_declined"
    EVALUATING = "evaluating"
    EVALUATED = "evaluated"
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    REFUSED = "refused"


# Share of the students at each stage (the rest have no special-education process on record).
STAGE_SHARES: dict[Stage, float] = {
    Stage.PREREFERRAL: 0.08,
    Stage.REFERRED: 0.04,
    Stage.CONSENT_REQUESTED: 0.03,
    Stage.CONSENT_DECLINED: 0.01,
    Stage.EVALUATING: 0.04,
    Stage.EVALUATED: 0.03,
    Stage.ELIGIBLE: 0.60,
    Stage.NOT_ELIGIBLE: 0.03,
    Stage.REFUSED: 0.02,
    Stage.NONE: 0.12,
}
STAGE_LABELS: dict[Stage, str] = {
    Stage.NONE: "no special-education process on record",
    Stage.PREREFERRAL: "pre-referral: open concern, interventions with data",
    Stage.REFERRED: "referral awaiting the district's decision",
    Stage.CONSENT_REQUESTED: "evaluation proposed, consent requested",
    Stage.CONSENT_DECLINED: "consent refused, or no response",
    Stage.EVALUATING: "evaluation in progress",
    Stage.EVALUATED: "evaluation completed, eligibility to decide",
    Stage.ELIGIBLE: "eligible (most decided 1-3 years ago)",
    Stage.NOT_ELIGIBLE: "found not eligible",
    Stage.REFUSED: "evaluation refused by the district (Prior Written Notice)",
}
STAGES = tuple(STAGE_SHARES)
STAGE_CUM = [sum(list(STAGE_SHARES.values())[:i + 1]) for i in range(len(STAGES))]
EVALUATION_STAGES = frozenset({Stage.EVALUATING, Stage.EVALUATED})
DECIDED_STAGES = frozenset({Stage.ELIGIBLE, Stage.NOT_ELIGIBLE})

# Primary categories of students served under IDEA Part B (ages 3-21), roughly as in the federal data
# (OSEP 618 child count): SLD about a third, speech or language about a fifth.
CATEGORY_WEIGHTS: dict[str, float] = {
    Cat.SPECIFIC_LEARNING_DISABILITY: 35.5,  # a little above 32%: it is not given before age 6
    Cat.SPEECH_LANGUAGE_IMPAIRMENT: 19.0,
    Cat.OTHER_HEALTH_IMPAIRMENT: 15.0,
    Cat.AUTISM: 12.0,
    Cat.DEVELOPMENTAL_DELAY: 6.5,
    Cat.INTELLECTUAL_DISABILITY: 6.0,
    Cat.EMOTIONAL_DISTURBANCE: 5.0,
    Cat.MULTIPLE_DISABILITIES: 2.0,
    Cat.HEARING_IMPAIRMENT: 1.0,
    Cat.ORTHOPEDIC_IMPAIRMENT: 0.4,
    Cat.VISUAL_IMPAIRMENT: 0.3,
    Cat.TRAUMATIC_BRAIN_INJURY: 0.3,
    Cat.DEAFNESS: 0.2,
    Cat.DEAF_BLINDNESS: 0.02,
}
ACADEMIC = (A.ACADEMIC_READING, A.ACADEMIC_MATH, A.ACADEMIC_WRITING)
PSYCH_AREAS = frozenset({A.COGNITIVE, A.SOCIAL_EMOTIONAL, A.ATTENTION, A.ADAPTIVE})
SECONDARY = {  # the usual companions of a primary category
    Cat.SPECIFIC_LEARNING_DISABILITY: (Cat.SPEECH_LANGUAGE_IMPAIRMENT, Cat.OTHER_HEALTH_IMPAIRMENT),
    Cat.AUTISM: (Cat.SPEECH_LANGUAGE_IMPAIRMENT,),
    Cat.OTHER_HEALTH_IMPAIRMENT: (Cat.SPECIFIC_LEARNING_DISABILITY, Cat.SPEECH_LANGUAGE_IMPAIRMENT),
    Cat.INTELLECTUAL_DISABILITY: (Cat.SPEECH_LANGUAGE_IMPAIRMENT,),
    Cat.EMOTIONAL_DISTURBANCE: (Cat.OTHER_HEALTH_IMPAIRMENT,),
}


# ---------------------------------------------------------------------------------------------- dates
def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def weekday_back(day: date) -> date:
    while day.weekday() >= 5:
        day -= ONE_DAY
    return day


def weekday_forward(day: date) -> date:
    while day.weekday() >= 5:
        day += ONE_DAY
    return day


def in_summer(day: date) -> bool:
    return school_calendar.last_day(day.year - 1) < day < school_calendar.first_day(day.year)


def school_year_of(day: date) -> int:
    """The year the school year around ``day`` started (summer belongs to the year before)."""
    return day.year if day >= school_calendar.first_day(day.year) else day.year - 1


def school_day_back(day: date) -> date:
    """The day itself, or the nearest earlier school day (summer moves back into the spring before)."""
    if in_summer(day):
        day = school_calendar.last_day(day.year - 1) - timedelta(days=day.toordinal() % 12)
    return weekday_back(day)


def _long(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


# ---------------------------------------------------------------------------------------------- plans
@dataclass
class CasePlan:
    """One student's case: the stage reached and the day of each event (None where it has not happened)."""

    stage: Stage = Stage.NONE
    category: str = ""  # found (eligible) or suspected: drives the areas, scores and words
    secondary: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()  # areas of concern named by the referral
    eval_areas: tuple[str, ...] = ()  # areas the evaluation plans (the referral's and the usual companions)
    source: str = ""
    written_request: bool = False
    concern_on: date | None = None
    concern_linked: bool = False  # the concern's team review made the referral
    referral_on: date | None = None
    decided_on: date | None = None  # Prior Written Notice and consent request, or the refusal
    answered_on: date | None = None  # consent granted or refused
    declined: str = ""  # "refused" or "no_response"
    planned_on: date | None = None
    completed_on: date | None = None
    determined_on: date | None = None
    late: bool = False  # the evaluation took (or is taking) more than 60 days after consent
    not_eligible: str = ""  # no_disability, no_need, english, reading_instruction
    demo: bool = False  # a demo caseload case: the evaluator's and psychologist's areas stay open

    DATE_FIELDS = ("concern_on", "referral_on", "decided_on", "answered_on", "planned_on", "completed_on",
                   "determined_on")

    def dates(self) -> list[date]:
        return [d for d in (getattr(self, f) for f in self.DATE_FIELDS) if d is not None]

    @property
    def disciplines(self) -> frozenset[str]:
        """Providers the student's team needs for this case (evaluators of the areas; services of an IEP)."""
        out: set[str] = set()
        if self.stage in EVALUATION_STAGES:
            if PSYCH_AREAS & set(self.eval_areas):
                out.add(Discipline.SCHOOL_PSYCHOLOGY)
            if A.COMMUNICATION in self.eval_areas:
                out.add(Discipline.SPEECH_LANGUAGE)
            if A.MOTOR in self.eval_areas:
                out.add(Discipline.OCCUPATIONAL_THERAPY)
        elif self.stage is Stage.ELIGIBLE:
            if self.category in (Cat.SPEECH_LANGUAGE_IMPAIRMENT, Cat.AUTISM) \
                    or Cat.SPEECH_LANGUAGE_IMPAIRMENT in self.secondary:
                out.add(Discipline.SPEECH_LANGUAGE)
            if A.MOTOR in self.areas:
                out.add(Discipline.OCCUPATIONAL_THERAPY)
            if self.category == Cat.ORTHOPEDIC_IMPAIRMENT:
                out.add(Discipline.PHYSICAL_THERAPY)
        return frozenset(out)


def draw_stage(rng: random.Random) -> Stage:
    return rng.choices(STAGES, cum_weights=STAGE_CUM)[0]


def draw_category(rng: random.Random, age: int) -> str:
    """A primary category by the national mix, among those that fit the age."""
    allowed = {code: w for code, w in CATEGORY_WEIGHTS.items()
               if not (code == Cat.DEVELOPMENTAL_DELAY and not 3 <= age <= 9)
               and not (code == Cat.SPECIFIC_LEARNING_DISABILITY and age < 6)
               and not (code == Cat.EMOTIONAL_DISTURBANCE and age < 5)}
    return rng.choices(list(allowed), list(allowed.values()))[0]


def _sorted_areas(codes) -> tuple[str, ...]:
    return tuple(sorted(set(codes), key=AREA_ORDER.__getitem__))


def areas_for(rng: random.Random, category: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(areas the referral names, extra areas the evaluation plans) for a suspected category."""
    r = rng.random
    if category == Cat.SPECIFIC_LEARNING_DISABILITY:
        named = [rng.choices(ACADEMIC, (60, 25, 15))[0]]
        if r() < 0.35:
            named.append(rng.choice(ACADEMIC))
        if r() < 0.15:
            named.append(A.ATTENTION)
        extra = [A.COGNITIVE]
    elif category == Cat.SPEECH_LANGUAGE_IMPAIRMENT:
        named, extra = [A.COMMUNICATION], ([A.ACADEMIC_READING] if r() < 0.2 else [])
    elif category == Cat.OTHER_HEALTH_IMPAIRMENT:
        named = [A.ATTENTION] + ([A.HEALTH] if r() < 0.5 else []) + ([rng.choice(ACADEMIC)] if r() < 0.5 else [])
        extra = [A.COGNITIVE]
    elif category == Cat.AUTISM:
        named = [A.COMMUNICATION, A.SOCIAL_EMOTIONAL] + ([A.ADAPTIVE] if r() < 0.5 else [])
        extra = [A.COGNITIVE]
    elif category == Cat.DEVELOPMENTAL_DELAY:
        named = rng.sample([A.COGNITIVE, A.COMMUNICATION, A.MOTOR, A.ADAPTIVE, A.SOCIAL_EMOTIONAL], rng.randint(2, 4))
        extra = []
    elif category == Cat.INTELLECTUAL_DISABILITY:
        named = [A.COGNITIVE, A.ADAPTIVE] + ([rng.choice(ACADEMIC)] if r() < 0.6 else [])
        extra = []
    elif category == Cat.EMOTIONAL_DISTURBANCE:
        named = [A.SOCIAL_EMOTIONAL] + ([A.ATTENTION] if r() < 0.3 else []) \
            + ([rng.choice(ACADEMIC)] if r() < 0.3 else [])
        extra = [A.COGNITIVE]
    elif category == Cat.MULTIPLE_DISABILITIES:
        named, extra = [A.COGNITIVE, A.MOTOR, A.COMMUNICATION, A.ADAPTIVE], [A.HEALTH]
    elif category in (Cat.HEARING_IMPAIRMENT, Cat.DEAFNESS):
        named, extra = [A.VISION_HEARING, A.COMMUNICATION], []
    elif category == Cat.ORTHOPEDIC_IMPAIRMENT:
        named, extra = [A.MOTOR, A.HEALTH], []
    elif category == Cat.VISUAL_IMPAIRMENT:
        named, extra = [A.VISION_HEARING] + ([A.ACADEMIC_READING] if r() < 0.4 else []), []
    elif category == Cat.TRAUMATIC_BRAIN_INJURY:
        named, extra = [A.COGNITIVE, A.ATTENTION, A.HEALTH], [A.MOTOR]
    else:  # deaf-blindness
        named, extra = [A.VISION_HEARING, A.COMMUNICATION, A.ADAPTIVE], []
    named_t = _sorted_areas(named)
    return named_t, _sorted_areas(set(named_t) | set(extra))


def plan_case(rng: random.Random, stage: Stage, *, today: date, dob: date, enrolled_on: date, settled: bool,
              english_learner: bool, demo: bool = False, overdue: bool | None = None,
              declined: str | None = None, recent: bool = False) -> CasePlan:
    """Draw the dates and the category of one student's case at ``stage``; a plain ``CasePlan()`` if they do not fit.

    ``settled``: the student started kindergarten in the district (so may have been evaluated as a preschooler).
    ``demo``: a demo caseload case, allowed a more recent eligibility and kept with open evaluation areas;
    ``overdue``: force (or forbid) a late clock where the stage has one; ``declined``: "refused" or "no_response";
    ``recent``: an eligibility decided in the last year (for a student too young, or too new here, for 1-3 years).
    """
    if stage is Stage.NONE:
        return CasePlan()
    r = rng
    p = CasePlan(stage=stage, demo=demo)

    def ago(low: int, high: int) -> date:
        return school_day_back(today - timedelta(days=r.randint(low, high)))

    def back(day: date, low: int, high: int) -> date:
        return school_day_back(day - timedelta(days=r.randint(low, high)))

    def referral_before(decided: date) -> date:
        # Most districts answer within days; a few take longer than Ohio's 30 days.
        return back(decided, 31, 45) if r.random() < 0.05 else back(decided, 1, 24)

    if stage is Stage.PREREFERRAL:
        p.concern_on = ago(56, 160)
    elif stage is Stage.REFERRED:
        late = (r.random() < 0.12) if overdue is None else overdue
        p.referral_on = ago(31, 50) if late else ago(1, 27)
    elif stage in (Stage.CONSENT_REQUESTED, Stage.CONSENT_DECLINED, Stage.REFUSED):
        low, high = {Stage.CONSENT_REQUESTED: (2, 40), Stage.CONSENT_DECLINED: (25, 330),
                     Stage.REFUSED: (5, 330)}[stage]
        p.decided_on = ago(low, high)
        p.referral_on = referral_before(p.decided_on)
        if stage is Stage.CONSENT_DECLINED:
            p.declined = declined or ("refused" if r.random() < 0.55 else "no_response")
            if p.declined == "refused":
                p.answered_on = min(today, weekday_forward(p.decided_on + timedelta(days=r.randint(3, 20))))
    else:
        # The consent day is only moved off weekends (not out of summer), so the 60-day clock is late
        # exactly when drawn late.
        if stage is Stage.EVALUATING:
            p.late = (r.random() < 0.12) if overdue is None else overdue
            p.answered_on = weekday_back(today - timedelta(days=r.randint(62, 100) if p.late else r.randint(3, 56)))
        else:
            if stage is Stage.EVALUATED:
                p.completed_on = ago(1, 25)
            else:
                p.determined_on = ago(365, 3 * 365) if stage is Stage.ELIGIBLE else ago(14, 540)
                if stage is Stage.ELIGIBLE and (demo or recent):
                    p.determined_on = ago(400, 700) if demo else ago(40, 364)
                p.completed_on = back(p.determined_on, 0, 12)
            p.late = r.random() < 0.07 if overdue is None else overdue  # Indicator 11: most on time
            p.answered_on = weekday_back(p.completed_on - timedelta(
                days=r.randint(61, 100) if p.late else r.randint(25, 58)))
        p.decided_on = back(p.answered_on, 1, 20)
        p.referral_on = referral_before(p.decided_on)
        planned = weekday_forward(p.answered_on + timedelta(days=r.randint(0, 7)))
        p.planned_on = min(planned, p.completed_on or today, today)

    # A teacher's concern, interventions and data before the referral (or, for a refusal, still going on).
    if p.referral_on is not None:
        if stage is Stage.REFUSED:
            if r.random() < 0.6:
                p.concern_on = back(p.referral_on, 56, 110)
        elif r.random() < 0.5:
            p.concern_on = back(p.referral_on, 56, 130)
            p.concern_linked = True

    part_b = _add_years(dob, 3)
    low = part_b if settled else max(part_b, enrolled_on)
    at_school = max(low, enrolled_on, _add_years(dob, 5))
    if p.concern_on is not None and p.concern_on < at_school and stage is not Stage.PREREFERRAL:
        p.concern_on, p.concern_linked = None, False  # too young or not here yet: the referral came another way
    first = min(p.dates())
    floor = at_school if p.concern_on is not None else low
    if first < floor:  # move the whole case later by whole weeks (the days of the week stay)
        shift = timedelta(weeks=math.ceil((floor - first).days / 7))
        for name in CasePlan.DATE_FIELDS:
            value = getattr(p, name)
            if value is not None:
                setattr(p, name, value + shift)
    limit = {Stage.PREREFERRAL: today - timedelta(days=49), Stage.CONSENT_REQUESTED: today - ONE_DAY,
             Stage.CONSENT_DECLINED: today - timedelta(days=7), Stage.EVALUATED: today - ONE_DAY,
             Stage.ELIGIBLE: today - timedelta(days=40 if demo or recent else 365),
             Stage.NOT_ELIGIBLE: today - timedelta(days=3)}.get(stage, today)
    if max(p.dates()) > limit:
        if stage is Stage.ELIGIBLE and not (demo or recent):
            return plan_case(rng, stage, today=today, dob=dob, enrolled_on=enrolled_on, settled=settled,
                             english_learner=english_learner, recent=True)
        return CasePlan()

    # Interventions run during a school year: a concern's data never cross a summer.
    if p.concern_on is not None:
        year = school_year_of(p.concern_on)
        end = p.referral_on if p.concern_linked else today
        if end > school_calendar.last_day(year):
            if p.concern_linked:  # the team's data are from the referral's own school year, or there are none
                start = weekday_forward(school_calendar.first_day(school_year_of(p.referral_on))
                                        + timedelta(days=r.randint(5, 12)))
                if (p.referral_on - start).days >= 56 and start >= at_school:
                    p.concern_on = start
                else:
                    p.concern_on, p.concern_linked = None, False
            else:  # an open concern from last school year: its interventions stopped on the last day
                p.concern_on = min(p.concern_on, weekday_back(
                    school_calendar.last_day(year) - timedelta(days=r.randint(49, 90))))
                if p.concern_on < at_school:
                    if stage is Stage.PREREFERRAL:
                        return CasePlan()
                    p.concern_on = None

    # What the case is about: the category found (or suspected), the areas, the source.
    on = p.determined_on or p.completed_on or (p.referral_on or p.concern_on) + timedelta(days=60)
    p.category = draw_category(r, age_on(dob, on))
    p.areas, p.eval_areas = areas_for(r, p.category)
    if stage is Stage.ELIGIBLE and p.category in SECONDARY and r.random() < 0.15:
        p.secondary = (r.choice(SECONDARY[p.category]),)
    if stage is Stage.NOT_ELIGIBLE:
        if english_learner and r.random() < 0.35:
            p.not_eligible = "english"
        elif A.ACADEMIC_READING in p.areas and r.random() < 0.12:
            p.not_eligible = "reading_instruction"
        else:
            p.not_eligible = "no_need" if r.random() < 0.3 else "no_disability"
    if p.referral_on is not None:
        if p.concern_linked:
            p.source = Referral.Source.TEACHER
        elif p.referral_on < enrolled_on:  # a preschooler: Child Find
            p.source = r.choices((Referral.Source.PARENT, Referral.Source.DAYCARE, Referral.Source.DOCTOR),
                                 (50, 30, 20))[0]
        elif stage is Stage.REFUSED:
            p.source = r.choices((Referral.Source.PARENT, Referral.Source.TEACHER, Referral.Source.DOCTOR),
                                 (75, 15, 10))[0]
        else:
            p.source = r.choices(
                (Referral.Source.PARENT, Referral.Source.TEACHER, Referral.Source.SCHOOL_STAFF,
                 Referral.Source.DOCTOR, Referral.Source.AGENCY, Referral.Source.OTHER),
                (45, 25, 10, 12, 4, 4))[0]
        p.written_request = p.source == Referral.Source.PARENT and r.random() < 0.75
    return p


def widen(plan: CasePlan, *codes: str) -> None:
    """Add areas to the evaluation plan (the demo caseload's evaluations include an evaluator's and a
    psychologist's area)."""
    plan.eval_areas = _sorted_areas({*plan.eval_areas, *codes})


# ---------------------------------------------------------------------------------------------- writing
@dataclass
class Around:
    """The people one student's records name."""

    student: Student
    school_name: str
    case_manager: User
    principal: User
    teacher: User | None  # a general-education teacher of the student (homeroom, or English/mathematics)
    team: dict[str, User]  # Discipline values, "evaluator", "sped_teacher" -> the member
    holders: list[Guardian]  # the adults who hold the student's educational rights
    staff_for: Callable[[str], User]  # a Discipline value or "evaluator" -> someone in the district who does it


@dataclass
class _Data:
    """The progress data behind a concern, for the words of the review, the referral and the notice."""

    strategy: str = ""
    unit: str = ""
    goal: str = ""
    first: str = ""
    last: str = ""
    n: int = 0
    first_on: date | None = None
    last_on: date | None = None
    weeks: int = 0


@dataclass
class _Report:
    area: dict  # the EvaluationArea row's values
    key: str = ""  # "WISC-V Full Scale IQ 94 (average)"
    low: bool = False
    descriptor: str = ""


def _number(value: float) -> Decimal:
    return Decimal(int(round(value)))


def _percentile(z: float) -> float:
    p = 50 * (1 + math.erf(z / math.sqrt(2)))
    return round(p, 1) if p < 1 or p > 99 else round(p)


def _ss_descriptor(score: int) -> str:
    for bound, word in ((130, "Very superior"), (120, "Superior"), (110, "High average"), (90, "Average"),
                        (80, "Low average"), (70, "Low")):
        if score >= bound:
            return word
    return "Very low"


def _t_descriptor(score: int) -> str:
    return "Clinically significant" if score >= 70 else "At-risk" if score >= 60 else "Average"


class CaseWriter:
    """Turns plans into records: ``add`` receives each unsaved model instance (written with bulk_create, so
    the rows below it can point to it), ``row`` the leaf rows as (model, field values)."""

    def __init__(self, rng: random.Random, add: Callable[[object], None], row: Callable[..., None], *, today: date,
                 district_name: str) -> None:
        self.rng = rng
        self.add = add
        self.row = row
        self.today = today
        self.district_name = district_name
        self.stages: Counter[Stage] = Counter()

    # -- words ----------------------------------------------------------------------------------------------
    def _words(self, a: Around, p: CasePlan) -> dict[str, str]:
        s = a.student
        sex = s.sex
        pos, obj = ("his", "him") if sex == "M" else ("her", "her") if sex == "F" else ("their", "them")
        holder = a.holders[0] if a.holders else None
        parent = f"{holder.first_name} {holder.last_name}" if holder else "The parent"
        return {"name": s.preferred_name or s.first_name, "pos": pos, "obj": obj, "school": a.school_name,
                "parent": parent, "grade": self._grade_words(s, p.concern_on or p.referral_on or self.today)}

    def _grade_words(self, s: Student, on: date) -> str:
        level = 0 if s.grade == "KG" else int(s.grade)
        years_before = (self.today.year - (self.today < school_calendar.first_day(self.today.year))) - (
            on.year - (on < school_calendar.first_day(on.year)))
        then = level - years_before
        return "kindergarten" if then == 0 else "preschool" if then < 0 else f"grade {then}"

    def _say(self, template: str, w: dict[str, str], **extra) -> str:
        return template.format_map({**w, **extra}) if (extra or "{" in template) else template

    def _person(self) -> str:
        r = self.rng
        return f"{r.choice(N.GENERAL_FEMALE + N.GENERAL_MALE)} {r.choice(N.WHITE_LAST + N.HISPANIC_LAST)}"

    def _days_between(self, after: date, through: date, count: int) -> list[date]:
        """Up to ``count`` different weekdays d with after < d <= through, in order."""
        days = [after + timedelta(days=i) for i in range(1, (through - after).days + 1)]
        days = [d for d in days if d.weekday() < 5] or days
        return sorted(self.rng.sample(days, min(count, len(days))))

    def _signer(self, a: Around, on: date) -> tuple[Guardian | None, str]:
        s = a.student
        if s.rights_transferred_on and on >= s.rights_transferred_on:
            return None, f"{s.first_name} {s.last_name}"  # an adult student holds the rights (34 CFR 300.520)
        guardian = a.holders[0] if self.rng.random() < 0.75 else self.rng.choice(a.holders)
        return guardian, f"{guardian.first_name} {guardian.last_name}"

    def _language(self, a: Around, on: date) -> str:
        s = a.student
        if s.rights_transferred_on and on >= s.rights_transferred_on:
            return s.home_language
        return a.holders[0].preferred_language if a.holders else s.home_language

    # -- one case -------------------------------------------------------------------------------------------
    def write(self, a: Around, p: CasePlan) -> None:
        self.stages[p.stage] += 1
        if p.stage is Stage.NONE:
            return
        w = self._words(a, p)
        concern, data = self._concern(a, p, w) if p.concern_on else (None, None)
        if p.referral_on is None:
            return
        referral, facts = self._referral(a, p, w, concern if p.concern_linked else None)
        if p.stage is Stage.REFERRED:
            return
        self._evaluation_notice(a, p, w, data, referral, facts)
        if p.stage is Stage.REFUSED:
            return
        consent = self._consent(a, p, w, referral, facts)
        if p.stage in (Stage.CONSENT_REQUESTED, Stage.CONSENT_DECLINED):
            return
        evaluation, reports = self._evaluation(a, p, w, referral, consent, data)
        if p.stage in DECIDED_STAGES:
            self._eligibility(a, p, w, referral, evaluation, reports)

    # -- step 1 ---------------------------------------------------------------------------------------------
    def _concern(self, a: Around, p: CasePlan, w: dict[str, str]) -> tuple[Concern, _Data]:
        r = self.rng
        s = a.student
        teacher = a.teacher or a.case_manager
        areas = [code for code in p.areas if code in T.CONCERN][:2]
        if not areas:
            areas = [T.INTERVENTION_AREA_FALLBACK.get(p.areas[0], A.ACADEMIC_READING)]
        description = " ".join(self._say(r.choice(T.CONCERN[code]), w) for code in areas)
        raised = p.concern_on
        until = p.referral_on if p.concern_linked else self.today
        year_end = school_calendar.last_day(school_year_of(raised))
        stopped = until > year_end  # an open concern from last school year: the interventions ended with it
        until = min(until, year_end)
        informed = None
        if p.concern_linked or r.random() < 0.85:
            informed = min(until, weekday_forward(raised + timedelta(days=r.randint(0, 10))))
        concern = Concern(student=s, raised_on=raised, description=description, areas_of_concern=areas,
                          parents_informed_on=informed, raised_by=teacher)
        self.add(concern)

        # Response to intervention: poor for the students the team later refers, good for a district refusal.
        if p.concern_linked:
            rate = r.uniform(0.1, 0.5)
        elif p.stage is Stage.REFUSED:
            rate = r.uniform(0.7, 1.05)
        else:
            rate = r.uniform(0.3, 1.05)
        start = weekday_forward(raised + timedelta(days=r.randint(5, 14)))
        span = (until - start).days
        segments = [(start, until)]
        if span >= 95 and r.random() < 0.6:
            mid = weekday_back(start + timedelta(days=r.randint(42, span - 46)))
            segments = [(start, mid), (weekday_forward(mid + timedelta(days=r.randint(1, 4))), until)]
        data = _Data()
        for number, (first_day, last_day) in enumerate(segments):
            area = areas[min(number, len(areas) - 1)]
            area = area if area in T.INTERVENTIONS else T.INTERVENTION_AREA_FALLBACK.get(area, A.ACADEMIC_READING)
            options = T.INTERVENTIONS[area]
            strategy, measure, unit, base_range, change_range, lower, tier = r.choice(options)
            if number:
                tier = min(3, tier + 1)
            baseline = r.randint(*base_range)
            change = r.randint(*change_range)
            goal = max(0, baseline - change) if lower else baseline + change
            if unit.startswith("%"):
                goal = min(goal, 95)
            last_segment = number == len(segments) - 1
            if not last_segment or stopped:
                end = last_day
            elif r.random() < 0.3:
                end = None
            else:
                end = first_day + timedelta(weeks=r.randint(8, 12))
            by_staff = r.random() < 0.6
            daily = tier == 3 and r.random() < 0.5
            intervention = Intervention(
                concern=concern, area=area, tier=tier, strategy=strategy, frequency=1 if daily else r.randint(2, 5),
                frequency_period=Intervention.Period.DAY if daily else Intervention.Period.WEEK,
                minutes_per_session=r.choice((15, 20, 20, 30, 30, 45)), start_date=first_day, end_date=end,
                delivered_by=teacher if by_staff else None,
                delivered_by_name="" if by_staff else f"{self._person()}, {r.choice(('reading interventionist', 'Title I tutor', 'instructional aide', 'MTSS interventionist'))}",
                measure=measure, unit=unit, baseline=Decimal(baseline), goal=Decimal(goal), created_by=teacher,
            )
            self.add(intervention)
            span_days = (last_day - first_day).days
            count = r.randint(6, 12)
            if span_days >= 35:  # weekly, or every other week over a long intervention
                step = max(7, (span_days // (count - 1)) // 7 * 7)
                count = min(count, span_days // step + 1)
            else:
                step = max(1, span_days // 5)
                count = min(6, span_days // step + 1)
            noise = 0.07 * abs(goal - baseline)
            horizon = max(span_days, 42)
            values = []
            for k in range(count):
                day = first_day + timedelta(days=k * step)
                value = baseline + (goal - baseline) * rate * (k * step) / horizon + r.gauss(0, noise)
                value = max(0.0, min(100.0, value) if unit.startswith("%") else value)
                values.append(_number(value))
                self.row(DataPoint, intervention=intervention, measured_on=day, value=values[-1],
                         note="Probe given the day after (absent)" if r.random() < 0.03 else "", recorded_by=teacher)
            data = _Data(strategy=strategy, unit=unit, goal=str(goal), first=str(values[0]), last=str(values[-1]), n=count,
                         first_on=first_day, last_on=first_day + timedelta(days=(count - 1) * step),
                         weeks=max(1, (count - 1) * step // 7))
            if number == 0:
                for description in r.sample(T.ACCOMMODATIONS.get(area, T.ACCOMMODATIONS["reading"]), r.randint(1, 2)):
                    helped = r.choice(("partly", "no", "partly", "yes")) if p.concern_linked else \
                        r.choice(("yes", "partly", "too_early", "yes"))
                    self.row(
                        Accommodation, concern=concern, description=description,
                        started_on=min(self.today, weekday_forward(raised + timedelta(days=r.randint(0, 7)))),
                        helped=helped, notes=self._say(r.choice(T.ACCOMMODATION_NOTES[helped]), w),
                        created_by=teacher,
                    )
            if not last_segment:
                self.row(Review, concern=concern, reviewed_on=last_day, attendees=r.choice(T.REVIEW_ATTENDEES),
                         notes=f"Scores went from {values[0]} to {values[-1]} {unit}; the goal is {goal}.",
                         decision=Review.Decision.CHANGE, changes=self._say(r.choice(T.REVIEW_CHANGE), w),
                         recorded_by=teacher)
        if p.concern_linked:
            self.row(
                Review, concern=concern, reviewed_on=p.referral_on, attendees=r.choice(T.REVIEW_ATTENDEES),
                notes=self._say(r.choice(T.REVIEW_REFER), w, weeks=data.weeks, first=data.first, last=data.last,
                                unit=data.unit, goal=data.goal),
                decision=Review.Decision.REFER, changes="", recorded_by=teacher,
            )
        elif len(segments) == 1 and r.random() < 0.45 and span >= 28:
            self.row(Review, concern=concern, reviewed_on=weekday_back(start + timedelta(days=r.randint(28, span))),
                     attendees=r.choice(T.REVIEW_ATTENDEES), notes=r.choice(T.REVIEW_CONTINUE),
                     decision=Review.Decision.CONTINUE, changes="", recorded_by=teacher)
        return concern, data

    # -- step 2 ---------------------------------------------------------------------------------------------
    def _referral(self, a: Around, p: CasePlan, w: dict[str, str], concern: Concern | None):
        r = self.rng
        s = a.student
        source = p.source
        referrer = ""
        if source == Referral.Source.DOCTOR:
            referrer = f"Dr. {self._person()} ({r.choice(('pediatrician', 'family physician', 'developmental pediatrician'))})"
        elif source == Referral.Source.DAYCARE:
            referrer = r.choice(T.CHILD_CARE)
        elif source == Referral.Source.AGENCY:
            referrer = r.choice(T.AGENCIES)
        elif source == Referral.Source.OTHER:
            referrer = r.choice(T.OTHER_REFERRERS)
        concern_area = next((code for code in p.areas if code in T.CONCERN), None)
        concern_words = self._say(r.choice(T.CONCERN[concern_area]), w) if concern_area else \
            f"{w['name']} has difficulties at school that worry the family and the teacher."
        if concern is not None:
            reason = concern.description
        else:
            template = r.choice(T.REFERRAL_REASONS[source])
            reason = self._say(template, w, concern=concern_words, referrer=referrer or "The referrer",
                               diagnosis=T.DIAGNOSES.get(p.category, "a condition that affects learning"),
                               preschool=r.choice(T.PRESCHOOL))
        status = {
            Stage.REFERRED: Referral.Status.AWAITING_DECISION,
            Stage.REFUSED: Referral.Status.EVALUATION_REFUSED,
            Stage.ELIGIBLE: Referral.Status.CLOSED,
            Stage.NOT_ELIGIBLE: Referral.Status.CLOSED,
        }.get(p.stage, Referral.Status.EVALUATION_PROPOSED)
        decided = p.stage is not Stage.REFERRED
        referral = Referral(
            student=s, received_on=p.referral_on, source=source, referred_by_name=referrer,
            is_written_parent_request=p.written_request, reason=reason, areas_of_concern=list(p.areas),
            status=status, decided_on=p.decided_on if decided else None,
            decided_by=a.case_manager if decided else None,
            created_by=(a.teacher or a.case_manager) if p.concern_linked else a.case_manager,
        )
        self.add(referral)
        if concern is not None:
            concern.referral = referral  # the team's "refer" decision made this referral
        facts = referral_rules.ReferralFacts(
            first_name=w["name"], school_name=a.school_name, district_name=self.district_name,
            received_on=p.referral_on, source_label=Referral.Source(source).label, reason=reason,
            area_labels=[AREA_LABELS[code] for code in p.areas], is_written_parent_request=p.written_request,
        )
        return referral, facts

    def _evaluation_notice(self, a: Around, p: CasePlan, w, data: _Data | None, referral: Referral,
                           facts: referral_rules.ReferralFacts) -> PriorWrittenNotice:
        r = self.rng
        s = a.student
        refuses = p.stage is Stage.REFUSED
        action = referral_rules.REFUSES if refuses else referral_rules.PROPOSES
        texts = referral_rules.notice_defaults(facts, action)
        language = self._language(a, p.decided_on)
        data_words = ""
        if data is not None and data.n:
            data_words = self._say(T.PROPOSE_DATA[0], w, strategy=data.strategy, n=data.n,
                                   first_on=_long(data.first_on), last_on=_long(data.last_on), first=data.first,
                                   last=data.last, unit=data.unit, goal=data.goal)
        records = [self._say(line, w) for line in r.sample(T.BASIS_RECORDS, r.randint(2, 4))]
        texts["evaluation_basis"] = "\n".join(filter(None, [texts["evaluation_basis"], data_words, *records]))
        if refuses:
            choices = list(T.REFUSE_REASONS[1:3]) + ([T.REFUSE_REASONS[0]] * 3 if data and data.n else []) \
                + ([T.REFUSE_REASONS[3]] if s.english_learner else [])
            texts["reasons"] = self._say(r.choice(choices), w, strategy=data.strategy if data else "",
                                         first=data.first if data else "", last=data.last if data else "",
                                         unit=data.unit if data else "", goal=data.goal if data else "")
            texts["options_considered"] = self._say(r.choice(T.REFUSE_OPTIONS), w)
            texts["other_factors"] = self._say(r.choice(T.REFUSE_OTHER), w)
            referral.decision_notes = texts["reasons"]
        else:
            extra = self._say(r.choice(T.PROPOSE_REASONS_EXTRA), w)
            texts["reasons"] = " ".join(filter(None, [texts["reasons"], extra]))
            texts["options_considered"] = self._say(r.choice(T.PROPOSE_OPTIONS), w)
            if s.english_learner:
                other = r.choice(T.PROPOSE_OTHER_EL)
            elif language not in ("en", "") and r.random() < 0.7:
                other = r.choice(T.PROPOSE_OTHER_INTERPRETER)
            else:
                other = r.choice(T.PROPOSE_OTHER)
                if "{since}" in other and (s.enrolled_on is None or s.enrolled_on > p.decided_on):
                    other = T.PROPOSE_OTHER[0]
            texts["other_factors"] = self._say(other, w, language=LANGUAGE_NAMES.get(language, "the family's language"),
                                               since=f"{s.enrolled_on:%B %Y}" if s.enrolled_on else "kindergarten")
        notice = PriorWrittenNotice(
            student=s, referral=referral, action=action, subject=PriorWrittenNotice.Subject.EVALUATION,
            language=language, issued_on=p.decided_on, issued_by=a.case_manager, **texts,
        )
        self.add(notice)
        return notice

    def _consent(self, a: Around, p: CasePlan, w, referral: Referral, facts) -> Consent:
        r = self.rng
        requested = p.decided_on
        consent = Consent(
            student=a.student, referral=referral, kind=Consent.Kind.INITIAL_EVALUATION, requested_on=requested,
            description=referral_rules.consent_description_default(facts), created_by=a.case_manager,
        )
        attempts: list[date] = []
        if p.stage is Stage.CONSENT_REQUESTED:
            attempts = self._days_between(requested, self.today, r.randint(1, 3))
        elif p.declined == "no_response":
            consent.status = Consent.Status.NO_RESPONSE
            consent.notes = r.choice(T.NO_RESPONSE_NOTES)
            attempts = self._days_between(requested, min(self.today, requested + timedelta(days=40)), r.randint(2, 4))
        else:
            answered = p.answered_on
            refused = p.declined == "refused"
            consent.status = Consent.Status.REFUSED if refused else Consent.Status.GRANTED
            consent.responded_on = answered
            consent.method = r.choice((Consent.Method.PAPER, Consent.Method.IN_PERSON)) if refused else \
                r.choices((Consent.Method.PAPER, Consent.Method.ELECTRONIC, Consent.Method.IN_PERSON,
                           Consent.Method.MAIL), (35, 25, 30, 10))[0]
            consent.guardian, consent.signed_name = self._signer(a, answered)
            if refused:
                consent.notes = self._say(r.choice(T.REFUSAL_NOTES), w, parent=consent.signed_name)
            if (answered - requested).days >= 3 and r.random() < (0.5 if refused else 0.3):
                attempts = self._days_between(requested, answered - ONE_DAY, r.randint(1, 2))
        self.add(consent)
        methods = list(T.ATTEMPTS)
        for day in attempts:
            method = r.choice(methods)
            self.row(ConsentAttempt, consent=consent, attempted_on=day, method=method,
                     outcome=self._say(r.choice(T.ATTEMPTS[method]), w)[:300], by=a.case_manager)
        return consent

    # -- step 3 ---------------------------------------------------------------------------------------------
    def _evaluator(self, a: Around, area: str) -> User:
        if area in PSYCH_AREAS:
            role = Discipline.SCHOOL_PSYCHOLOGY
        elif area == A.COMMUNICATION:
            role = Discipline.SPEECH_LANGUAGE
        elif area == A.MOTOR:
            role = Discipline.OCCUPATIONAL_THERAPY
        else:
            role = "evaluator"
        return a.team.get(role) or a.team.get("evaluator") or a.staff_for(role)

    def _deficits(self, p: CasePlan) -> set[str]:
        if p.stage is Stage.NOT_ELIGIBLE and p.not_eligible != "no_need":
            return set()
        c = p.category
        if c == Cat.SPECIFIC_LEARNING_DISABILITY:
            return set(p.areas) & set(ACADEMIC)
        if c == Cat.SPEECH_LANGUAGE_IMPAIRMENT:
            return {A.COMMUNICATION}
        if c == Cat.OTHER_HEALTH_IMPAIRMENT:
            return {A.ATTENTION}
        if c == Cat.EMOTIONAL_DISTURBANCE:
            return {A.SOCIAL_EMOTIONAL, A.ATTENTION}
        if c in (Cat.HEARING_IMPAIRMENT, Cat.DEAFNESS):
            return {A.COMMUNICATION}
        if c == Cat.TRAUMATIC_BRAIN_INJURY:
            return {A.COGNITIVE, A.ATTENTION}
        return set(p.eval_areas) - {A.HEALTH, A.VISION_HEARING}

    def _scores(self, area: str, p: CasePlan, low: bool, young: bool) -> tuple[list[dict], str, str]:
        """Score rows for an area, the key result in words, and its descriptor."""
        r = self.rng
        key_area = "cognitive_young" if area == A.COGNITIVE and young else area
        measures = T.MEASURES.get(key_area)
        if not measures:
            return [], "", ""
        mild = p.stage is Stage.NOT_ELIGIBLE
        english = p.not_eligible == "english" and area in (*ACADEMIC, A.COMMUNICATION, A.COGNITIVE)
        rows = []
        for measure, kind in measures:
            if kind == "t":
                score = r.randint(66, 82) if low else r.randint(55, 64) if mild and r.random() < 0.3 else r.randint(42, 58)
                z, scale, descriptor = (score - 50) / 10, "T-score (mean 50, SD 10)", _t_descriptor(score)
            else:
                if low and area == A.COGNITIVE and p.category in (Cat.INTELLECTUAL_DISABILITY, Cat.MULTIPLE_DISABILITIES):
                    score = r.randint(50, 68)
                elif low and area == A.ADAPTIVE and p.category == Cat.INTELLECTUAL_DISABILITY:
                    score = r.randint(55, 72)
                elif low:
                    score = r.randint(65, 84)
                elif english:
                    score = r.randint(74, 88)
                elif mild:
                    score = r.randint(84, 104)
                else:
                    score = r.randint(88, 112)
                z, scale, descriptor = (score - 100) / 15, "Standard score (mean 100, SD 15)", _ss_descriptor(score)
            rows.append({"measure": measure, "score": score, "scale": scale, "percentile": _percentile(z),
                         "descriptor": descriptor})
        first = rows[0]
        return rows, f"{first['measure']} {first['score']} ({first['descriptor'].lower()})", first["descriptor"].lower()

    def _evaluation(self, a: Around, p: CasePlan, w, referral: Referral, consent: Consent, data: _Data | None):
        r = self.rng
        s = a.student
        planned = p.planned_on
        completed = p.completed_on
        young = age_on(s.date_of_birth, planned) < 6
        not_needed = []
        if A.VISION_HEARING not in p.eval_areas and r.random() < 0.35:
            screened = max(p.referral_on, planned - timedelta(days=r.randint(10, 120)))
            not_needed.append({"area": A.VISION_HEARING, "reason": (
                f"Passed the school's vision and hearing screening on {_long(screened)}; no concerns from the "
                "family or teachers.")})
        evaluation = Evaluation(
            student=s, referral=referral, consent=consent, kind=Evaluation.Kind.INITIAL, planned_on=planned,
            completed_on=completed, status=Evaluation.Status.COMPLETED if completed else Evaluation.Status.PLANNED,
            areas_not_needed=not_needed, created_by=a.case_manager,
        )
        self.add(evaluation)
        deficits = self._deficits(p)
        reports: list[_Report] = []
        for code in p.eval_areas:
            evaluator = self._evaluator(a, code)
            due = weekday_back(min(planned + timedelta(days=r.randint(21, 45)), p.answered_on + timedelta(days=55)))
            due = max(due, planned)
            area = {"evaluation": evaluation, "area": code, "evaluator": evaluator, "due_on": due, "completed_on": None,
                    "instruments": "", "scores": [], "summary": ""}
            done_on = None
            if completed is not None:
                low_day = min(completed, planned + timedelta(days=3))
                done_on = low_day + timedelta(days=r.randint(0, (completed - low_day).days))
            else:
                keep_open = p.demo and (evaluator.role == User.Role.EVALUATOR
                                        or evaluator.discipline == Discipline.SCHOOL_PSYCHOLOGY)
                first_possible = planned + timedelta(days=3)
                chance = 0.65 if due <= self.today else 0.3
                if not keep_open and first_possible <= self.today and r.random() < chance:
                    last_possible = min(self.today, due + timedelta(days=7))
                    done_on = first_possible + timedelta(days=r.randint(0, max(0, (last_possible - first_possible).days)))
            report = _Report(area)
            if done_on is not None:
                low = code in deficits
                scores, key, descriptor = self._scores(code, p, low, young)
                label = AREA_LABELS[code].lower()
                if scores:
                    template = r.choice(T.AREA_SUMMARY_LOW if low else T.AREA_SUMMARY_OK)
                    summary = self._say(template, w, area=label, key=key, descriptor=descriptor)
                else:
                    summary = r.choice(T.AREA_SUMMARY_RECORDS)
                area.update(completed_on=done_on, scores=scores, summary=summary,
                            instruments=T.INSTRUMENTS["cognitive_young" if code == A.COGNITIVE and young else code])
                report = _Report(area, key=key, low=low, descriptor=descriptor)
            reports.append(report)
            self.row(EvaluationArea, **area)
        if completed is None:
            if any(rep.area["completed_on"] for rep in reports):
                evaluation.status = Evaluation.Status.IN_PROGRESS
            return evaluation, reports
        labels = [AREA_LABELS[c].lower() for c in p.eval_areas]
        areas_words = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
        if p.stage is Stage.NOT_ELIGIBLE and p.not_eligible != "no_need":
            finding = "The results do not show a disability that needs special education."
        else:
            finding = "The results show " + self._say(T.CATEGORY_FINDINGS[p.category], w, areas=areas_words) + "."
        evaluation.summary = self._say(r.choice(T.EVALUATION_SUMMARY), w, areas=areas_words,
                                       finding_sentence=finding, strengths=" and ".join(r.sample(T.STRENGTHS, 2)))
        lines = [f"{AREA_LABELS[rep.area['area']]}: {rep.key}." for rep in reports if rep.key and rep.low]
        if data is not None and data.n:
            lines.append(f"Progress monitoring ({data.strategy}): {data.last} {data.unit} on {_long(data.last_on)}.")
        evaluation.baseline = "\n".join(lines) or "Performance is within the average range in the areas assessed."
        return evaluation, reports

    # -- step 4 ---------------------------------------------------------------------------------------------
    def _eligibility(self, a: Around, p: CasePlan, w, referral: Referral, evaluation: Evaluation,
                     reports: Sequence[_Report]) -> None:
        r = self.rng
        s = a.student
        eligible = p.stage is Stage.ELIGIBLE
        on = p.determined_on
        key = "; ".join(rep.key for rep in reports if rep.key)[:600] or "records and observations"
        finding = self._say(T.CATEGORY_FINDINGS[p.category], w,
                            areas=", ".join(AREA_LABELS[c].lower() for c in p.areas))
        fields: dict = {"adverse_effect": None, "needs_special_education": None}
        if eligible:
            fields.update(result=EligibilityDetermination.Result.ELIGIBLE, primary_category=p.category,
                          secondary_categories=list(p.secondary), adverse_effect=True, needs_special_education=True)
            rationale = self._say(r.choice(T.ELIGIBLE_RATIONALE), w, finding=finding, key=key)
        else:
            kind = p.not_eligible
            fields.update(result=EligibilityDetermination.Result.NOT_ELIGIBLE, primary_category="",
                          secondary_categories=[])
            if kind == "no_need":
                fields.update(primary_category=p.category, adverse_effect=r.random() < 0.5,
                              needs_special_education=False, consider_section_504=True)
            elif kind == "english":
                fields.update(determinant_limited_english_proficiency=True)
            elif kind == "reading_instruction":
                fields.update(determinant_lack_of_reading_instruction=True)
            else:
                fields.update(needs_special_education=False, consider_section_504=r.random() < 0.25)
            rationale = self._say(r.choice(T.NOT_ELIGIBLE_RATIONALE[kind]), w, finding=finding, key=key)

        votes = self._votes(a, p, w, reports, eligible)
        sld = Cat.SPECIFIC_LEARNING_DISABILITY in {fields.get("primary_category"), *fields.get("secondary_categories", [])}
        determinants = [name for name in eligibility_rules.DETERMINANTS if fields.get(name)]
        facts = eligibility_rules.NoticeFacts(
            student_name=s.full_name, determined_on=on, eligible=eligible,
            primary_category=fields.get("primary_category", ""), secondary_categories=fields.get("secondary_categories", []),
            adverse_effect=fields["adverse_effect"], needs_special_education=fields["needs_special_education"],
            determinants=determinants, consider_section_504=bool(fields.get("consider_section_504")),
            rationale=rationale, evaluation_completed_on=evaluation.completed_on,
            area_lines=[f"{AREA_LABELS[rep.area['area']]}: {rep.area['instruments'] or 'see the report'} "
                        f"({rep.area['evaluator'].first_name} {rep.area['evaluator'].last_name}, "
                        f"{_long(rep.area['completed_on'])})" for rep in reports],
            dissenters=[v["member_name"] for v in votes if not v["agrees"]],
        )
        notice = PriorWrittenNotice(
            student=s, referral=referral, subject=PriorWrittenNotice.Subject.IDENTIFICATION,
            action=PriorWrittenNotice.Action.PROPOSES if eligible else PriorWrittenNotice.Action.REFUSES,
            language=self._language(a, on), issued_on=on, issued_by=a.case_manager,
            **eligibility_rules.notice_defaults(facts),
        )
        self.add(notice)
        given = evaluation.completed_on + timedelta(days=r.randint(0, (on - evaluation.completed_on).days))
        determination = EligibilityDetermination(
            student=s, evaluation=evaluation, determined_on=on, rationale=rationale, report_given_to_parent_on=given,
            notice=notice, recorded_by=a.case_manager, **fields,
        )
        self.add(determination)
        for vote in votes:
            if sld:  # every member certifies in writing (34 CFR 300.311(b))
                vote["signed"] = True
            self.row(EligibilityVote, determination=determination, **vote)

    def _votes(self, a: Around, p: CasePlan, w, reports: Sequence[_Report], eligible: bool) -> list[dict]:
        """The EligibilityVote rows' values: the parent (or the adult student), then each staff member once."""
        r = self.rng
        on = p.determined_on
        votes: list[dict] = []
        guardian, name = self._signer(a, on)
        role = eligibility_rules.PARENT_ROLE if guardian is not None else eligibility_rules.STUDENT_ROLE
        parent_dissents = not eligible and r.random() < 0.15
        votes.append({
            "member": guardian.user if guardian is not None else None, "member_name": name, "role": role,
            "agrees": not parent_dissents, "signed": r.random() < 0.9,
            "dissent": self._say(r.choice(T.DISSENT_PARENT), w) if parent_dissents else "",
        })
        staff: list[tuple[User, str]] = [(a.case_manager, "Case manager")]
        if a.teacher is not None:
            staff.append((a.teacher, "General education teacher"))
        for rep in reports:
            user = rep.area["evaluator"]
            if user.discipline == Discipline.SCHOOL_PSYCHOLOGY:
                staff.append((user, "School psychologist"))
            elif user.discipline == Discipline.SPEECH_LANGUAGE:
                staff.append((user, "Speech-language pathologist"))
            elif user.role == User.Role.PROVIDER:
                staff.append((user, "Related-service provider"))
            else:
                staff.append((user, "Evaluator"))
        staff.append((a.principal, "LEA representative"))
        seen: set[int] = set()
        for user, role in staff:
            if id(user) in seen:
                continue
            seen.add(id(user))
            dissents = eligible and role == "General education teacher" and r.random() < 0.03
            votes.append({
                "member": user, "member_name": f"{user.first_name} {user.last_name}", "role": role,
                "agrees": not dissents, "signed": r.random() < 0.9,
                "dissent": self._say(r.choice(T.DISSENT_STAFF), w) if dissents else "",
            })
        return votes
