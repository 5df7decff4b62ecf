"""Pure rules of the IEP (no ORM): what a complete IEP holds, minutes a week, the federal environment code,
and what changed between two versions. Views, services, the PDF and the reporting queries all call these.

Facts come in as plain dataclasses built by ``iep.selectors``; every branch is tested directly.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

# ------------------------------------------------------------------------------------------ sections
#: The IEP's narrative sections, in the order of the OSEP model form, and the fields each one holds.
#: Autosave and the conflict check work field by field inside these sections.
SECTIONS: dict[str, tuple[str, ...]] = {
    "dates": ("start_date", "end_date"),
    "present_levels": ("present_levels_academic", "present_levels_functional", "disability_impact"),
    "family_and_student": ("parent_concerns", "student_strengths", "student_input"),
    "special_factors": (
        "factor_behavior", "factor_limited_english", "factor_blind", "factor_communication", "factor_deaf",
        "factor_assistive_technology", "special_factors_notes", "behavior_plan_reference",
    ),
    "progress_reporting": ("progress_report_schedule", "progress_report_method"),
    "assessments": ("state_assessment", "district_assessment", "alternate_assessment_reason"),
    "placement": (
        "setting", "school_week_minutes", "nonparticipation_explanation", "ec_program_hours_per_week",
        "ec_services_in_program",
    ),
    "esy": ("esy", "esy_notes"),
    "transition": (
        "postsecondary_education_goal", "postsecondary_employment_goal", "postsecondary_independent_living_goal",
        "transition_assessments", "transition_services", "course_of_study", "agencies_invited",
    ),
    "majority": ("majority_informed_on",),
}

SECTION_TITLES: dict[str, str] = {
    "present_levels": "Present levels of academic achievement and functional performance",
    "family_and_student": "The parents' concerns and the student's strengths and input",
    "special_factors": "Special factors",
    "goals": "Measurable annual goals",
    "progress_reporting": "How progress is measured and reported",
    "services": "Services, aids, modifications and supports",
    "accommodations": "Accommodations",
    "assessments": "State and district assessments",
    "placement": "Least restrictive environment",
    "esy": "Extended school year",
    "transition": "Transition",
    "majority": "Age of majority",
    "dates": "Dates",
}

SECTION_CITATIONS: dict[str, str] = {
    "present_levels": "34 CFR 300.320(a)(1)",
    "family_and_student": "34 CFR 300.324(a)(1)",
    "special_factors": "34 CFR 300.324(a)(2)",
    "goals": "34 CFR 300.320(a)(2)",
    "progress_reporting": "34 CFR 300.320(a)(3)",
    "services": "34 CFR 300.320(a)(4), (a)(7)",
    "accommodations": "34 CFR 300.320(a)(4), (a)(6)",
    "assessments": "34 CFR 300.320(a)(6)",
    "placement": "34 CFR 300.320(a)(5), 300.114",
    "esy": "34 CFR 300.106",
    "transition": "34 CFR 300.320(b)",
    "majority": "34 CFR 300.320(c)",
    "dates": "34 CFR 300.320(a)(7), 300.324(b)",
}

FIELD_SECTION: dict[str, str] = {name: section for section, names in SECTIONS.items() for name in names}

SPECIAL_FACTORS = SECTIONS["special_factors"][:6]

PLACEHOLDER = re.compile(r"\[(student|target|grade|baseline|number|setting|adult)\]", re.IGNORECASE)


# --------------------------------------------------------------------------------------------- facts
@dataclass(frozen=True)
class GoalFacts:
    id: int
    order: int
    area: str = ""
    statement: str = ""
    baseline: str = ""
    criterion: str = ""
    measurement_method: str = ""
    measurement_schedule: str = ""
    responsible: str = ""
    target_value: Decimal | None = None
    objectives: int = 0


@dataclass(frozen=True)
class ServiceFacts:
    id: int
    order: int
    kind: str = ""
    name: str = ""
    provider_role: str = ""
    minutes: int | None = None
    times: int | None = None
    period: str = ""
    location: str = ""
    start_date: date | None = None
    end_date: date | None = None


@dataclass(frozen=True)
class IEPFacts:
    """Everything the completeness check needs about one draft."""

    sections: Mapping[str, object]
    start_date: date | None
    end_date: date | None
    date_of_birth: date | None
    grade: str
    transition_age: float
    majority_age: int
    meeting_date: date | None = None
    goals: Sequence[GoalFacts] = ()
    services: Sequence[ServiceFacts] = ()
    accommodations: int = 0
    testing_accommodations: int = 0
    provider_roles_available: frozenset[str] | None = None  # None: not checked
    kind: str = "initial"
    previous_end_date: date | None = None


@dataclass(frozen=True)
class Problem:
    """One thing missing or wrong, with the field it is about (``anchor`` is the element id on the page)."""

    section: str
    anchor: str
    message: str
    citation: str = ""


# ---------------------------------------------------------------------------------------------- ages
def age_on(date_of_birth: date | None, on: date | None) -> float | None:
    """Age in years (fractional by whole months) on a day; None without both dates."""
    if date_of_birth is None or on is None:
        return None
    months = (on.year - date_of_birth.year) * 12 + (on.month - date_of_birth.month)
    if on.day < date_of_birth.day:
        months -= 1
    return months / 12


def needs_transition_plan(facts: IEPFacts) -> bool:
    """The first IEP in effect when the student reaches the state's transition age (300.320(b)): the student
    reaches it before the IEP ends."""
    age = age_on(facts.date_of_birth, facts.end_date or facts.start_date)
    return age is not None and age >= facts.transition_age


def needs_majority_statement(facts: IEPFacts) -> bool:
    """Beginning at least one year before the age of majority (300.320(c))."""
    age = age_on(facts.date_of_birth, facts.end_date or facts.start_date)
    return age is not None and age >= facts.majority_age - 1


def is_early_childhood(date_of_birth: date | None, grade: str, on: date | None) -> bool:
    """Ages 3-5 and not in kindergarten: the early-childhood environments (FS089) apply."""
    age = age_on(date_of_birth, on)
    if age is None:
        return grade in {"PK", "IT", "PR"}
    return age < 6 and grade not in {"KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13"}


# ------------------------------------------------------------------------------------------- minutes
#: Weeks a period stands for when minutes are turned into minutes a week. A school year is 36 weeks
#: (180 days); a month is a year's 36 weeks over its 9 school months.
WEEKS_PER_PERIOD: dict[str, Decimal] = {
    "day": Decimal("0.2"),
    "week": Decimal("1"),
    "month": Decimal("4"),
    "year": Decimal("36"),
}


def minutes_per_week(minutes: int | None, times: int | None, period: str) -> Decimal:
    """Minutes a week a service stands for: 30 minutes 3 times a week is 90; 20 minutes a day is 100."""
    if not minutes or not times or period not in WEEKS_PER_PERIOD:
        return Decimal(0)
    return (Decimal(minutes) * Decimal(times) / WEEKS_PER_PERIOD[period]).quantize(Decimal("0.1"))


def minutes_outside_regular_class(services: Iterable[ServiceFacts], on: date | None = None) -> int:
    """Minutes a week of services delivered outside the regular class (in effect on ``on`` if given)."""
    total = Decimal(0)
    for service in services:
        if service.location in {"", "regular_class"}:
            continue
        if on is not None and ((service.start_date and service.start_date > on)
                               or (service.end_date and service.end_date < on)):
            continue
        total += minutes_per_week(service.minutes, service.times, service.period)
    return int(total.to_integral_value())


def percent_inside_regular_class(week_minutes: int | None, outside_minutes: int | None) -> Decimal | None:
    """Time inside the regular class ÷ the whole school day (lunch, recess, study periods included) × 100."""
    if not week_minutes:
        return None
    outside = min(max(outside_minutes or 0, 0), week_minutes)
    return (Decimal(week_minutes - outside) * 100 / Decimal(week_minutes)).quantize(Decimal("0.1"))


# --------------------------------------------------------------------------------------- environment
SCHOOL_AGE_SETTING_CODES = {
    "separate_school": "SS", "residential": "RF", "homebound": "HH", "correctional": "CF",
    "private_by_parent": "PPPS",
}
EARLY_CHILDHOOD_SETTING_CODES = {
    "ec_separate_class": "SC", "separate_school": "SS", "residential": "RF", "ec_home": "H", "homebound": "H",
    "ec_service_provider": "SPL",
}

ENVIRONMENT_LABELS = {
    "RC80": "Inside the regular class 80% or more of the day",
    "RC79TO40": "Inside the regular class 40% to 79% of the day",
    "RC39": "Inside the regular class less than 40% of the day",
    "SS": "Separate school",
    "RF": "Residential facility",
    "HH": "Homebound or hospital",
    "CF": "Correctional facility",
    "PPPS": "Parentally placed in a private school",
    "REC10YSVCS": "Regular early-childhood program 10+ hours a week, most services there",
    "REC10YOTHLOC": "Regular early-childhood program 10+ hours a week, most services elsewhere",
    "REC09YSVCS": "Regular early-childhood program under 10 hours a week, most services there",
    "REC09YOTHLOC": "Regular early-childhood program under 10 hours a week, most services elsewhere",
    "SC": "Separate special-education class",
    "H": "Home",
    "SPL": "Service provider's location",
}


def environment_code(
    *,
    setting: str,
    early_childhood: bool,
    week_minutes: int | None = None,
    outside_minutes: int | None = None,
    ec_program_hours: Decimal | float | None = None,
    ec_services_in_program: bool | None = None,
) -> str:
    """The EDFacts educational environment (FS002 school age, FS089 early childhood); "" when not decidable.

    A separate school, residential facility, home or hospital, correctional facility or private placement
    overrides the percentage; in a public school the share of the week inside the regular class decides.
    """
    if not setting:
        return ""
    if early_childhood:
        if setting in EARLY_CHILDHOOD_SETTING_CODES:
            return EARLY_CHILDHOOD_SETTING_CODES[setting]
        if setting == "ec_regular_program":
            if ec_program_hours is None or ec_services_in_program is None:
                return ""
            ten = Decimal(str(ec_program_hours)) >= 10
            return ("REC10Y" if ten else "REC09Y") + ("SVCS" if ec_services_in_program else "OTHLOC")
        return ""
    if setting in SCHOOL_AGE_SETTING_CODES:
        return SCHOOL_AGE_SETTING_CODES[setting]
    if setting != "regular_school":
        return ""
    percent = percent_inside_regular_class(week_minutes, outside_minutes)
    if percent is None:
        return ""
    if percent >= 80:
        return "RC80"
    if percent >= 40:
        return "RC79TO40"
    return "RC39"


# -------------------------------------------------------------------------------------- completeness
def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def goal_problems(goal: GoalFacts) -> list[str]:
    """What keeps a goal from being measurable (baseline, target, criterion, method)."""
    problems = []
    if _blank(goal.statement):
        problems.append("Write the annual goal.")
    if _blank(goal.baseline):
        problems.append("Add the baseline: where the student is now, with the data.")
    if _blank(goal.criterion):
        problems.append("Add the criterion: how well and how often, with a number.")
    elif not re.search(r"\d", goal.criterion) and goal.target_value is None:
        problems.append("The criterion has no number and there is no target value: make it measurable.")
    if _blank(goal.measurement_method):
        problems.append("Choose how progress is measured.")
    if _blank(goal.measurement_schedule):
        problems.append("Say how often progress is measured.")
    if _blank(goal.responsible):
        problems.append("Name who is responsible for the goal.")
    for text in (goal.statement, goal.baseline, goal.criterion):
        if text and PLACEHOLDER.search(text):
            problems.append(f"Replace the placeholder {PLACEHOLDER.search(text).group(0)} with the student's own value.")
            break
    return problems


def service_problems(
    service: ServiceFacts, *, iep_start: date | None, iep_end: date | None,
    provider_roles_available: frozenset[str] | None = None,
) -> list[str]:
    problems = []
    if _blank(service.name):
        problems.append("Name the service.")
    if not service.minutes:
        problems.append("Give the minutes each time.")
    if not service.times or _blank(service.period):
        problems.append("Give how often (times a day, week, month or year).")
    if _blank(service.location):
        problems.append("Give where the service is delivered.")
    if _blank(service.provider_role):
        problems.append("Give who provides it (the provider's role).")
    elif provider_roles_available is not None and service.provider_role not in provider_roles_available \
            and service.provider_role not in ALWAYS_AVAILABLE_ROLES:
        problems.append("The district has no staff in this provider role: choose another or add the staff first.")
    if service.start_date is None or service.end_date is None:
        problems.append("Give the start and end dates.")
    else:
        if service.end_date < service.start_date:
            problems.append("The end date is before the start date.")
        if iep_start and service.start_date < iep_start:
            problems.append("The service starts before the IEP does.")
        if iep_end and service.end_date > iep_end:
            problems.append("The service ends after the IEP does.")
    return problems


#: Provider roles every district has (teachers, aides, bus staff): not checked against the staff list.
ALWAYS_AVAILABLE_ROLES = frozenset({"sped_teacher", "gened_teacher", "paraprofessional", "transportation"})


def completeness_problems(facts: IEPFacts) -> list[Problem]:
    """Everything a draft still needs before it can be finalised, in the order of the document."""
    s = facts.sections
    out: list[Problem] = []

    def add(section: str, anchor: str, message: str) -> None:
        out.append(Problem(section, anchor, message, SECTION_CITATIONS.get(section, "")))

    # Dates.
    if facts.start_date is None:
        add("dates", "id_start_date", "Give the date services begin.")
    if facts.end_date is None:
        add("dates", "id_end_date", "Give the date the IEP ends (the annual review is due by then).")
    if facts.start_date and facts.end_date:
        if facts.end_date <= facts.start_date:
            add("dates", "id_end_date", "The IEP must end after it starts.")
        anchor_day = facts.meeting_date or facts.start_date
        if facts.kind != "amendment" and (facts.end_date - anchor_day).days > 366:
            add("dates", "id_end_date", "An IEP is reviewed at least once a year: end it within a year of the meeting.")
        if facts.kind == "amendment" and facts.previous_end_date and facts.end_date > facts.previous_end_date:
            add("dates", "id_end_date", "An amendment cannot replace the annual review: keep the amended IEP's end date.")

    # Present levels.
    for name, message in (
        ("present_levels_academic", "Describe the present level of academic achievement."),
        ("present_levels_functional", "Describe the present level of functional performance."),
        ("disability_impact", "Say how the disability affects involvement and progress in the general curriculum."),
    ):
        if _blank(s.get(name)):
            add("present_levels", f"id_{name}", message)
    if _blank(s.get("parent_concerns")):
        add("family_and_student", "id_parent_concerns", "Record the parents' concerns (ask them, or note that they have none).")
    if _blank(s.get("student_strengths")):
        add("family_and_student", "id_student_strengths", "Record the student's strengths.")

    # Special factors: each one considered.
    for name in SPECIAL_FACTORS:
        if s.get(name) is None:
            add("special_factors", f"id_{name}", f"Answer yes or no: {SPECIAL_FACTOR_QUESTIONS[name]}")
    if any(s.get(name) is True for name in SPECIAL_FACTORS) and _blank(s.get("special_factors_notes")):
        add("special_factors", "id_special_factors_notes", "Say how the IEP addresses each special factor that applies.")

    # Goals.
    alternate = s.get("state_assessment") == "alternate" or s.get("district_assessment") == "alternate"
    if not facts.goals:
        add("goals", "goals", "Add at least one measurable annual goal.")
    for goal in facts.goals:
        for message in goal_problems(goal):
            add("goals", f"goal-{goal.id}", f"Goal {goal.order}: {message}")
        if alternate and goal.objectives == 0:
            add("goals", f"goal-{goal.id}", f"Goal {goal.order}: a student taking the alternate assessment needs "
                                             "short-term objectives or benchmarks (300.320(a)(2)(ii)).")

    # Progress reporting.
    if _blank(s.get("progress_report_schedule")):
        add("progress_reporting", "id_progress_report_schedule", "Say when the parents get progress reports.")

    # Services.
    if not any(service.kind == "special_education" for service in facts.services):
        add("services", "services", "Add the special education service (specially designed instruction).")
    for service in facts.services:
        for message in service_problems(service, iep_start=facts.start_date, iep_end=facts.end_date,
                                        provider_roles_available=facts.provider_roles_available):
            add("services", f"service-{service.id}", f"{service.name or 'Service ' + str(service.order)}: {message}")

    # Assessments.
    if _blank(s.get("state_assessment")):
        add("assessments", "id_state_assessment", "Say how the student takes part in state assessments.")
    if _blank(s.get("district_assessment")):
        add("assessments", "id_district_assessment", "Say how the student takes part in district assessments.")
    if alternate and _blank(s.get("alternate_assessment_reason")):
        add("assessments", "id_alternate_assessment_reason",
            "Explain why the student cannot take the regular assessment and why the alternate one is appropriate.")
    if "general_accommodated" in {s.get("state_assessment"), s.get("district_assessment")} \
            and facts.testing_accommodations == 0:
        add("accommodations", "accommodations", "The student takes tests with accommodations: list them "
                                                "(for tests, or for instruction and tests).")

    # Placement.
    early = is_early_childhood(facts.date_of_birth, facts.grade, facts.start_date)
    if _blank(s.get("setting")):
        add("placement", "id_setting", "Choose where the student is educated.")
    elif not early and s.get("setting") == "regular_school" and not s.get("school_week_minutes"):
        add("placement", "id_school_week_minutes", "Give the minutes in the school week, to work out the time in the regular class.")
    elif early and s.get("setting") == "ec_regular_program" and (
            s.get("ec_program_hours_per_week") is None or s.get("ec_services_in_program") is None):
        add("placement", "id_ec_program_hours_per_week",
            "Give the hours a week in the regular early-childhood program and where most services are delivered.")
    elif early and s.get("setting") in SCHOOL_AGE_ONLY_SETTINGS:
        add("placement", "id_setting", "This setting is for school-age students: choose an early-childhood one.")
    elif not early and s.get("setting") in EARLY_CHILDHOOD_ONLY_SETTINGS:
        add("placement", "id_setting", "This setting is for children aged 3-5 not in kindergarten.")
    apart = (s.get("setting") not in {None, "", "regular_school", "ec_regular_program"}) or any(
        service.location not in {"", "regular_class"} for service in facts.services)
    if apart and _blank(s.get("nonparticipation_explanation")):
        add("placement", "id_nonparticipation_explanation",
            "Explain the extent the student will not take part with non-disabled peers, and why.")

    # Extended school year.
    if _blank(s.get("esy")):
        add("esy", "id_esy", "Decide whether the student needs extended school year services.")

    # Transition.
    if needs_transition_plan(facts):
        for name, message in (
            ("postsecondary_education_goal", "Write the measurable postsecondary goal for education or training."),
            ("postsecondary_employment_goal", "Write the measurable postsecondary goal for employment."),
            ("transition_assessments", "List the age-appropriate transition assessments the goals are based on."),
            ("transition_services", "List the transition services."),
            ("course_of_study", "Describe the course of study."),
        ):
            if _blank(s.get(name)):
                add("transition", f"id_{name}", message)
        if not any(goal.area == "transition" for goal in facts.goals):
            add("goals", "goals", "Add an annual goal that supports the postsecondary goals (Indicator 13).")

    # Age of majority.
    if needs_majority_statement(facts) and s.get("majority_informed_on") is None:
        add("majority", "id_majority_informed_on",
            f"Record the day the student was told of the rights that transfer at {facts.majority_age}.")
    return out


SPECIAL_FACTOR_QUESTIONS = {
    "factor_behavior": "does the student's behaviour impede their learning or that of others?",
    "factor_limited_english": "does the student have limited English proficiency?",
    "factor_blind": "is the student blind or visually impaired (consider Braille)?",
    "factor_communication": "does the student have communication needs?",
    "factor_deaf": "is the student deaf or hard of hearing (language and communication mode)?",
    "factor_assistive_technology": "does the student need assistive technology devices or services?",
}

SCHOOL_AGE_ONLY_SETTINGS = frozenset({"regular_school", "correctional", "private_by_parent"})
EARLY_CHILDHOOD_ONLY_SETTINGS = frozenset({"ec_regular_program", "ec_separate_class", "ec_home", "ec_service_provider"})


# --------------------------------------------------------------------------------------- conflicts
@dataclass(frozen=True)
class FieldConflict:
    field: str
    theirs: object
    yours: object
    original: object


def three_way(
    *, current: Mapping[str, object], submitted: Mapping[str, object], original: Mapping[str, object],
) -> tuple[dict[str, object], list[FieldConflict]]:
    """Which submitted fields to write, and which conflict.

    A field is written when nobody changed it since the editor loaded it (the stored value is still the
    ``original`` the editor started from). When someone else saved it meanwhile and the editor's value differs
    from theirs, it is a conflict: both texts go back to the editor, nothing is overwritten silently.
    """
    writes: dict[str, object] = {}
    conflicts: list[FieldConflict] = []
    for name, yours in submitted.items():
        theirs = current.get(name)
        if _same(theirs, yours):
            continue
        if name not in original or _same(theirs, original[name]):
            writes[name] = yours
        else:
            conflicts.append(FieldConflict(name, theirs, yours, original.get(name)))
    return writes, conflicts


def _same(a: object, b: object) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return _norm(a) == _norm(b)
    return a == b


def _norm(value: object) -> str:
    if value is None:
        return ""
    return str(value).replace("\r\n", "\n").strip()


# -------------------------------------------------------------------------------------------- diffs
@dataclass
class Change:
    """One difference between two versions: a section field, or a goal/service/accommodation row."""

    where: str  # "Present levels: academic achievement", "Goal 2 (Reading)"
    kind: str  # "changed", "added", "removed"
    before: str = ""
    after: str = ""
    words: list[tuple[str, str]] = field(default_factory=list)  # (op, text) with op in "same", "del", "ins"
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # a row's changed fields: (label, before, after)


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """Word-level differences, for a readable diff: [("same", "Reads "), ("del", "42"), ("ins", "55"), …]."""
    a = re.findall(r"\S+|\s+", before or "")
    b = re.findall(r"\S+|\s+", after or "")
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("same", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append(("del", "".join(a[i1:i2])))
            if j2 > j1:
                out.append(("ins", "".join(b[j1:j2])))
    return out


def _text(value: object) -> str:
    if value is None:
        return ""
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    return str(value)


def _row_text(row: Mapping[str, object], fields: Sequence[tuple[str, str]],
              show: Callable[[str, str, object], str], collection: str) -> str:
    return "\n".join(f"{label}: {show(collection, name, row.get(name))}" for name, label in fields
                     if show(collection, name, row.get(name)))


def _plain_show(collection: str, name: str, value: object) -> str:
    return _text(value)


def compare_snapshots(
    old: Mapping[str, object], new: Mapping[str, object], *, labels: Mapping[str, str],
    row_fields: Mapping[str, Sequence[tuple[str, str]]],
    show: Callable[[str, str, object], str] = _plain_show,
) -> list[Change]:
    """What changed from ``old`` to ``new`` (snapshots as made by ``iep.services.snapshot_of``).

    Sections are compared field by field; goals, services and accommodations are matched across versions by
    their lineage (the same goal carried forward), so a reworded goal shows as changed, not removed and added.
    """
    changes: list[Change] = []
    old_sections = old.get("sections", {}) or {}
    new_sections = new.get("sections", {}) or {}
    for section, names in SECTIONS.items():
        for name in names:
            before, after = _text(old_sections.get(name)), _text(new_sections.get(name))
            if _norm(before) != _norm(after):
                where = f"{SECTION_TITLES[section]}: {labels.get(name, name)}"
                kind = "added" if not before else "removed" if not after else "changed"
                changes.append(Change(where, kind, before, after, word_diff(before, after)))
    for collection, title in (("goals", "Goal"), ("services", "Service"), ("accommodations", "Accommodation")):
        fields = row_fields[collection]
        before_rows = {row["lineage"]: row for row in old.get(collection, []) or []}
        after_rows = {row["lineage"]: row for row in new.get(collection, []) or []}
        for row in new.get(collection, []) or []:
            where = f"{title} {row.get('order', '')}".strip() + (f" ({row['label']})" if row.get("label") else "")
            previous = before_rows.get(row["lineage"])
            after_text = _row_text(row, fields, show, collection)
            if previous is None:
                changes.append(Change(where, "added", "", after_text, [("ins", after_text)]))
                continue
            changed = [
                (label, show(collection, name, previous.get(name)), show(collection, name, row.get(name)))
                for name, label in fields
                if _norm(show(collection, name, previous.get(name))) != _norm(show(collection, name, row.get(name)))
            ]
            if changed:
                before_text = _row_text(previous, fields, show, collection)
                changes.append(Change(where, "changed", before_text, after_text, word_diff(before_text, after_text),
                                      fields=changed))
        for row in old.get(collection, []) or []:
            if row["lineage"] not in after_rows:
                where = f"{title} {row.get('order', '')}".strip() + (f" ({row['label']})" if row.get("label") else "")
                before_text = _row_text(row, fields, show, collection)
                changes.append(Change(where, "removed", before_text, "", [("del", before_text)]))
    return changes
