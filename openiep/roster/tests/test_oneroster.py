"""Reading OneRoster files: values, headers, rows and exports, without the database."""

from __future__ import annotations

import zipfile
from datetime import date

import pytest

from openiep.people.models import GradeLevel
from openiep.roster import oneroster
from openiep.roster.oneroster import Export, ExportError, RowError, parse_date, parse_grade, read_records
from openiep.roster.tests.builders import USERS_11, csv_text, district_11, write_export


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-05-01", date(2023, 5, 1)),
        ("2023-05-01T18:25:43.511Z", date(2023, 5, 1)),
        ("2017-05-06 08:01:05", date(2017, 5, 6)),
        ("5/1/2023", date(2023, 5, 1)),
        ("05/01/2023", date(2023, 5, 1)),
        ("", None),
    ],
)
def test_dates_are_read_in_the_forms_real_exports_use(text, expected):
    assert parse_date(text, "birthDate") == expected


def test_a_slash_date_reads_day_first_when_the_file_writes_days_first():
    assert parse_date("1/05/2023", "beginDate", day_first=True) == date(2023, 5, 1)
    assert parse_date("1/05/2023", "beginDate") == date(2023, 1, 5)


@pytest.mark.parametrize("text", ["2023-13-01", "31/31/2023", "yesterday", "2023-02-30"])
def test_a_date_that_is_not_one_names_its_column(text):
    with pytest.raises(RowError) as caught:
        parse_date(text, "birthDate")
    assert caught.value.column == "birthDate"
    assert text in caught.value.message


def test_a_file_with_15_06_2023_in_it_reads_1_05_2023_as_the_first_of_may(tmp_path):
    rows = [["sourcedId", "classSourcedId", "userSourcedId", "role", "beginDate"],
            ["e1", "c1", "u1", "student", "1/05/2023"],
            ["e2", "c1", "u2", "student", "15/06/2023"]]
    export = Export(write_export(tmp_path / "x", {"enrollments.csv": rows, "users.csv": USERS_11[:1]}))
    records = list(read_records(export, "enrollments", []))
    assert [r.begin for r in records] == [date(2023, 5, 1), date(2023, 6, 15)]


@pytest.mark.parametrize(("text", "expected"), [("04", "04"), ("4", "04"), ("kg", "KG"), ("09,10,11", "09"),
                                                ("other", "Other"), ("", "")])
def test_grades_read_as_grade_codes(text, expected):
    assert parse_grade(text) == expected


def test_a_bad_grade_says_which_codes_to_use():
    with pytest.raises(RowError) as caught:
        parse_grade("K5")
    assert caught.value.column == "grades"
    assert caught.value.message.startswith("'K5' is not a grade code (use KG, 01…12")


def test_the_grade_codes_are_the_ones_openiep_stores():
    assert list(oneroster.GRADE_CODES) == list(GradeLevel.values)


def test_headers_match_whatever_their_case_order_and_byte_order_mark(tmp_path):
    header = ["FAMILYNAME", "givenname", "SourcedId", "ext_vendor_id", "metadata.house", "Role"]
    rows = [header, ["Alvarez", "Maya", "stu-1", "X9", "Blue", "student"]]
    folder = write_export(tmp_path / "x", {"users.csv": rows}, bom=True)
    issues: list = []
    [user] = list(read_records(Export(folder), "users", issues))
    assert (user.sourced_id, user.given_name, user.family_name, user.role) == ("stu-1", "Maya", "Alvarez", "student")
    assert issues == []  # vendor extension columns are expected, not warned about


def test_misspelled_1_2_headers_are_read_as_the_right_column_with_a_warning(tmp_path):
    rows = [["sourcedId", "dataLastModified", "givenName", "familyName", "prefferedGivenName"],
            ["stu-1", "2023-05-01", "Mary", "Jones", "MJ"]]
    issues: list = []
    [user] = list(read_records(Export(write_export(tmp_path / "x", {"users.csv": rows})), "users", issues))
    assert user.preferred_given_name == "MJ"
    assert {str(i) for i in issues} == {
        "users.csv line 1: column 'dataLastModified' read as 'dateLastModified' (a misspelling some systems export)",
        "users.csv line 1: column 'prefferedGivenName' read as 'preferredGivenName' (a misspelling some systems "
        "export)",
    }


