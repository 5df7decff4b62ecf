"""Law profiles: the timelines of federal law and of each state, read from ``profiles/*.toml``.

The rules are data, not code, so a compliance lead can read and correct them without Python. TOML was
chosen over JSON because it is read by the standard library (``tomllib``), keeps a comment beside a
number to say where it comes from, and has no braces or quotes around keys to get wrong.

A state file inherits every federal rule it does not override: a rule with the same id replaces the
federal one whole (so a state rule never mixes in a federal citation); a new id adds a rule. A valid
state code without a file (38 states, DC and PR today) gets the federal profile, with
``jurisdiction == "federal"`` and ``state`` set to the code asked for. An invalid code is an error.
The rule fields are listed in ``RULE_FIELDS`` and in this app's README.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from openiep.compliance.errors import ProfileError
from openiep.compliance.events import EVENTS

PROFILE_DIR = Path(__file__).resolve().parent / "profiles"
FEDERAL = "federal"

#: The codes a district's state may have (the same as ``openiep.people.models.USState``).
STATE_NAMES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana",
    "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri",
    "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio",
    "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico",
}

CALENDAR_DAYS = "calendar_days"
SCHOOL_DAYS = "school_days"
BUSINESS_DAYS = "business_days"
MONTHS = "months"
YEARS = "years"
AGE_YEARS = "age_years"
YEARS_BEFORE_MAJORITY = "years_before_age_of_majority"
AS_SOON_AS_POSSIBLE = "as_soon_as_possible"
DAY_UNITS = (CALENDAR_DAYS, SCHOOL_DAYS, BUSINESS_DAYS)
UNITS = (*DAY_UNITS, MONTHS, YEARS, AGE_YEARS, YEARS_BEFORE_MAJORITY, AS_SOON_AS_POSSIBLE)

DEADLINE = "deadline"  # must be done by the date
EARLIEST = "earliest"  # must not be done before the date (unless the parent agrees)
KINDS = (DEADLINE, EARLIEST)

CONFIDENCE = {
    "V": "checked against the cited source",
    "R": "from secondary knowledge, not checked verbatim",
    "U": "uncertain or conflicting",
}

RULE_FIELDS = {
    "label", "start", "length", "unit", "kind", "done_by", "only_if", "citation", "confidence", "source",
    "note", "skip_summer", "skip_breaks_of_at_least", "skip_adjoining_weekends", "absences", "end_of_year",
}
ABSENCE_FIELDS = {"extend_when_absent_at_least", "skip_beyond", "note"}
END_OF_YEAR_FIELDS = {
    "trigger", "measure", "at_least", "at_most", "due", "due_days", "unless_absent_at_least", "citation", "note",
}
END_OF_YEAR_MEASURES = ("school_days_left", "calendar_days_left")
END_OF_YEAR_DUES = ("june_30", "before_next_first_day", "days_after_next_first_day")
PROFILE_FIELDS = {
    "jurisdiction", "name", "inherits", "age_of_majority", "age_of_majority_confidence", "sources", "note", "rules",
    "meeting_notice",
}
MEETING_NOTICE_FIELDS = {"days", "unit", "citation", "confidence", "note"}
MEETING_NOTICE_UNITS = (CALENDAR_DAYS, SCHOOL_DAYS)


@dataclass(frozen=True)
class AbsenceRule:
    """How the student's absences move a clock: extend by all of them past a threshold, or skip the excess."""

    extend_when_absent_at_least: int | None = None
    skip_beyond: int | None = None
    note: str = ""


@dataclass(frozen=True)
class EndOfYearRule:
    """A different due date when the clock starts too close to the last day of school."""

    measure: str
    due: str
    at_most: int
    at_least: int = 0
    trigger: str = ""  # event whose date is measured; empty = the rule's start event
    due_days: int = 0
    unless_absent_at_least: int | None = None
    citation: str = ""
    note: str = ""


