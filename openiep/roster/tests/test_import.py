"""Importing a OneRoster export into the district: what it creates, updates, deactivates and refuses."""

from __future__ import annotations

from datetime import date

import pytest

from openiep.people.models import (
    District,
    Guardian,
    Guardianship,
    School,
    SchoolYear,
    Section,
    SectionEnrollment,
    Student,
    User,
)
from openiep.people.tests.factories import DistrictFactory, UserFactory
from openiep.roster import services
from openiep.roster.oneroster import ExportError
from openiep.roster.services import roster_import
from openiep.roster.tests.builders import (
    CLASSES,
    DEMOGRAPHICS,
    ENROLLMENTS,
    USERS_11,
    big_district,
    district_11,
    district_12,
    edit,
    reorder,
    with_columns,
    write_export,
)

pytestmark = pytest.mark.django_db

MODELS = (District, School, SchoolYear, Student, User, Guardian, Guardianship, Section, SectionEnrollment)


def row_counts() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts["student history"] = Student.history.count()
    counts["guardian history"] = Guardian.history.count()
    return counts


def run(path, **kwargs):
    kwargs.setdefault("state", "OH")
    return roster_import(source=path, **kwargs)


def test_a_1_1_folder_creates_the_district_its_schools_people_and_classes(tmp_path):
    report = run(write_export(tmp_path / "riverside", district_11()))

    assert report.errors == []
    district = District.objects.get()
    assert (district.name, district.state, district.sourced_id, district.nces_id) == (
        "Riverside Unified", "OH", "dist-1", "3904321")
    lincoln = School.objects.get(sourced_id="sch-lin")
    washington = School.objects.get(sourced_id="sch-wash")
    assert lincoln.nces_id == "390432100001"
    assert School.objects.count() == 2  # the science department belongs to Washington Middle

    maya = Student.objects.get(sourced_id="stu-maya")
    assert (maya.school, maya.local_id, maya.grade, maya.middle_name) == (lincoln, "100001", "04", "Rose")
    assert (maya.date_of_birth, maya.sex, maya.white, maya.hispanic_latino) == (date(2015, 3, 9), "F", True, True)
    assert maya.race_ethnicity == Student.RaceEthnicity.HISPANIC
    leo = Student.objects.get(sourced_id="stu-leo")
    assert (leo.grade, leo.date_of_birth, leo.race_ethnicity) == ("07", date(2012, 11, 30), "MU7")
    ivy = Student.objects.get(sourced_id="stu-ivy")
    assert (ivy.school, ivy.local_id, ivy.grade) == (washington, "ivy.c", "KG")  # no identifier: the username

    roles = dict(User.objects.values_list("sourced_id", "role"))
    assert roles == {"tch-cho": "gened_teacher", "tch-aide": "gened_teacher", "adm-sam": "school_admin",
                     "adm-dora": "district_admin"}
    sam = User.objects.get(sourced_id="adm-sam")
    assert (sam.school, sam.username, sam.email, sam.district) == (lincoln, "sam.school",
                                                                    "sam@riverside.example.org", district)
    assert not sam.has_usable_password()  # staff sign in through the district's SSO

    pat = Guardianship.objects.get(guardian__sourced_id="par-pat")
    assert (pat.student, pat.relationship, pat.holds_educational_rights) == (maya, "parent", True)
    assert (pat.guardian.email, pat.guardian.phone) == ("pat@family.example.org", "555-0100")
    grace = Guardianship.objects.get(guardian__sourced_id="rel-gran")
    assert (grace.student, grace.relationship, grace.holds_educational_rights) == (ivy, "relative", False)

    homeroom = Section.objects.get(sourced_id="cls-g4")
    assert (homeroom.title, homeroom.code, homeroom.school) == ("Grade 4 homeroom", "G4-HR", lincoln)
    science = Section.objects.get(sourced_id="cls-sci")
    assert (science.title, science.code, science.school) == ("Life Science 7", "SCI7", washington)  # from the course
    assert SectionEnrollment.objects.filter(section=homeroom, role="teacher", teacher__sourced_id="tch-cho").exists()
    leo_in_science = SectionEnrollment.objects.get(section=science, student=leo)
    assert (leo_in_science.begin_date, leo_in_science.end_date) == (date(2024, 8, 19), date(2025, 6, 6))
    assert SectionEnrollment.objects.filter(section=science, teacher__sourced_id="tch-aide").exists()

    years = list(SchoolYear.objects.order_by("start_date").values_list("name", "start_date", "end_date"))
    assert years == [("2023-24", date(2023, 7, 1), date(2024, 6, 30)),
                     ("2024-25", date(2024, 8, 19), date(2025, 6, 6))]

    assert report.counts()["students"] == {"created": 3, "updated": 0, "deactivated": 0, "unchanged": 0}
    assert report.counts()["enrollments"]["created"] == 4


