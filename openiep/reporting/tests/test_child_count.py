"""The child count on a small district whose answers are counted by hand (see builders.build_district).

Counted in FS002 (school age): Adams (10, RC80, SLD, F, HI7, EL), Baker (10 on his birthday, RC39, AUT, M),
Cruz (5 in kindergarten, RC80, SLI), Fox (16, RC79TO40, deafness → HI, M, HI7), Grant (14, SS, EMN, MU7: the IEP
in effect since September 15, not the superseded one), Moore (12, RC80, SLD, M, at Washington).
Counted in FS089 (early childhood): Diaz (5 in pre-K, REC10YSVCS, DD, M, AS7), Evans (3 since yesterday, H, DD).
Not counted: Hill (IEP out of date), Irwin (IEP starts after), Jones (found not eligible since), King (no race),
Lopez (IEP ended on the count date), Nash (no environment), Olive (no IEP).
"""

from __future__ import annotations

import pytest

from openiep.reporting import selectors
from openiep.reporting.tests.builders import COUNT_DATE, build_district

pytestmark = pytest.mark.django_db


@pytest.fixture
def kids(cast):
    return build_district(cast)


def test_the_count_has_the_hand_counted_totals(cast, kids):
    count = selectors.child_count(COUNT_DATE, cast["district_admin"])
    fs002, fs089 = count.files["FS002"], count.files["FS089"]
    assert fs002.total == 6
    assert fs089.total == 2
    assert fs002.by_environment == {"RC80": 3, "RC79TO40": 1, "RC39": 1, "SS": 1, "RF": 0, "HH": 0, "CF": 0,
                                    "PPPS": 0}
    assert {k: v for k, v in fs089.by_environment.items() if v} == {"REC10YSVCS": 1, "H": 1}


def test_each_dimension_is_crossed_with_the_environment(cast, kids):
    fs002 = selectors.child_count(COUNT_DATE, cast["district_admin"]).files["FS002"]
    nonzero = {key: {cell: n for cell, n in table.cells.items() if n} for key, table in fs002.tables.items()}
    assert nonzero["disability"] == {("RC80", "SLD"): 2, ("RC80", "SLI"): 1, ("RC39", "AUT"): 1,
                                     ("RC79TO40", "HI"): 1, ("SS", "EMN"): 1}
    assert nonzero["age"] == {("RC80", "10"): 1, ("RC39", "10"): 1, ("RC80", "AGE05K"): 1, ("RC79TO40", "16"): 1,
                              ("SS", "14"): 1, ("RC80", "12"): 1}
    assert nonzero["sex"] == {("RC80", "F"): 2, ("RC80", "M"): 1, ("RC39", "M"): 1, ("RC79TO40", "M"): 1,
                              ("SS", "F"): 1}
    assert nonzero["el"] == {("RC80", "EL"): 1, ("RC80", "NONEL"): 2, ("RC39", "NONEL"): 1,
                             ("RC79TO40", "NONEL"): 1, ("SS", "NONEL"): 1}
    assert nonzero["race"] == {("RC80", "HI7"): 1, ("RC80", "BL7"): 1, ("RC80", "WH7"): 1, ("RC39", "WH7"): 1,
                               ("RC79TO40", "HI7"): 1, ("SS", "MU7"): 1}
    fs089 = selectors.child_count(COUNT_DATE, cast["district_admin"]).files["FS089"]
    assert {c: n for c, n in fs089.tables["age"].cells.items() if n} == {("REC10YSVCS", "AGE05NOTK"): 1,
                                                                        ("H", "3"): 1}


def test_every_table_adds_up_to_the_file_total(cast, kids):
    for file in selectors.child_count(COUNT_DATE, cast["district_admin"]).files.values():
        for table in file.tables.values():
            assert sum(table.cells.values()) == file.total


def test_the_count_is_one_grouped_query(cast, kids):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        selectors.child_count(COUNT_DATE, cast["district_admin"])
    # Besides savepoints and (PostgreSQL) the SET LOCAL of the planner settings: one SELECT … GROUP BY.
    reads = [q["sql"] for q in ctx.captured_queries
             if q["sql"].startswith("SELECT") and "set_config" not in q["sql"]]
    assert len(reads) == 1 and "GROUP BY" in reads[0]


def test_a_school_administrator_counts_only_their_school(cast, kids):
    count = selectors.child_count(COUNT_DATE, cast["school_admin"])
    assert count.files["FS002"].total == 5  # Moore is at Washington
    assert count.files["FS089"].total == 2


def test_a_cell_lists_exactly_the_students_counted_in_it(cast, kids):
    condition = selectors.cell_filter("FS002", "RC80", "disability", "SLD")
    names = [iep.student.last_name for iep in selectors.cell_students(COUNT_DATE, cast["district_admin"], condition)]
    assert names == ["Adams", "Moore"]
    condition = selectors.cell_filter("FS002", "", "disability", "HI")
    assert [i.student.last_name for i in selectors.cell_students(COUNT_DATE, cast["district_admin"], condition)] == [
        "Fox"]
    condition = selectors.cell_filter("FS089", "", "age", "AGE05NOTK")
    assert [i.student.last_name for i in selectors.cell_students(COUNT_DATE, cast["district_admin"], condition)] == [
        "Diaz"]


def test_a_cell_that_does_not_exist_names_the_field(cast):
    for args, field in [(("FS999", "", "", ""), "file"), (("FS002", "REC10YSVCS", "", ""), "environment"),
                        (("FS002", "RC80", "shoe", ""), "dimension"), (("FS002", "RC80", "age", "3"), "value")]:
        with pytest.raises(selectors.BadCell) as exc:
            selectors.cell_filter(*args)
        assert exc.value.field == field


def test_everyone_reaching_the_count_date_is_either_counted_or_on_the_validation_report(cast, kids):
    user = cast["district_admin"]
    reaching = set(selectors.ieps_reaching(COUNT_DATE, user).values_list("student__last_name", flat=True))
    counted = set(selectors.counted(COUNT_DATE, user).values_list("student__last_name", flat=True))
    left_out = {f.name.split(",")[0] for f in selectors.validation(COUNT_DATE, user) if not f.counted}
    assert reaching == counted | left_out
    assert not counted & left_out
    assert left_out == {"Hill", "Jones", "King", "Nash"}


def test_the_validation_report_puts_students_left_out_first(cast, kids):
    flagged = selectors.validation(COUNT_DATE, cast["district_admin"])
    assert [f.name.split(",")[0] for f in flagged] == ["Hill", "Jones", "King", "Nash", "Adams"]
    codes = {f.name.split(",")[0]: [p.code for p in f.problems] for f in flagged}
    assert codes == {"Hill": ["iep_out_of_date"], "Jones": ["not_eligible"], "King": ["no_race"],
                     "Nash": ["no_environment"], "Adams": ["environment_mismatch"]}
