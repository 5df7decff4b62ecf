"""The reporting pages: who may open them, what they show, the CSV files, bad input, the record of access."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openiep.audit.models import AccessRecord
from openiep.reporting.tests.builders import COUNT_DATE, build_district, child

pytestmark = pytest.mark.django_db
DAY = COUNT_DATE.isoformat()


@pytest.fixture
def kids(cast):
    return build_district(cast)


@pytest.mark.parametrize("role", ["district_admin", "auditor", "school_admin"])
def test_district_and_school_roles_see_the_child_count(client, cast, kids, role):
    client.force_login(cast[role])
    response = client.get("/reporting/child-count/", {"count_date": DAY})
    assert response.status_code == 200
    assert "children counted on October 1, 2026" in response.content.decode()


@pytest.mark.parametrize("role", ["case_manager", "sped_teacher", "gened_teacher", "provider", "evaluator", "parent",
                                  "advocate"])
@pytest.mark.parametrize("url", ["/reporting/child-count/", "/reporting/validation/", "/reporting/indicators/",
                                 "/reporting/child-count/FS002.csv", "/reporting/child-count/students/"])
def test_other_roles_are_refused(client, cast, role, url):
    client.force_login(cast[role])
    assert client.get(url, {"count_date": DAY}).status_code == 403


def test_a_count_date_outside_every_school_year_is_refused_at_the_field(client, cast, kids):
    client.force_login(cast["district_admin"])
    response = client.get("/reporting/child-count/", {"count_date": "2030-10-01"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "October 1, 2030 is not inside any of the district&#x27;s school years" in body
    assert "2026-27: August 20, 2026 to June 10, 2027" in body
    response = client.get("/reporting/child-count/FS002.csv", {"count_date": "2030-10-01"})
    assert response.status_code == 400
    assert "not inside any of the district's school years" in response.content.decode()
    assert client.get("/reporting/child-count/", {"count_date": "not-a-date"}).status_code == 422


def test_each_cell_links_to_its_students(client, cast, kids):
    client.force_login(cast["district_admin"])
    body = client.get("/reporting/child-count/", {"count_date": DAY}).content.decode()
    link = f"/reporting/child-count/students/?count_date={DAY}&amp;file=FS002&amp;environment=RC80&amp;dimension=disability&amp;value=SLD"
    assert link in body
    response = client.get("/reporting/child-count/students/", {
        "count_date": DAY, "file": "FS002", "environment": "RC80", "dimension": "disability", "value": "SLD"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Adams, Kid" in page and "Moore, Kid" in page and "Cruz" not in page
    records = AccessRecord.objects.filter(kind=AccessRecord.Kind.VIEW, user=cast["district_admin"])
    assert {r.student.last_name for r in records} == {"Adams", "Moore"}


def test_a_cell_that_does_not_exist_is_refused_naming_the_field(client, cast, kids):
    client.force_login(cast["district_admin"])
    response = client.get("/reporting/child-count/students/", {"count_date": DAY, "file": "FS002",
                                                                "environment": "H"})
    assert response.status_code == 422
    assert "environment: H is not an environment of FS002" in response.content.decode()


def test_a_school_administrator_never_sees_another_schools_students(client, cast, kids):
    client.force_login(cast["school_admin"])
    page = client.get("/reporting/child-count/students/", {"count_date": DAY, "file": "FS002"}).content.decode()
    assert "Adams" in page and "Moore" not in page
    assert "Moore" not in client.get("/reporting/validation/", {"count_date": DAY}).content.decode()


def test_the_federal_file_is_an_edfacts_style_csv_that_adds_up(client, cast, kids):
    client.force_login(cast["district_admin"])
    response = client.get("/reporting/child-count/FS002.csv", {"count_date": DAY})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="FS002-2026-10-01.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    total = [r for r in rows if r["Category Set"] == "TOT"]
    assert [r["Student Count"] for r in total] == ["6"]
    for letter in ("CSA", "CSB", "CSC", "CSD", "CSE", "ST1"):
        assert sum(int(r["Student Count"]) for r in rows if r["Category Set"] == letter) == 6
    sld = [r for r in rows if r["Category Set"] == "CSA" and r["Educational Environment"] == "RC80"
           and r["Disability Category"] == "SLD"]
    assert sld[0]["Student Count"] == "2"
    ec = client.get("/reporting/child-count/FS089.csv", {"count_date": DAY}).content.decode()
    assert "AGE05NOTK" in ec
    assert client.get("/reporting/child-count/FS003.csv", {"count_date": DAY}).status_code == 404


def test_a_student_list_export_is_entered_in_each_students_record_of_access(client, cast, kids):
    client.force_login(cast["auditor"])
    response = client.get("/reporting/child-count/students/", {"count_date": DAY, "file": "FS002", "format": "csv"})
    assert response.status_code == 200
    assert len(response.content.decode().strip().splitlines()) == 7  # header + 6
    exports = AccessRecord.objects.filter(kind=AccessRecord.Kind.EXPORT, user=cast["auditor"])
    assert exports.count() == 6
    assert exports.first().record == "Child count: list of students counted (CSV export)"


def test_the_validation_report_shows_who_to_fix_first_with_links(client, cast, kids):
    client.force_login(cast["district_admin"])
    response = client.get("/reporting/validation/", {"count_date": DAY})
    assert response.status_code == 200
    body = response.content.decode()
    order = [body.index(name) for name in ("Hill, Kid", "Jones, Kid", "King, Kid", "Nash, Kid", "Adams, Kid")]
    assert order == sorted(order)
    king = kids["king"][0]
    assert f'href="/students/{king.pk}/edit/"' in body
    assert "No race/ethnicity" in body
    hill, hill_iep = kids["hill"]
    assert f'href="/students/{hill.pk}/ieps/{hill_iep.pk}/"' in body


def test_the_indicators_page_shows_indicators_5_6_and_13(client, cast, kids):
    client.force_login(cast["district_admin"])
    body = client.get("/reporting/indicators/", {"count_date": DAY, "from": "2026-07-01", "to": "2027-06-30"}
                      ).content.decode()
    assert 'data-indicator="5A">50.0%' in body
    assert 'data-indicator="6C">50.0%' in body
    assert "/compliance/indicator-11/?from=2026-07-01&amp;to=2027-06-30" in body


def _queries(client, url, params):
    client.get(url, params)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url,params", [
    ("/reporting/child-count/", {"count_date": DAY}),
    ("/reporting/child-count/students/", {"count_date": DAY, "file": "FS002"}),
    ("/reporting/validation/", {"count_date": DAY}),
    ("/reporting/indicators/", {"count_date": DAY}),
])
def test_the_pages_run_the_same_number_of_queries_as_the_district_grows(client, cast, kids, url, params):
    client.force_login(cast["district_admin"])
    small = _queries(client, url, params)
    for i in range(6):
        child(cast.lincoln, f"Extra{i}", born=COUNT_DATE.replace(year=2014), grade="07", race="" if i % 2 else "WH7",
              environment="RC39" if i % 3 else "RC80")
    assert _queries(client, url, params) == small