def test_a_1_2_zip_takes_roles_from_roles_csv_and_preferred_names(tmp_path):
    report = run(write_export(tmp_path / "riverside.zip", district_12(), as_zip=True))

    assert report.version == "1.2"
    assert report.errors == []
    assert Student.objects.get(sourced_id="stu-maya").preferred_name == "Mimi"
    assert dict(User.objects.values_list("sourced_id", "role")) == {
        "tch-cho": "gened_teacher", "tch-aide": "gened_teacher", "adm-sam": "school_admin",
        "adm-dora": "district_admin"}
    assert Guardianship.objects.count() == 2
    assert SectionEnrollment.objects.count() == 4


def test_a_second_run_updates_and_never_duplicates(tmp_path):
    files = district_11()
    folder = write_export(tmp_path / "riverside", files)
    first = run(folder)
    after_first = row_counts()

    again = run(folder)
    assert row_counts() == after_first
    assert all(t["created"] == t["updated"] == 0 for t in again.counts().values())
    assert again.counts()["students"]["unchanged"] == 3

    files["users.csv"] = edit(USERS_11, "stu-leo", familyName="Brown-Lee", grades="08")
    write_export(folder, files)
    third = run(folder)
    leo = Student.objects.get(sourced_id="stu-leo")
    assert (leo.last_name, leo.grade) == ("Brown-Lee", "08")
    assert third.counts()["students"] == {"created": 0, "updated": 1, "deactivated": 0, "unchanged": 2}
    assert Student.objects.count() == first.counts()["students"]["created"]


def test_history_rows_say_which_roster_import_made_the_change(tmp_path):
    files = district_11()
    folder = write_export(tmp_path / "nightly-2024-08-20", files)
    run(folder)
    maya = Student.objects.get(sourced_id="stu-maya")
    [created] = maya.history.all()
    assert (created.history_type, created.history_change_reason) == ("+", "Roster import nightly-2024-08-20")
    assert Guardian.history.filter(history_change_reason="Roster import nightly-2024-08-20").count() == 2
    assert Guardianship.history.filter(history_change_reason="Roster import nightly-2024-08-20").count() == 2

    files["users.csv"] = edit(USERS_11, "stu-maya", grades="05")
    run(write_export(tmp_path / "nightly-2024-08-21.zip", files, as_zip=True))
    latest = maya.history.order_by("-history_id").first()
    assert (latest.history_type, latest.grade, latest.history_change_reason) == (
        "~", "05", "Roster import nightly-2024-08-21.zip")
    assert Student.history.count() == 4  # three created, one changed: unchanged students leave no history


def test_a_bad_grade_or_date_is_reported_by_file_and_line_and_the_other_rows_import(tmp_path):
    files = district_11()
    files["users.csv"] = edit(USERS_11, "stu-leo", grades="K5")
    files["demographics.csv"] = edit(DEMOGRAPHICS, "stu-maya", birthDate="2015-02-30")
    files["enrollments.csv"] = edit(ENROLLMENTS, "enr-2", beginDate="next week")
    report = run(write_export(tmp_path / "riverside", files))

    assert [str(e) for e in report.errors] == [
        "demographics.csv line 2 (stu-maya): birthDate: '2015-02-30' is not a real date",
        "users.csv line 3 (stu-leo): grades: 'K5' is not a grade code (use KG, 01…12, or PK, TK, 13, PS, UG, "
        "Other, …)",
        "enrollments.csv line 3 (enr-2): beginDate: 'next week' is not a date (use YYYY-MM-DD, for example "
        "2023-05-01)",
        "enrollments.csv line 5 (enr-4): userSourcedId: 'stu-leo' was not imported (see users.csv line 3)",
    ]
    assert set(Student.objects.values_list("sourced_id", flat=True)) == {"stu-maya", "stu-ivy"}
    assert Student.objects.get(sourced_id="stu-maya").date_of_birth is None  # the rest of Maya imported
    assert SectionEnrollment.objects.count() == 2


def test_an_enrollment_for_someone_not_in_the_files_is_a_row_error(tmp_path):
    files = district_11()
    files["enrollments.csv"] = [*ENROLLMENTS, ["enr-9", "active", "", "cls-g4", "sch-lin", "stu-ghost", "student",
                                               "", "", ""]]
    report = run(write_export(tmp_path / "riverside", files))
    assert [str(e) for e in report.errors] == [
        "enrollments.csv line 6 (enr-9): userSourcedId: 'stu-ghost' is not in users.csv (nor imported earlier)"]
    assert SectionEnrollment.objects.count() == 4


