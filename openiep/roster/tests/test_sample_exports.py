"""The public OneRoster sample exports in the shared data folder import, and import again identically.

The samples come from catalyst/moodle-enrol_oneroster's test fixtures (see law.md section 5). They are
quirky on purpose: a 'department' org whose parent school is missing, a teacher enrolled as a student,
a class marked tobedeleted, 1.2 header typos and a userprofiles.csv holding roles.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from openiep.people.models import (
    Guardian,
    Guardianship,
    School,
    SchoolYear,
    Section,
    SectionEnrollment,
    Student,
    User,
)
from openiep.roster.services import roster_import

pytestmark = pytest.mark.django_db

SAMPLES = Path(settings.OPENIEP_SHARED_DIR) / "data" / "oneroster"
ZIPS = sorted(SAMPLES.glob("*.zip")) if SAMPLES.is_dir() else []

# What each known sample makes (observed, and checked by hand against its CSV files).
EXPECTED = {
    "Test_full_data_set.zip": {"students": 3, "staff": 2, "guardians": 1, "guardianships": 1, "schools": 1,
                               "sections": 1, "enrollments": 2, "errors": 2},
    "Test_minimal_data_set.zip": {"students": 3, "staff": 2, "guardians": 1, "guardianships": 0, "schools": 1,
                                  "sections": 2, "enrollments": 4, "errors": 2},
    "oneroster_test_data.zip": {"students": 1, "staff": 0, "guardians": 0, "guardianships": 0, "schools": 1,
                                "sections": 1, "enrollments": 1, "errors": 0},
    "v1p2_full_dataset.zip": {"students": 3, "staff": 3, "guardians": 1, "guardianships": 2, "schools": 1,
                              "sections": 1, "enrollments": 2, "errors": 2},
}


def database_counts() -> dict[str, int]:
    return {
        "students": Student.objects.count(), "staff": User.objects.exclude(sourced_id="").count(),
        "guardians": Guardian.objects.count(), "guardianships": Guardianship.objects.count(),
        "schools": School.objects.count(), "sections": Section.objects.count(),
        "enrollments": SectionEnrollment.objects.count(), "school years": SchoolYear.objects.count(),
    }


NO_SAMPLES = pytest.param(None, id="no-samples", marks=pytest.mark.skip(reason=f"No OneRoster sample zips in {SAMPLES}"))


def need(name: str) -> Path:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{path} is not there")
    return path


@pytest.mark.parametrize("sample", [pytest.param(z, id=z.name) for z in ZIPS] or [NO_SAMPLES])
def test_each_sample_export_imports_with_sensible_counts_and_again_identically(sample):
    first = roster_import(source=sample, state="OH")
    after_first = database_counts()
    assert after_first["students"] >= 1
    assert after_first["school years"] >= 1
    expected = EXPECTED.get(sample.name)
    if expected is not None:
        assert {key: after_first[key] for key in expected if key != "errors"} == {
            key: value for key, value in expected.items() if key != "errors"}
        assert len(first.errors) == expected["errors"], [str(e) for e in first.errors]

    second = roster_import(source=sample)
    assert database_counts() == after_first
    assert all(t["created"] == 0 and t["updated"] == 0 for t in second.counts().values()), second.counts()
    assert [str(e) for e in second.errors] == [str(e) for e in first.errors]


def test_the_full_data_set_links_thomas_jones_to_mary_jones_and_rejects_the_teacher_enrolled_as_a_student():
    report = roster_import(source=need("Test_full_data_set.zip"), state="OH")
    [link] = Guardianship.objects.select_related("student", "guardian")
    assert (link.guardian.first_name, link.student.local_id, link.relationship) == ("Thomas", "mary.jones", "parent")
    assert set(User.objects.values_list("username", "role")) == {("john.doe", "gened_teacher"),
                                                                 ("jim.smith", "gened_teacher")}
    assert School.objects.get().name == "History Department"  # the department stands in for its missing school
    assert not Section.objects.filter(sourced_id="cls-222-123478").exists()  # tobedeleted, never imported
    assert {str(e) for e in report.errors} == {
        "enrollments.csv line 3 (enr-s-222-12345-987654): userSourcedId: 'usr-222-987654' is staff in users.csv, "
        "not a student",
        "enrollments.csv line 6 (enr-s-222-12345-987532): userSourcedId: 'usr-222-987654' is staff in users.csv, "
        "not a student",
    }


def test_the_1_2_sample_with_header_typos_reads_preferred_names_and_roles_csv():
    report = roster_import(source=need("v1p2_full_dataset.zip"), state="OH")
    assert Student.objects.get(local_id="mary.jones").preferred_name == "MJ"
    assert User.objects.get(username="thomas.joness").role == "school_admin"  # siteAdministrator in roles.csv
    # John Doe teaches, and roles.csv also makes him a guardian: Mary and mmichel list him as their agent.
    assert set(Guardianship.objects.values_list("guardian__first_name", "student__first_name")) == {
        ("John", "Mary"), ("John", "mmichel")}
    typo_warnings = [str(w) for w in report.warnings if "misspelling" in w.message]
    assert len(typo_warnings) == 4


def test_the_1_2_test_data_reads_the_birth_date_from_demographics():
    roster_import(source=need("oneroster_test_data.zip"), state="OH")
    bruce = Student.objects.get()
    assert (bruce.first_name, bruce.local_id, bruce.date_of_birth, bruce.school.name) == (
        "Bruce", "bruce.wayne", date(2010, 4, 17), "Gotham High School")
    assert SectionEnrollment.objects.get().section.title == "Basic Detection"
    # Only the schoolYear column (2023) is known: the school year runs July to June.
    assert list(SchoolYear.objects.values_list("name", "start_date", "end_date")) == [
        ("2022-23", date(2022, 7, 1), date(2023, 6, 30))]
