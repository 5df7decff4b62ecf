"""The integration API: tokens and scopes, the one access policy, pagination, incremental sync, error bodies,
the record of access."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from openiep.api.models import ApiToken
from openiep.audit.models import AccessRecord
from openiep.compliance.tests.factories import DeadlineFactory
from openiep.documents.tests.factories import DocumentFactory
from openiep.iep.tests.factories import InEffectIEPFactory, ServiceFactory
from openiep.people.models import Student
from openiep.people.tests.factories import DistrictFactory, GuardianshipFactory, SchoolFactory, StudentFactory

pytestmark = pytest.mark.django_db


def test_a_token_reads_the_districts_students_and_nothing_else(client, cast, make_token):
    elsewhere = StudentFactory(district=DistrictFactory(), last_name="Faraway")
    response = client.get("/api/v1/students/", **make_token("students:read"))
    assert response.status_code == 200
    names = {row["last_name"] for row in response.json()["results"]}
    assert names == {"Alvarez", "Outsider"}
    assert client.get(f"/api/v1/students/{elsewhere.pk}/", **make_token()).status_code == 404


def test_every_student_read_through_a_token_is_in_the_record_of_access(client, cast, make_token):
    client.get("/api/v1/students/", **make_token("students:read"))
    records = AccessRecord.objects.filter(user=cast["district_admin"])
    assert {r.student_id for r in records} == {cast.student.pk, cast.outsider.pk}
    assert {r.purpose for r in records} == {"Integration through the API: State reporting export"}


def test_a_token_without_the_scope_is_refused_naming_the_scope(client, cast, make_token):
    response = client.get("/api/v1/ieps/", **make_token("students:read"))
    assert response.status_code == 403
    assert response.json() == {"error": {"status": 403, "code": "permission_denied",
                                         "message": "This token lacks the scope ieps:read."}}


def test_no_credentials_and_bad_tokens_answer_401_with_a_body(client, cast, make_token):
    response = client.get("/api/v1/students/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    response = client.get("/api/v1/students/", HTTP_AUTHORIZATION="Bearer oiep_not-a-real-token")
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "This token is unknown, revoked or expired."


def test_a_revoked_or_expired_token_stops_working(client, cast, make_token):
    headers = make_token()
    ApiToken.objects.update(revoked_at=timezone.now())
    assert client.get("/api/v1/students/", **headers).status_code == 401
    headers = make_token()
    ApiToken.objects.filter(revoked_at__isnull=True).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get("/api/v1/students/", **headers).status_code == 401


def test_a_token_stops_working_when_its_administrator_leaves(client, cast, make_token):
    headers = make_token()
    cast["district_admin"].is_active = False
    cast["district_admin"].save()
    assert client.get("/api/v1/students/", **headers).status_code == 401


def test_keys_are_stored_hashed(cast, make_token):
    key = make_token()["HTTP_AUTHORIZATION"].split()[1]
    token = ApiToken.objects.get()
    assert key not in (token.key_hash, token.prefix) and token.prefix == key[:12]


def test_a_malformed_filter_names_the_field(client, cast, make_token):
    response = client.get("/api/v1/students/", {"updated_since": "yesterday"}, **make_token())
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert list(error["fields"]) == ["updated_since"]


def test_updated_since_returns_only_what_changed(client, cast, make_token):
    cutoff = timezone.now()
    Student.objects.filter(pk=cast.outsider.pk).update(updated_at=cutoff - timedelta(days=2))
    Student.objects.filter(pk=cast.student.pk).update(updated_at=cutoff + timedelta(seconds=1))
    response = client.get("/api/v1/students/", {"updated_since": cutoff.isoformat()}, **make_token())
    assert [row["id"] for row in response.json()["results"]] == [cast.student.pk]


def test_lists_are_paginated_by_cursor_until_next_is_empty(client, cast, make_token):
    for i in range(3):
        StudentFactory(district=cast.district, school=cast.lincoln, last_name=f"Extra{i}")
    headers = make_token()
    seen, url, pages = [], "/api/v1/students/?page_size=2", 0
    while url:
        body = client.get(url, **headers).json()
        seen += [row["id"] for row in body["results"]]
        url, pages = body["next"], pages + 1
    assert pages == 3 and seen == sorted(Student.objects.filter(district=cast.district).values_list("id", flat=True))
    response = client.get("/api/v1/students/", {"cursor": "not-a-cursor"}, **headers)
    assert response.status_code == 404 and response.json()["error"]["message"] == "Invalid cursor"


@pytest.mark.parametrize("role", ["case_manager", "parent", "school_admin"])
def test_the_scope_joined_to_the_student_is_the_policys_scope(cast, role):
    from openiep.access.policy import students_visible_to
    from openiep.iep.models import IEP
    from openiep.lib.scope import related_scope

    for student in (cast.student, cast.outsider):
        InEffectIEPFactory(student=student)
    user = cast[role]
    expected = set(students_visible_to(user).values_list("pk", flat=True))
    assert set(IEP.objects.filter(related_scope(user, "student")).values_list("student_id", flat=True)) == expected


def test_a_case_manager_signed_in_sees_only_their_students(client, cast):
    client.force_login(cast["case_manager"])
    body = client.get("/api/v1/students/").json()
    assert [row["id"] for row in body["results"]] == [cast.student.pk]
    assert client.get(f"/api/v1/students/{cast.outsider.pk}/").status_code == 404


def test_a_parent_signed_in_cannot_read_deadlines(client, cast):
    client.force_login(cast["parent"])
    assert client.get("/api/v1/deadlines/").status_code == 403
    assert [r["id"] for r in client.get("/api/v1/students/").json()["results"]] == [cast.student.pk]


def test_guardians_ieps_services_and_the_case(client, cast, make_token):
    iep = InEffectIEPFactory(student=cast.student)
    ServiceFactory(iep=iep, minutes=30, times=2, period="week")
    InEffectIEPFactory(student=StudentFactory(district=DistrictFactory()))  # another district's
    headers = make_token("guardians:read", "ieps:read", "services:read", "cases:read", "deadlines:read")
    guardians = client.get("/api/v1/guardians/", **headers).json()["results"]
    assert [(g["last_name"], g["students"][0]["student"]) for g in guardians] == [("Alvarez", cast.student.pk)]
    ieps = client.get("/api/v1/ieps/", **headers).json()["results"]
    assert [(i["id"], i["student"]) for i in ieps] == [(iep.pk, cast.student.pk)]
    services = client.get("/api/v1/services/", {"student": cast.student.pk}, **headers).json()["results"]
    assert [(s["iep"], s["minutes"]) for s in services] == [(iep.pk, 30)]
    case = client.get(f"/api/v1/students/{cast.student.pk}/case/", **headers).json()
    assert case["student"] == cast.student.pk and case["step_label"]
    assert client.get("/api/v1/deadlines/", **headers).status_code == 200


def test_documents_list_and_download_through_the_policy(client, cast, make_token, api_media):
    document = DocumentFactory(student=cast.student)
    hidden = DocumentFactory(student=StudentFactory(district=DistrictFactory()))
    headers = make_token("documents:read")
    rows = client.get("/api/v1/documents/", **headers).json()["results"]
    assert [r["id"] for r in rows] == [document.pk]
    response = client.get(rows[0]["download_url"], **headers)
    assert response.status_code == 200
    assert response["X-Content-SHA256"] == document.sha256
    assert AccessRecord.objects.filter(kind=AccessRecord.Kind.DOWNLOAD, student=cast.student).count() == 1
    assert client.get(f"/api/v1/documents/{hidden.pk}/download/", **headers).status_code == 404


def test_a_school_administrators_token_would_see_only_the_school(client, cast):
    # Only district administrators create tokens; the scope of whoever a token acts as always applies.
    from openiep.api.services import hash_key

    ApiToken.objects.create(district=cast.district, user=cast["school_admin"], name="x", prefix="p",
                            key_hash=hash_key("k"), scopes=["students:read"])
    rows = client.get("/api/v1/students/", HTTP_AUTHORIZATION="Bearer k").json()["results"]
    assert [r["id"] for r in rows] == [cast.student.pk]


def test_the_schema_and_documentation_are_served_without_a_cdn(client, cast):
    client.force_login(cast["district_admin"])
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/v1/students/" in schema.content.decode()
    docs = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs and "cdn" not in docs.lower()
    assert client.get("/api/redoc/").status_code == 200


def test_the_list_endpoints_run_the_same_number_of_queries_as_data_grows(client, cast, make_token, api_media):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = make_token("students:read", "guardians:read", "ieps:read", "services:read", "documents:read",
                         "deadlines:read", "edfi:read")
    urls = ["/api/v1/students/", "/api/v1/guardians/", "/api/v1/ieps/", "/api/v1/services/", "/api/v1/documents/",
            "/api/v1/deadlines/", "/api/v1/edfi/student-special-education-program-associations/"]

    def counts():
        out = []
        for url in urls:
            client.get(url, **headers)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url, **headers).status_code == 200, url
            out.append(len(ctx.captured_queries))
        return out

    def one_of_each(student):
        iep = InEffectIEPFactory(student=student)
        ServiceFactory(iep=iep)
        DocumentFactory(student=student)
        DeadlineFactory(student=student)
        GuardianshipFactory(student=student)

    one_of_each(cast.student)
    small = counts()
    school = SchoolFactory(district=cast.district)
    for _ in range(4):
        one_of_each(StudentFactory(district=cast.district, school=school))
    assert counts() == small
