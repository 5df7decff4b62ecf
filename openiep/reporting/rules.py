"""Pure rules of federal reporting (no ORM): EDFacts code sets, the age on a count date, the educational
environment from an IEP's placement fields, which file a child belongs to, and the data checks run before a file.

Code sets come from ``shared/reference/codes.json`` (``educational_environments``, ``edfacts_category_dimensions``,
``disability_categories``) and law.md section 3.

The federal environment is derived from the IEP's placement fields by ``openiep.iep.rules.environment_code`` (the
IEP services store it in ``IEP.environment_code``); the validation report checks the stored code against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from openiep.eligibility.models import EDFACTS_DISABILITY, DisabilityCategory
from openiep.iep import rules as iep_rules

FS002 = "FS002"  # children with disabilities (IDEA), school age: 5 in kindergarten and 6-21
FS089 = "FS089"  # children with disabilities (IDEA), early childhood: 3, 4 and 5 not in kindergarten
FILES = (FS002, FS089)
FILE_TITLES = {
    FS002: "School age (5 in kindergarten through 21)",
    FS089: "Early childhood (3 to 5, not in kindergarten)",
}

# Grades counted as kindergarten for AGE05K: kindergarten and transitional kindergarten (a kindergarten year
# in the states that have it, e.g. California).
KINDERGARTEN_GRADES = frozenset({"KG", "TK"})

SCHOOL_AGE_ENVIRONMENTS = {
    "RC80": "Inside regular class 80% or more of the day",
    "RC79TO40": "Inside regular class 40% through 79% of the day",
    "RC39": "Inside regular class less than 40% of the day",
    "SS": "Separate school",
    "RF": "Residential facility",
    "HH": "Homebound/hospital",
    "CF": "Correctional facilities",
    "PPPS": "Parentally placed in private schools",
}
EARLY_CHILDHOOD_ENVIRONMENTS = {
    "REC10YSVCS": "Regular early-childhood program 10+ hours a week, most services there",
    "REC10YOTHLOC": "Regular early-childhood program 10+ hours a week, most services elsewhere",
    "REC09YSVCS": "Regular early-childhood program under 10 hours a week, most services there",
    "REC09YOTHLOC": "Regular early-childhood program under 10 hours a week, most services elsewhere",
    "SC": "Separate special-education class",
    "SS": "Separate school",
    "RF": "Residential facility",
    "H": "Home",
    "SPL": "Service provider location or other location",
}
ENVIRONMENTS = {FS002: SCHOOL_AGE_ENVIRONMENTS, FS089: EARLY_CHILDHOOD_ENVIRONMENTS}

RACES = {
    "HI7": "Hispanic/Latino", "AM7": "American Indian or Alaska Native", "AS7": "Asian",
    "BL7": "Black or African American", "PI7": "Native Hawaiian or other Pacific Islander", "WH7": "White",
    "MU7": "Two or more races",
}
SEXES = {"F": "Female", "M": "Male"}
EL_STATUSES = {"EL": "English learner", "NONEL": "Not an English learner"}
DISABILITIES = {
    "AUT": "Autism", "DB": "Deaf-blindness", "DD": "Developmental delay", "EMN": "Emotional disturbance",
    "HI": "Hearing impairment (including deafness)", "ID": "Intellectual disability", "MD": "Multiple disabilities",
    "OI": "Orthopedic impairment", "OHI": "Other health impairment", "SLD": "Specific learning disability",
    "SLI": "Speech or language impairment", "TBI": "Traumatic brain injury",
    "VI": "Visual impairment (including blindness)",
}
AGES = {
    FS002: {"AGE05K": "5 (in kindergarten)", **{str(age): str(age) for age in range(6, 22)}},
    FS089: {"3": "3", "4": "4", "AGE05NOTK": "5 (not in kindergarten)"},
}

# The dimensions each file is broken down by, crossed with the environment (one table per dimension).
DIMENSIONS = {
    "disability": ("Disability", DISABILITIES),
    "age": ("Age on the count date", None),  # the file's own ages
    "race": ("Race/ethnicity", RACES),
    "sex": ("Sex", SEXES),
    "el": ("English learner status", EL_STATUSES),
}

YOUNGEST, OLDEST = 3, 21


def categories_for_code(code: str) -> list[str]:
    """The 300.8 categories reported under one EDFacts code (HI holds deafness and hearing impairment)."""
    return [category for category, edfacts in EDFACTS_DISABILITY.items() if edfacts == code]


def disability_code(category: str) -> str:
    return EDFACTS_DISABILITY.get(category, "") if category else ""


def age_on(date_of_birth: date, day: date) -> int:
    """Whole years on ``day`` (someone born on February 29 turns a year older on March 1 in other years)."""
    years = day.year - date_of_birth.year
    if (day.month, day.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def born_after_for_age(day: date, years: int) -> date:
    """Someone is younger than ``years`` on ``day`` exactly when born after this date."""
    return day - relativedelta(years=years)


def file_for(age: int | None, grade: str) -> str:
    """FS002, FS089, or "" (not reportable at this age)."""
    if age is None or age < YOUNGEST or age > OLDEST:
        return ""
    if age >= 6 or (age == 5 and grade in KINDERGARTEN_GRADES):
        return FS002
    return FS089


def age_code(age: int, grade: str) -> str:
    if age == 5:
        return "AGE05K" if grade in KINDERGARTEN_GRADES else "AGE05NOTK"
    return str(age)


def el_code(english_learner: bool) -> str:
    return "EL" if english_learner else "NONEL"


# ------------------------------------------------------------------------------------------------ environment
def derived_environment(early_childhood: bool, setting: str, school_week_minutes: int | None,
                        minutes_outside_regular_class: int | None, ec_program_hours_per_week: Decimal | None,
                        ec_services_in_program: bool | None) -> str:
    """The environment the IEP's placement fields give, by the IEP services' own rule (one derivation)."""
    return iep_rules.environment_code(
        setting=setting, early_childhood=early_childhood, week_minutes=school_week_minutes,
        outside_minutes=minutes_outside_regular_class, ec_program_hours=ec_program_hours_per_week,
        ec_services_in_program=ec_services_in_program)


# ------------------------------------------------------------------------------------------------ validation
# not_counted: the student is left out of the child count until fixed; error: counted, but in a cell that is
# probably wrong; warning: worth a look.
NOT_COUNTED, ERROR, WARNING = "not_counted", "error", "warning"
SEVERITY_TITLES = {NOT_COUNTED: "Not counted", ERROR: "Counted, probably in the wrong cell", WARNING: "Check"}


@dataclass(frozen=True)
class Problem:
    code: str
    severity: str  # NOT_COUNTED, ERROR or WARNING
    text: str
    fix: str  # which record to correct: "student", "eligibility", "iep"


@dataclass(frozen=True)
class Facts:
    """What the checks need about one student whose IEP reaches the count date (one row of one query)."""

    date_of_birth: date | None
    grade: str
    sex: str
    race_ethnicity: str
    exited_on: date | None
    iep_start: date
    iep_end: date | None
    environment_code: str
    setting: str
    school_week_minutes: int | None
    minutes_outside_regular_class: int | None
    ec_program_hours_per_week: Decimal | None
    ec_services_in_program: bool | None
    eligibility_result: str | None  # the latest decision on or before the count date
    primary_category: str


# Expected age on the count date for each grade (kindergarten 5, grade 1 6 …): a year younger or two years older
# is ordinary (early entry, retention, a late birthday); further off is more likely a typing error.
GRADE_AGES = {"KG": 5, "TK": 4, **{f"{g:02d}": g + 5 for g in range(1, 14)}}
PRESCHOOL_GRADES = frozenset({"PR", "PK", "IT"})


def _day(value: date) -> str:
    return f"{value:%b} {value.day}, {value.year}"


def grade_fits_age(grade: str, age: int) -> bool:
    if grade in PRESCHOOL_GRADES:
        return 2 <= age <= 5
    expected = GRADE_AGES.get(grade)
    if expected is None:  # ungraded, postsecondary, other: any age from 3 to 21
        return True
    return expected - 1 <= age <= expected + 2


def check(facts: Facts, day: date) -> list[Problem]:
    """Every problem that keeps this student out of the child count on ``day`` or puts them in a doubtful cell."""
    problems: list[Problem] = []
    add = problems.append
    if facts.exited_on is not None and facts.exited_on <= day:
        add(Problem("exited", NOT_COUNTED, f"Left the district on {_day(facts.exited_on)} but the IEP was not ended",
                    "iep"))
    if facts.iep_end is not None and facts.iep_end < day:
        add(Problem("iep_out_of_date", NOT_COUNTED,
                    f"The IEP was due for its annual review on {_day(facts.iep_end)}: out of date on the count "
                    "date, so the student is not counted", "iep"))
    if facts.eligibility_result is None:
        add(Problem("no_eligibility", NOT_COUNTED, "No eligibility decision on or before the count date", "eligibility"))
    elif facts.eligibility_result != "eligible":
        add(Problem("not_eligible", NOT_COUNTED, "The latest eligibility decision found the student not eligible, but an "
                                           "IEP is in effect", "eligibility"))
    elif not facts.primary_category:
        add(Problem("no_disability", NOT_COUNTED, "No disability category", "eligibility"))
    age = age_on(facts.date_of_birth, day) if facts.date_of_birth else None
    if age is None:
        add(Problem("no_birth_date", NOT_COUNTED, "No date of birth: the age on the count date is unknown", "student"))
    elif age < YOUNGEST or age > OLDEST:
        add(Problem("age_out_of_range", NOT_COUNTED, f"Age {age} on the count date: IDEA Part B counts ages 3 to 21",
                    "student"))
    elif facts.grade and not grade_fits_age(facts.grade, age):
        add(Problem("grade_age", WARNING, f"Age {age} does not fit grade {facts.grade}: check the date of birth "
                                          "and the grade", "student"))
    if age == 5 and not facts.grade:
        add(Problem("no_grade_at_5", ERROR, "Age 5 with no grade: kindergarten decides the school-age or the "
                                            "early-childhood file", "student"))
    elif not facts.grade:
        add(Problem("no_grade", WARNING, "No grade", "student"))
    if facts.primary_category == DisabilityCategory.DEVELOPMENTAL_DELAY and age is not None and age > 9:
        add(Problem("dd_over_9", ERROR, f"Developmental delay at age {age}: allowed only from 3 to 9 (34 CFR 300.8(b))",
                    "eligibility"))
    if not facts.race_ethnicity:
        add(Problem("no_race", NOT_COUNTED, "No race/ethnicity", "student"))
    if facts.sex not in SEXES:
        add(Problem("no_sex", NOT_COUNTED, "Sex not recorded as female or male (the federal files count F and M)",
                    "student"))
    kind = file_for(age, facts.grade)
    if kind:
        allowed = ENVIRONMENTS[kind]
        derived = derived_environment(kind == FS089, facts.setting, facts.school_week_minutes,
                                      facts.minutes_outside_regular_class, facts.ec_program_hours_per_week,
                                      facts.ec_services_in_program)
        if not facts.environment_code:
            add(Problem("no_environment", NOT_COUNTED, "No educational environment on the IEP"
                        + (f" (its placement says {derived})" if derived else ""), "iep"))
        elif facts.environment_code not in allowed:
            add(Problem("environment_for_age", NOT_COUNTED,
                        f"Environment {facts.environment_code} is not a {FILE_TITLES[kind].split(' (')[0].lower()} "
                        "environment", "iep"))
        elif derived and derived != facts.environment_code:
            add(Problem("environment_mismatch", ERROR,
                        f"Environment {facts.environment_code} does not match the IEP's placement ({derived})", "iep"))
    return problems


def priority(problems: list[Problem]) -> tuple[int, int]:
    """Sort key, most urgent first: students left out of the count, then those counted in a doubtful cell, then
    the rest; within each, the student with more (and graver) problems first."""
    weights = {NOT_COUNTED: 100, ERROR: 10, WARNING: 1}
    return (-max(weights[p.severity] for p in problems), -sum(weights[p.severity] for p in problems))


# ------------------------------------------------------------------------------------------------ Indicator 12
PART_C_NOTICE_DAYS = 90
INDICATOR_12_OUTCOMES = {
    "b": "Found not eligible, decided before the third birthday",
    "c": "Found eligible, IEP in effect by the third birthday",
    "d": "Parent refused or did not answer the request for consent (the delay is the parent's)",
    "e": "Referred less than 90 days before the third birthday",
    "late": "Not done by the third birthday (counts against the district)",
}


def third_birthday(date_of_birth: date) -> date:
    """The third birthday (February 28 for a child born on February 29: the earlier day, so nothing is late)."""
    return date_of_birth + relativedelta(years=3)


def part_c_outcome(*, date_of_birth: date, referred_on: date, decided_on: date | None, eligible: bool | None,
                   iep_start: date | None, consent_refused: bool) -> str:
    """Where one child referred from Part C falls in Indicator 12 (34 CFR 300.124(b)): b, c, d, e or late.

    a = every child referred; percentage = c / (a - b - d - e - f). f (parents chose to continue Part C past
    the third birthday, 34 CFR 303.211) is not recorded yet, so it is always 0. ``e`` is approximated by the
    Part B referral date: Part C must refer at least 90 days before the third birthday.
    """
    birthday = third_birthday(date_of_birth)
    if eligible is True and iep_start is not None and iep_start <= birthday:
        return "c"
    if eligible is False and decided_on is not None and decided_on < birthday:
        return "b"
    if consent_refused:
        return "d"
    if (birthday - referred_on).days < PART_C_NOTICE_DAYS:
        return "e"
    return "late"