def test_a_roles_file_with_trailing_empty_header_columns_is_read(tmp_path):
    text = ("sourcedId,status,dataLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,,\r\n"
            "rol-1,active,2025-01-01,usr-1,primary,teacher,2024-03-06,2025-09-23,org-1\r\n")
    folder = write_export(tmp_path / "x", {"roles.csv": text, "users.csv": USERS_11[:1]})
    [role] = list(read_records(Export(folder), "roles", []))
    assert (role.user_id, role.role, role.primary, role.org_id) == ("usr-1", "teacher", True, "org-1")


def test_a_repeated_sourced_id_is_an_error_on_the_second_row_only(tmp_path):
    rows = [USERS_11[0], USERS_11[1], USERS_11[2], USERS_11[1]]
    issues: list = []
    records = list(read_records(Export(write_export(tmp_path / "x", {"users.csv": rows})), "users", issues))
    assert [r.sourced_id for r in records] == ["stu-maya", "stu-leo"]
    assert [str(i) for i in issues] == [
        "users.csv line 4 (stu-maya): sourcedId: the same sourcedId is on line 2; this row is skipped"]


def test_line_numbers_are_where_a_row_starts_even_after_a_quoted_line_break(tmp_path):
    text = 'sourcedId,givenName,familyName\r\nu1,"Mary\nAnn",Jones\r\nu2,,Smith\r\n'
    issues: list = []
    list(read_records(Export(write_export(tmp_path / "x", {"users.csv": text})), "users", issues))
    assert [str(i) for i in issues] == [
        "users.csv line 4 (u2): givenName: blank; every person needs a first and last name"]


def test_a_file_missing_a_required_column_stops_the_import_with_a_clear_message(tmp_path):
    folder = write_export(tmp_path / "x", {"users.csv": [["sourcedId", "givenName"], ["u1", "Mary"]]})
    with pytest.raises(ExportError, match="users.csv has no 'familyName' column"):
        list(read_records(Export(folder), "users", []))


def test_an_export_in_a_zip_subfolder_with_odd_file_name_case_is_found(tmp_path):
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("__MACOSX/nightly/._users.csv", b"junk")
        archive.writestr("nightly/USERS.CSV", csv_text(USERS_11))
        archive.writestr("nightly/manifest.csv", csv_text([["propertyName", "value"], ["oneroster.version", "1.2"]]))
    with Export(path) as export:
        assert export.version == "1.2"
        assert export.file_name("users") == "USERS.CSV"
        assert len(list(read_records(export, "users", []))) == len(USERS_11) - 1


def test_a_windows_1252_file_is_read_with_a_warning(tmp_path):
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "users.csv").write_bytes("sourcedId,givenName,familyName\r\nu1,José,Peña\r\n".encode("cp1252"))
    issues: list = []
    [user] = list(read_records(Export(folder), "users", issues))
    assert (user.given_name, user.family_name) == ("José", "Peña")
    assert "read as Windows-1252" in str(issues[0])


def test_the_version_comes_from_the_manifest_or_from_the_files(tmp_path):
    assert Export(write_export(tmp_path / "a", district_11())).version == "1.1"
    assert Export(write_export(tmp_path / "b", {"users.csv": USERS_11, "roles.csv": [["userSourcedId", "role"]]})
                  ).version == "1.2"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "missing.zip", "does not exist"),
        (lambda tmp: (tmp / "broken.zip").write_bytes(b"not a zip") and tmp / "broken.zip", "not a readable zip file"),
        (lambda tmp: (tmp / "users.csv").write_text("x") and tmp / "users.csv", "one CSV file"),
        (lambda tmp: (tmp / "empty").mkdir() or tmp / "empty", "is not a OneRoster export"),
        (lambda tmp: write_export(tmp / "other", {"grades.csv": [["a"]]}), "no users.csv or orgs.csv (found: grades.csv)"),
    ],
)
def test_a_path_that_is_not_an_export_is_refused_with_a_reason(tmp_path, make, message):
    with pytest.raises(ExportError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Export(make(tmp_path))
