"""The CSV export of the dashboard's list: same scope and filters, one record-of-access entry per student."""

from __future__ import annotations

import csv
import io

import pytest

from openiep.audit.models import AccessRecord
from openiep.compliance.tests.scenario import build_scenario

pytestmark = pytest.mark.django_db

URL = "/compliance/deadlines.csv"


@pytest.fixture
def scenario(cast):
    return build_scenario(cast)


def rows(response) -> list[dict[str, str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_export_lists_what_the_dashboard_lists_with_each_column(client, scenario):
    client.force_login(scenario.cast["district_admin"])
    response = client.get(URL)
    assert "attachment" in response["Content-Disposition"]
    data = rows(response)
    assert [r["Student"] for r in data] == ["Alvarez, Maya", "Outsider, Olive", "Lake, Lena"]  # by due date
    maya = data[0]
    assert maya == {
        "Student": "Alvarez, Maya", "Student id": "100001", "School": "Lincoln Elementary",
        "Rule": "Complete the initial evaluation within 60 days of consent",
        "Due date": scenario.maya_overdue.due_on.isoformat(), "Status": "Overdue", "Days overdue": "3",
        "Days late": "", "Completed on": "", "Counts from": "consent to evaluate",
        "Start date": scenario.maya_overdue.start_on.isoformat(),
        "Responsible": scenario.cast["case_manager"].get_full_name(), "Citation": "34 CFR §300.301(c)(1)",
    }


def test_the_export_follows_the_filters(client, scenario):
    client.force_login(scenario.cast["district_admin"])
    data = rows(client.get(URL, {"status": "late"}))
    assert [(r["Student"], r["Status"], r["Days late"]) for r in data] == [("Lake, Lena", "Met late", "5")]
    assert rows(client.get(URL, {"school": scenario.cast.washington.pk}))[0]["Student"] == "Outsider, Olive"


def test_each_exported_student_gets_one_export_entry_in_their_record_of_access(client, scenario):
    client.force_login(scenario.cast["district_admin"])
    client.get(URL, {"due_to": scenario.today.isoformat()})  # Maya twice (overdue, met), Lena once (late)
    records = AccessRecord.objects.filter(kind=AccessRecord.Kind.EXPORT)
    assert sorted(r.student.last_name for r in records) == ["Alvarez", "Lake"]
    record = records.first()
    assert record.user == scenario.cast["district_admin"]
    assert record.record == "Compliance deadlines (CSV export)"
    assert record.purpose == "District administration of special education"
    assert record.path.startswith(URL)
    assert not AccessRecord.objects.filter(student=scenario.zed).exists()


def test_a_case_manager_exports_only_their_own_and_nothing_is_recorded_for_others(client, scenario):
    client.force_login(scenario.cast["case_manager"])
    assert [r["Student"] for r in rows(client.get(URL))] == ["Alvarez, Maya"]
    assert set(AccessRecord.objects.filter(kind="export").values_list("student__last_name", flat=True)) == {"Alvarez"}


def test_an_empty_export_has_the_header_and_records_nothing(client, scenario):
    client.force_login(scenario.cast["school_admin"])
    data = rows(client.get(URL, {"status": "met", "rule": "consent_request_after_referral"}))
    assert data == []
    assert not AccessRecord.objects.filter(kind="export").exists()


def test_posting_to_the_export_is_not_allowed(client, scenario):
    client.force_login(scenario.cast["district_admin"])
    assert client.post(URL).status_code == 405


def test_a_name_that_looks_like_a_formula_is_not_run_by_a_spreadsheet(client, scenario):
    scenario.lena.last_name = "=HYPERLINK(\"http://evil.example\")"
    scenario.lena.save()
    client.force_login(scenario.cast["district_admin"])
    names = [r["Student"] for r in rows(client.get(URL))]
    assert "'=HYPERLINK(\"http://evil.example\"), Lena" in names
