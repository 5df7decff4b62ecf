"""The pure rules: age on a date, which file, the environment from the IEP's placement, the data checks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from openiep.reporting import rules


@pytest.mark.parametrize("born,day,age", [
    (date(2016, 10, 1), date(2026, 10, 1), 10),  # birthday on the count date
    (date(2016, 10, 2), date(2026, 10, 1), 9),
    (date(2012, 2, 29), date(2027, 2, 28), 14),  # a leap-day birthday counts on March 1
    (date(2012, 2, 29), date(2027, 3, 1), 15),
    (date(2012, 2, 29), date(2028, 2, 29), 16),
])
def test_the_age_on_a_day(born, day, age):
    assert rules.age_on(born, day) == age
    # The SQL form compares the birth date with a fixed date: younger than age+1, not younger than age.
    assert born > rules.born_after_for_age(day, age + 1)
    assert not born > rules.born_after_for_age(day, age)


@pytest.mark.parametrize("age,grade,expected", [
    (2, "PR", ""), (3, "PR", "FS089"), (4, "PK", "FS089"), (5, "PK", "FS089"), (5, "KG", "FS002"),
    (5, "TK", "FS002"), (5, "", "FS089"), (6, "01", "FS002"), (21, "PS", "FS002"), (22, "PS", ""), (None, "KG", ""),
])
def test_the_file_follows_age_and_kindergarten(age, grade, expected):
    assert rules.file_for(age, grade) == expected


def test_the_validation_derives_the_environment_with_the_iep_rule():
    # The rule itself is tested in openiep/iep/tests/test_rules.py; here only that the names line up.
    assert rules.derived_environment(False, "regular_school", 1800, 360, None, None) == "RC80"
    assert rules.derived_environment(False, "regular_school", 1800, 1081, None, None) == "RC39"
    assert rules.derived_environment(True, "ec_regular_program", None, None, Decimal("12"), True) == "REC10YSVCS"
    assert rules.derived_environment(True, "ec_home", None, None, None, None) == "H"


DAY = date(2026, 10, 1)


def facts(**changes) -> rules.Facts:
    base = {"date_of_birth": date(2016, 5, 1), "grade": "05", "sex": "F", "race_ethnicity": "WH7", "exited_on": None,
                "iep_start": date(2026, 3, 1), "iep_end": date(2027, 2, 28), "environment_code": "RC80",
                "setting": "regular_school", "school_week_minutes": 1800, "minutes_outside_regular_class": 0,
                "ec_program_hours_per_week": None, "ec_services_in_program": None, "eligibility_result": "eligible",
                "primary_category": "specific_learning_disability"}
    return rules.Facts(**{**base, **changes})


def codes(**changes) -> list[str]:
    return [p.code for p in rules.check(facts(**changes), DAY)]


def test_a_complete_record_has_no_problem():
    assert codes() == []


@pytest.mark.parametrize("changes,expected", [
    ({"date_of_birth": None}, ["no_birth_date"]),
    ({"date_of_birth": date(2000, 1, 1), "grade": "PS"}, ["age_out_of_range"]),
    ({"grade": "01"}, ["grade_age"]),  # 10 in grade 1
    ({"grade": "08"}, ["grade_age"]),  # 10 in grade 8
    ({"grade": "06"}, []),  # 10 in grade 6: a year ahead is ordinary
    ({"grade": "03"}, []),  # 10 in grade 3: two years behind is ordinary
    ({"grade": "07"}, ["grade_age"]),  # 10 in grade 7: two years ahead is more likely a typing error
    ({"grade": ""}, ["no_grade"]),
    ({"date_of_birth": date(2021, 6, 1), "grade": "", "environment_code": "REC10YSVCS", "setting": ""},
     ["no_grade_at_5"]),
    ({"race_ethnicity": ""}, ["no_race"]),
    ({"sex": "U"}, ["no_sex"]),
    ({"sex": "X"}, ["no_sex"]),
    ({"iep_end": date(2026, 9, 30)}, ["iep_out_of_date"]),
    ({"exited_on": date(2026, 9, 1)}, ["exited"]),
    ({"eligibility_result": None}, ["no_eligibility"]),
    ({"eligibility_result": "not_eligible"}, ["not_eligible"]),
    ({"primary_category": "developmental_delay"}, ["dd_over_9"]),
    ({"environment_code": ""}, ["no_environment"]),
    ({"environment_code": "REC10YSVCS"}, ["environment_for_age"]),
    ({"minutes_outside_regular_class": 1500}, ["environment_mismatch"]),
])
def test_each_problem_is_found(changes, expected):
    assert codes(**changes) == expected


def test_students_left_out_come_before_wrong_cells_before_warnings():
    left_out = rules.check(facts(race_ethnicity=""), DAY)
    wrong_cell = rules.check(facts(minutes_outside_regular_class=1500, grade="01"), DAY)
    warning = rules.check(facts(grade="01"), DAY)
    assert sorted([warning, wrong_cell, left_out], key=rules.priority) == [left_out, wrong_cell, warning]
