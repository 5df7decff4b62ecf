from __future__ import annotations

from datetime import date

import pytest

from openiep.people.rules import RaceInput, age_on, federal_race_ethnicity


@pytest.mark.parametrize(
    ("race", "code"),
    [
        (RaceInput(hispanic_latino=True, white=True, black=True), "HI7"),
        (RaceInput(hispanic_latino=False, white=True, asian=True), "MU7"),
        (RaceInput(hispanic_latino=False, black=True), "BL7"),
        (RaceInput(hispanic_latino=False, pacific_islander=True), "PI7"),
        (RaceInput(hispanic_latino=False, american_indian=True), "AM7"),
        (RaceInput(hispanic_latino=False), ""),
    ],
)
def test_the_federal_category_puts_hispanic_first_then_two_or_more_races(race, code):
    assert federal_race_ethnicity(race) == code


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (date(2015, 3, 10), date(2026, 3, 9), 10),
        (date(2015, 3, 10), date(2026, 3, 10), 11),
        (date(2012, 2, 29), date(2026, 2, 28), 13),
        (date(2012, 2, 29), date(2026, 3, 1), 14),
    ],
)
def test_age_counts_whole_years_and_leap_day_birthdays_age_on_the_first_of_march(birth, day, age):
    assert age_on(birth, day) == age