@dataclass(frozen=True)
class MeetingNoticeRule:
    """How many days before an IEP meeting the parents get its notice (34 CFR 300.322(b): "early enough")."""

    days: int
    unit: str
    citation: str
    confidence: str
    jurisdiction: str
    note: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    label: str
    start: str
    unit: str
    citation: str
    confidence: str
    jurisdiction: str
    length: float | None = None
    kind: str = DEADLINE
    done_by: str = ""
    only_if: str = ""
    source: str = ""
    note: str = ""
    skip_summer: bool = False
    skip_breaks_of_at_least: int | None = None
    skip_adjoining_weekends: bool = False
    absences: AbsenceRule | None = None
    end_of_year: EndOfYearRule | None = None

    @property
    def needs_calendar(self) -> bool:
        return (
            self.unit in (SCHOOL_DAYS, BUSINESS_DAYS)
            or self.skip_summer
            or self.skip_breaks_of_at_least is not None
            or self.end_of_year is not None
        )


@dataclass(frozen=True)
class LawProfile:
    jurisdiction: str  # "federal" or the state code whose file was read
    name: str
    age_of_majority: int
    rules: tuple[Rule, ...]
    state: str | None = None  # the code asked for; with jurisdiction "federal" it has no profile of its own
    age_of_majority_confidence: str = "R"
    sources: tuple[str, ...] = ()
    note: str = ""
    _by_id: dict[str, Rule] = field(init=False, repr=False, compare=False)
    meeting_notice: MeetingNoticeRule | None = None  # a state without its own gets the federal default

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {rule.id: rule for rule in self.rules})

    @property
    def is_fallback(self) -> bool:
        return self.state is not None and self.jurisdiction == FEDERAL

    def rule(self, rule_id: str) -> Rule:
        try:
            return self._by_id[rule_id]
        except KeyError:
            raise ProfileError(f"The {self.name} profile has no rule {rule_id!r}.") from None

    def describe(self) -> str:
        if self.is_fallback:
            assert self.state is not None
            return (
                f"{STATE_NAMES[self.state]} ({self.state}): federal rules only — OpenIEP has no "
                f"{STATE_NAMES[self.state]} profile yet, so state timelines are not applied."
            )
        return self.name


def normalise_state(code: str | None) -> str:
    """'tx ' → 'TX'; '', 'US', 'federal' → 'federal'. Raises ``ProfileError`` for anything else."""
    text = (code or "").strip()
    if text.upper() in ("", "US", "FED", "FEDERAL"):
        return FEDERAL
    if text.upper() in STATE_NAMES:
        return text.upper()
    raise ProfileError(
        f"Unknown state code {code!r}: use a two-letter postal code such as TX, or 'federal'."
    )


def available_states() -> tuple[str, ...]:
    """State codes with a profile file of their own."""
    return tuple(sorted(p.stem.upper() for p in PROFILE_DIR.glob("*.toml") if p.stem != FEDERAL))


def load_profile(state: str | None) -> LawProfile:
    """The profile for a district's state (a USPS code), falling back to federal rules; cached."""
    return _load(normalise_state(state))


@cache
def _load(code: str) -> LawProfile:
    federal_data = _read(PROFILE_DIR / "federal.toml")
    federal_rules = _rules(federal_data, FEDERAL, "federal.toml")
    federal_notice = _meeting_notice(federal_data, FEDERAL, "federal.toml")
    if code == FEDERAL:
        return _profile(federal_data, FEDERAL, federal_rules, state=None, notice=federal_notice)
    path = PROFILE_DIR / f"{code.lower()}.toml"
    if not path.exists():
        return _profile(federal_data, FEDERAL, federal_rules, state=code, notice=federal_notice)
    data = _read(path)
    if data.get("jurisdiction") != code:
        raise ProfileError(f"{path.name}: jurisdiction must be {code!r}, not {data.get('jurisdiction')!r}.")
    if data.get("inherits", FEDERAL) != FEDERAL:
        raise ProfileError(f"{path.name}: a state profile can only inherit 'federal'.")
    own = _rules(data, code, path.name)
    merged = {rule.id: rule for rule in federal_rules}
    merged.update({rule.id: rule for rule in own})  # same id: the state's rule replaces it, in place
    notice = _meeting_notice(data, code, path.name) or federal_notice
    return _profile(data, code, tuple(merged.values()), state=code, fallback_age=federal_data["age_of_majority"],
                    notice=notice)


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path.name}: not valid TOML: {exc}") from exc
    unknown = set(data) - PROFILE_FIELDS
    if unknown:
        raise ProfileError(f"{path.name}: unknown field(s) {', '.join(sorted(unknown))}.")
    return data