def test_an_unexpected_failure_mid_import_leaves_nothing_written(tmp_path, monkeypatch):
    DistrictFactory(name="Riverside Unified", sourced_id="dist-1")
    before = row_counts()

    def fail(self, *args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services._RosterImport, "import_sections", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        run(write_export(tmp_path / "riverside", district_11()))
    assert row_counts() == before


def test_a_dry_run_checks_everything_and_writes_nothing(tmp_path):
    files = district_11()
    files["users.csv"] = edit(USERS_11, "stu-leo", grades="K5")
    before = row_counts()
    report = run(write_export(tmp_path / "riverside", files), dry_run=True)
    assert report.dry_run
    assert report.counts()["students"]["created"] == 2
    assert len(report.errors) == 2  # the grade, and Leo's enrolment that follows from it
    assert row_counts() == before


def test_tobedeleted_deactivates_students_and_staff_and_deletes_nobody(tmp_path):
    files = district_11()
    folder = write_export(tmp_path / "riverside", files)
    run(folder)
    files["users.csv"] = edit(edit(USERS_11, "stu-leo", status="tobedeleted"), "tch-cho", status="tobedeleted")
    files["classes.csv"] = edit(CLASSES, "cls-sci", status="tobedeleted")
    files["enrollments.csv"] = edit(ENROLLMENTS, "enr-1", status="tobedeleted")
    report = run(write_export(folder, files))

    leo = Student.objects.get(sourced_id="stu-leo")
    assert not leo.is_active
    assert leo.history.order_by("-history_id").first().is_active is False
    assert not User.objects.get(sourced_id="tch-cho").is_active
    assert not Section.objects.get(sourced_id="cls-sci").is_active
    assert not SectionEnrollment.objects.filter(sourced_id="enr-1").exists()  # a teacher's access ends with it
    assert Student.objects.count() == 3
    counts = report.counts()
    assert (counts["students"]["deactivated"], counts["staff"]["deactivated"], counts["sections"]["deactivated"],
            counts["enrollments"]["deactivated"]) == (1, 1, 1, 1)

    files["users.csv"] = USERS_11  # back in the SIS: active again
    run(write_export(folder, files))
    assert Student.objects.get(sourced_id="stu-leo").is_active


def test_vendor_columns_reordered_columns_and_header_case_are_tolerated(tmp_path):
    files = district_11()
    columns = list(reversed(USERS_11[0]))
    columns[columns.index("givenName")] = "GIVENNAME"
    files["users.csv"] = with_columns(reorder(USERS_11, columns), ext_vendor_id="V1",
                                      **{"metadata.house": "Blue"})
    files["orgs.csv"] = with_columns(files["orgs.csv"], **{"metadata.classification": "public"})
    report = run(write_export(tmp_path / "riverside", files, bom=True))
    assert report.errors == []
    assert [str(w) for w in report.warnings if "column" in w.message] == []
    assert Student.objects.get(sourced_id="stu-maya").first_name == "Maya"
    assert Student.objects.count() == 3


def test_staff_keep_the_role_the_district_gave_them(tmp_path):
    district = DistrictFactory(name="Riverside Unified", sourced_id="dist-1")
    promoted = UserFactory(district=district, username="charlie.cho", role=User.Role.CASE_MANAGER, sourced_id="")
    run(write_export(tmp_path / "riverside", district_11()))
    promoted.refresh_from_db()
    assert (promoted.role, promoted.sourced_id, promoted.school.name) == ("case_manager", "tch-cho",
                                                                          "Lincoln Elementary")
    assert User.objects.filter(district=district).count() == 4  # adopted by username, not duplicated


def test_people_entered_by_hand_before_the_first_import_are_adopted_not_duplicated(cast, tmp_path):
    report = run(write_export(tmp_path / "riverside", district_11()))
    assert report.district == "Riverside Unified (OH)"
    cast.student.refresh_from_db()
    assert cast.student.sourced_id == "stu-maya"  # matched on local id 100001
    assert cast.lincoln.pk == School.objects.get(sourced_id="sch-lin").pk  # matched on the school's name
    assert Student.objects.filter(district=cast.district).count() == 4  # Maya, Olive, Leo, Ivy
    assert District.objects.count() == 1


def test_a_student_whose_local_id_belongs_to_another_student_is_refused(cast, tmp_path):
    cast.outsider.sourced_id = "stu-olive"
    cast.outsider.local_id = "100002"
    cast.outsider.save()
    report = run(write_export(tmp_path / "riverside", district_11()))
    assert "users.csv line 3 (stu-leo): identifier: local student id '100002' already belongs to another " \
           "student (sourcedId stu-olive)" in [str(e) for e in report.errors]


def test_a_class_missing_from_classes_csv_gets_a_placeholder_titled_by_its_sourced_id(tmp_path):
    files = district_11()
    files["enrollments.csv"] = [*ENROLLMENTS, ["enr-9", "active", "", "cls-art", "sch-lin", "stu-maya", "student",
                                               "", "", ""]]
    report = run(write_export(tmp_path / "riverside", files))
    art = Section.objects.get(sourced_id="cls-art")
    assert (art.title, art.school.name) == ("cls-art", "Lincoln Elementary")
    assert any("class 'cls-art' is not in classes.csv" in str(w) for w in report.warnings)


def test_an_export_without_a_district_org_goes_into_the_only_district(tmp_path):
    district = DistrictFactory(name="Riverside Unified", state="CA")
    files = district_11()
    files["orgs.csv"] = [row for row in files["orgs.csv"] if row[4] != "district"]
    report = roster_import(source=write_export(tmp_path / "riverside", files))
    assert report.counts()["district"] == {"created": 0, "updated": 0, "deactivated": 0, "unchanged": 1}
    assert Student.objects.filter(district=district).count() == 3


def test_a_new_district_needs_its_state(tmp_path):
    with pytest.raises(ExportError, match="--state XX"):
        roster_import(source=write_export(tmp_path / "riverside", district_11()))
    assert District.objects.count() == 0


def test_the_export_of_another_district_is_refused(tmp_path):
    DistrictFactory(name="Lakeside", sourced_id="dist-lake")
    with pytest.raises(ExportError, match="imported from 'dist-lake'"):
        run(write_export(tmp_path / "riverside", district_11()), district_name="Lakeside")


def test_a_big_export_is_written_in_batches_not_row_by_row(tmp_path, django_assert_max_num_queries):
    folder = write_export(tmp_path / "big", big_district(300))
    with django_assert_max_num_queries(120):
        report = run(folder, batch_size=100)
    assert report.errors == []
    assert (Student.objects.count(), Guardian.objects.count(), SectionEnrollment.objects.count()) == (300, 300, 1560)
    assert Guardianship.objects.count() == 300


def test_a_school_administrator_kept_by_openiep_keeps_the_school_they_run(cast, tmp_path):
    principal = cast["school_admin"]  # sam.school runs Lincoln
    files = district_11()
    files["users.csv"] = edit(USERS_11, "adm-sam", role="teacher", orgSourcedIds="sch-wash")
    run(write_export(tmp_path / "riverside", files))
    principal.refresh_from_db()
    assert (principal.role, principal.school, principal.sourced_id) == ("school_admin", cast.lincoln, "adm-sam")


def test_a_delta_export_can_refer_to_people_and_schools_imported_earlier(tmp_path):
    run(write_export(tmp_path / "bulk", district_11()))
    delta = {
        "users.csv": [USERS_11[0], ["stu-new", "active", "", "true", "sch-lin", "student", "nia.n", "", "Nia", "Ng",
                                    "", "100009", "", "", "", "par-pat", "03", ""]],
        "demographics.csv": [DEMOGRAPHICS[0], ["stu-leo", "active", "", "2012-12-01", "male", "", "", "", "", "",
                                               "", "", "", "", "", ""]],
        "enrollments.csv": [ENROLLMENTS[0], ["enr-9", "active", "", "cls-g4", "sch-lin", "stu-new", "student", "",
                                             "", ""]],
    }
    report = run(write_export(tmp_path / "delta", delta))
    assert report.errors == []
    nia = Student.objects.get(sourced_id="stu-new")
    assert nia.school.sourced_id == "sch-lin"
    assert Guardianship.objects.filter(student=nia, guardian__sourced_id="par-pat", relationship="parent").exists()
    assert Student.objects.get(sourced_id="stu-leo").date_of_birth == date(2012, 12, 1)
    assert SectionEnrollment.objects.filter(student=nia, section__sourced_id="cls-g4").exists()


def test_a_parent_marked_tobedeleted_loses_the_portal_sign_in_but_stays_on_record(tmp_path):
    files = district_11()
    folder = write_export(tmp_path / "riverside", files)
    run(folder)
    pat = Guardian.objects.get(sourced_id="par-pat")
    pat.user = UserFactory(district=pat.district, role=User.Role.PARENT, username="pat.portal")
    pat.save()
    files["users.csv"] = edit(USERS_11, "par-pat", status="tobedeleted")
    report = run(write_export(folder, files))
    pat.refresh_from_db()
    assert not pat.user.is_active
    assert Guardianship.objects.filter(guardian=pat).exists()  # the legal relationship is history, not ours to drop
    assert report.counts()["guardians"]["deactivated"] == 1
