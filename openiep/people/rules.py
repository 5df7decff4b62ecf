"""Pure rules about people: no database access, so they can be tested exhaustively."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# EDFacts race/ethnicity codes (the seven federal categories, 1997 OMB standard).
HISPANIC = "HI7"
TWO_OR_MORE = "MU7"
RACE_CODES = {
    "american_indian": "AM7",
    "asian": "AS7",
    "black": "BL7",
    "pacific_islander": "PI7",
    "white": "WH7",
}


@dataclass(frozen=True)
class RaceInput:
    hispanic_latino: bool
    american_indian: bool = False
    asian: bool = False
    black: bool = False
    pacific_islander: bool = False
    white: bool = False


def federal_race_ethnicity(race: RaceInput) -> str:
    """The single federal reporting category: Hispanic first, then two or more races, then the one race.

    Returns "" when nothing is known, so reports can list the student as missing data.
    """
    if race.hispanic_latino:
        return HISPANIC
    chosen = [code for name, code in RACE_CODES.items() if getattr(race, name)]
    if len(chosen) > 1:
        return TWO_OR_MORE
    return chosen[0] if chosen else ""


def age_on(birth: date, day: date) -> int:
    """Whole years of age on ``day`` (a child born on 29 February ages on 1 March in other years)."""
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years