def _profile(
    data: dict[str, Any], code: str, rules: tuple[Rule, ...], *, state: str | None, fallback_age: int | None = None,
    notice: MeetingNoticeRule | None = None,
) -> LawProfile:
    age = data.get("age_of_majority", fallback_age)
    if not isinstance(age, int) or not 14 <= age <= 25:
        raise ProfileError(f"{code}: age_of_majority must be a whole number of years, not {age!r}.")
    return LawProfile(
        jurisdiction=code,
        name=str(data.get("name", code)),
        age_of_majority=age,
        rules=rules,
        state=state,
        age_of_majority_confidence=str(data.get("age_of_majority_confidence", "R")),
        sources=tuple(data.get("sources", ())),
        note=str(data.get("note", "")),
        meeting_notice=notice,
    )


def _meeting_notice(data: dict[str, Any], code: str, filename: str) -> MeetingNoticeRule | None:
    body = data.get("meeting_notice")
    if body is None:
        return None
    where = f"{filename} [meeting_notice]"
    if not isinstance(body, dict):
        raise ProfileError(f"{where}: must be a table.")
    unknown = set(body) - MEETING_NOTICE_FIELDS
    if unknown:
        raise ProfileError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}.")
    days = body.get("days")
    if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 60:
        raise ProfileError(f"{where}: days must be a whole number from 0 to 60, not {days!r}.")
    if body.get("unit") not in MEETING_NOTICE_UNITS:
        raise ProfileError(f"{where}: unit must be one of {', '.join(MEETING_NOTICE_UNITS)}.")
    if not body.get("citation"):
        raise ProfileError(f"{where}: 'citation' is required.")
    if body.get("confidence") not in CONFIDENCE:
        raise ProfileError(f"{where}: confidence must be V, R or U (as in law.md), not {body.get('confidence')!r}.")
    return MeetingNoticeRule(days=days, unit=body["unit"], citation=body["citation"], confidence=body["confidence"],
                             jurisdiction=code, note=str(body.get("note", "")))


def _rules(data: dict[str, Any], code: str, filename: str) -> tuple[Rule, ...]:
    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise ProfileError(f"{filename}: 'rules' must be a table of [rules.<id>] sections.")
    return tuple(_rule(rule_id, body, code, filename) for rule_id, body in rules.items())


def _rule(rule_id: str, body: dict[str, Any], code: str, filename: str) -> Rule:
    where = f"{filename} [rules.{rule_id}]"

    def fail(message: str) -> ProfileError:
        return ProfileError(f"{where}: {message}")

    unknown = set(body) - RULE_FIELDS
    if unknown:
        raise fail(f"unknown field(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(RULE_FIELDS))}.")
    for required in ("label", "start", "unit", "citation", "confidence"):
        if not body.get(required):
            raise fail(f"'{required}' is required.")
    unit = body["unit"]
    if unit not in UNITS:
        raise fail(f"unit {unit!r} is not one of {', '.join(UNITS)}.")
    for key in ("start", "done_by", "only_if"):
        if body.get(key) and body[key] not in EVENTS:
            raise fail(f"{key} {body[key]!r} is not an event name ({', '.join(EVENTS)}).")
    length = body.get("length")
    if unit == AS_SOON_AS_POSSIBLE:
        if length is not None:
            raise fail("a rule 'as_soon_as_possible' has no length.")
    elif not isinstance(length, int | float) or isinstance(length, bool) or length <= 0:
        raise fail(f"length must be a positive number, not {length!r}.")
    elif unit != AGE_YEARS and length != int(length):
        raise fail("only age_years may have a fractional length (14.5 = 14 years 6 months).")
    if body["confidence"] not in CONFIDENCE:
        raise fail(f"confidence must be V, R or U (as in law.md), not {body['confidence']!r}.")
    kind = body.get("kind", DEADLINE)
    if kind not in KINDS:
        raise fail(f"kind must be one of {', '.join(KINDS)}.")
    calendar_only = ("skip_summer", "skip_breaks_of_at_least", "skip_adjoining_weekends")
    if unit not in (CALENDAR_DAYS, BUSINESS_DAYS) and any(body.get(key) for key in calendar_only):
        raise fail("skip_* settings apply to calendar_days and business_days (school days skip them anyway).")
    breaks = body.get("skip_breaks_of_at_least")
    if breaks is not None and (not isinstance(breaks, int) or breaks < 1):
        raise fail("skip_breaks_of_at_least must be a whole number of school days, 1 or more.")
    return Rule(
        id=rule_id,
        label=body["label"],
        start=body["start"],
        unit=unit,
        citation=body["citation"],
        confidence=body["confidence"],
        jurisdiction=code,
        length=length,
        kind=kind,
        done_by=body.get("done_by", ""),
        only_if=body.get("only_if", ""),
        source=body.get("source", ""),
        note=body.get("note", ""),
        skip_summer=bool(body.get("skip_summer", False)),
        skip_breaks_of_at_least=breaks,
        skip_adjoining_weekends=bool(body.get("skip_adjoining_weekends", False)),
        absences=_absences(body.get("absences"), unit, fail),
        end_of_year=_end_of_year(body.get("end_of_year"), unit, fail),
    )


def _absences(body: dict[str, Any] | None, unit: str, fail: Any) -> AbsenceRule | None:
    if body is None:
        return None
    unknown = set(body) - ABSENCE_FIELDS
    if unknown:
        raise fail(f"absences: unknown field(s) {', '.join(sorted(unknown))}.")
    extend, skip = body.get("extend_when_absent_at_least"), body.get("skip_beyond")
    if (extend is None) == (skip is None):
        raise fail("absences: give exactly one of extend_when_absent_at_least or skip_beyond.")
    if extend is not None and unit != SCHOOL_DAYS:
        raise fail("absences: extend_when_absent_at_least extends a school-day count; use unit school_days.")
    if unit not in DAY_UNITS:
        raise fail("absences apply only to day counts.")
    return AbsenceRule(extend_when_absent_at_least=extend, skip_beyond=skip, note=body.get("note", ""))


def _end_of_year(body: dict[str, Any] | None, unit: str, fail: Any) -> EndOfYearRule | None:
    if body is None:
        return None
    unknown = set(body) - END_OF_YEAR_FIELDS
    if unknown:
        raise fail(f"end_of_year: unknown field(s) {', '.join(sorted(unknown))}.")
    if body.get("measure") not in END_OF_YEAR_MEASURES:
        raise fail(f"end_of_year: measure must be one of {', '.join(END_OF_YEAR_MEASURES)}.")
    if body.get("due") not in END_OF_YEAR_DUES:
        raise fail(f"end_of_year: due must be one of {', '.join(END_OF_YEAR_DUES)}.")
    if not isinstance(body.get("at_most"), int):
        raise fail("end_of_year: at_most (a whole number) is required.")
    if body["due"] == "days_after_next_first_day" and not body.get("due_days"):
        raise fail("end_of_year: due 'days_after_next_first_day' needs due_days.")
    trigger = body.get("trigger", "")
    if trigger and trigger not in EVENTS:
        raise fail(f"end_of_year: trigger {trigger!r} is not an event name.")
    if unit not in DAY_UNITS:
        raise fail("end_of_year applies only to day counts.")
    return EndOfYearRule(
        measure=body["measure"],
        due=body["due"],
        at_most=body["at_most"],
        at_least=body.get("at_least", 0),
        trigger=trigger,
        due_days=body.get("due_days", 0),
        unless_absent_at_least=body.get("unless_absent_at_least"),
        citation=body.get("citation", ""),
        note=body.get("note", ""),
    )
