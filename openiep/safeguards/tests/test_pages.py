"""The safeguards pages: who may see and write, bad input at the field, and fixed query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openiep.audit.models import AccessRecord
from openiep.referrals.tests.factories import days_ago
from openiep.safeguards.models import Dispute, RecordsRequest, SafeguardsNotice
from openiep.safeguards.tests.factories import (
    AmendmentRequestFactory,
    DisputeFactory,
    IEERequestFactory,
    RecordsRequestFactory,
    SafeguardsNoticeFactory,
)

pytestmark = pytest.mark.django_db


def url(student, path=""):
    return f"/students/{student.pk}/safeguards/{path}"


def test_the_case_manager_sees_every_request_with_its_clock_and_the_forms(client, cast):
    RecordsRequestFactory(student=cast.student, requested_on=days_ago(50))
    DisputeFactory(student=cast.student, kind=Dispute.Kind.EXPEDITED)
    client.force_login(cast["case_manager"])
    response = client.get(url(cast.student))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Overdue by 5 days" in body
    assert "Expedited hearing held (20 school days)" in body
    assert "not recorded" in body  # the stay-put placement
    assert "Enter a request to see the records" in body
    assert "Notice owed" in body
    assert AccessRecord.objects.filter(student=cast.student, user=cast["case_manager"]).exists()


def test_the_compliance_reviewer_reads_without_forms(client, cast):
    SafeguardsNoticeFactory(student=cast.student, given_on=days_ago(1))
    client.force_login(cast["auditor"])
    response = client.get(url(cast.student))
    assert response.status_code == 200
    assert "Enter a request" not in response.content.decode()
    assert "Up to date" in response.content.decode()
    response = client.post(url(cast.student, "records/add/"), {"records-requested_on": days_ago(0).isoformat(),
                                                                 "records-records_wanted": "All",
                                                                 "records-requested_by_name": "Pat"})
    assert response.status_code == 403
    assert not RecordsRequest.objects.exists()


@pytest.mark.parametrize("role", ["sped_teacher", "gened_teacher", "provider", "parent", "advocate"])
def test_team_teachers_and_families_may_not_open_the_staff_page(client, cast, role):
    client.force_login(cast[role])
    assert client.get(url(cast.student)).status_code == 403


def test_a_student_outside_the_scope_is_not_found(client, cast):
    client.force_login(cast["case_manager"])
    assert client.get(url(cast.outsider)).status_code == 404
    response = client.post(url(cast.outsider, "records/add/"), {"records-records_wanted": "All"})
    assert response.status_code == 404


def test_the_case_manager_enters_a_records_request_and_answers_it(client, cast):
    client.force_login(cast["case_manager"])
    guardian = cast.student.guardianships.get().guardian
    response = client.post(url(cast.student, "records/add/"), {
        "records-requested_on": days_ago(2).isoformat(), "records-guardian": guardian.pk,
        "records-records_wanted": "The evaluation report"})
    assert response.status_code == 302
    request = RecordsRequest.objects.get()
    response = client.post(url(cast.student, f"records/{request.pk}/answer/"),
                           {"answered_on": days_ago(0).isoformat(), "answer": "Copies handed over."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.answered_by == cast["case_manager"]


def test_bad_input_is_shown_at_the_field_and_nothing_is_written(client, cast):
    client.force_login(cast["case_manager"])
    response = client.post(url(cast.student, "records/add/"), {
        "records-requested_on": days_ago(-3).isoformat(), "records-records_wanted": "All",
        "records-requested_by_name": "Pat"})
    assert response.status_code == 422
    assert "cannot be in the future" in response.content.decode()
    assert response.context["records_form"].errors["requested_on"]
    assert not RecordsRequest.objects.exists()
    response = client.post(url(cast.student, "notices/add/"), {"notice-given_on": "not a date"})
    assert response.status_code == 422
    assert not SafeguardsNotice.objects.exists()


def test_a_record_of_another_student_cannot_be_answered_through_this_one(client, cast):
    other = RecordsRequestFactory(student=cast.outsider)
    client.force_login(cast["district_admin"])
    response = client.post(url(cast.student, f"records/{other.pk}/answer/"),
                           {"answered_on": days_ago(0).isoformat(), "answer": "x"})
    assert response.status_code == 404


def test_a_dispute_is_entered_with_its_stay_put_placement(client, cast):
    client.force_login(cast["school_admin"])
    response = client.post(url(cast.student, "disputes/add/"), {
        "dispute-kind": "state_complaint", "dispute-filed_by": "parent", "dispute-filed_on": days_ago(1).isoformat(),
        "dispute-summary": "Speech minutes not delivered.", "dispute-stay_put_placement": "Grade 4 general class"})
    assert response.status_code == 302
    assert Dispute.objects.get().stay_put_placement == "Grade 4 general class"


def measure(client, path):
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def test_the_student_page_does_not_grow_with_records(client, cast):
    client.force_login(cast["case_manager"])
    RecordsRequestFactory(student=cast.student)
    DisputeFactory(student=cast.student)
    small, _ = measure(client, url(cast.student))
    for _i in range(4):
        RecordsRequestFactory(student=cast.student)
        AmendmentRequestFactory(student=cast.student)
        IEERequestFactory(student=cast.student)
        DisputeFactory(student=cast.student, kind=Dispute.Kind.STATE_COMPLAINT)
        SafeguardsNoticeFactory(student=cast.student)
    large, sql = measure(client, url(cast.student))
    assert large == small, "\n".join(sql)


def test_the_open_list_shows_only_students_in_scope_in_a_fixed_number_of_queries(client, cast):
    RecordsRequestFactory(student=cast.student)
    hidden = RecordsRequestFactory(student=cast.outsider)
    client.force_login(cast["case_manager"])
    small, _ = measure(client, "/safeguards/")
    response = client.get("/safeguards/")
    assert cast.student.last_name in response.content.decode()
    assert hidden.student.last_name not in response.content.decode()
    for _i in range(5):
        RecordsRequestFactory(student=cast.student)
        IEERequestFactory(student=cast.student)
        DisputeFactory(student=cast.student)
        AmendmentRequestFactory(student=cast.student)
    large, sql = measure(client, "/safeguards/")
    assert large == small, "\n".join(sql)


@pytest.mark.parametrize("role", ["sped_teacher", "parent", "advocate", "evaluator"])
def test_the_open_list_is_for_staff_who_watch_deadlines(client, cast, role):
    client.force_login(cast[role])
    assert client.get("/safeguards/").status_code == 403


def test_each_new_record_form_opens_on_request(client, cast):
    client.force_login(cast["case_manager"])
    page = client.get(url(cast.student))
    assert "records_form" not in page.context
    assert '?new=records' in page.content.decode()
    page = client.get(url(cast.student) + "?new=records")
    assert page.context["records_form"].prefix == "records"
    assert 'name="records-records_wanted"' in page.content.decode()


def test_the_student_profile_shows_a_notice_owed_to_staff_who_watch_deadlines(client, cast):
    client.force_login(cast["case_manager"])
    body = client.get(f"/students/{cast.student.pk}/").content.decode()
    assert "notice owed" in body
    SafeguardsNoticeFactory(student=cast.student, given_on=days_ago(0))
    body = client.get(f"/students/{cast.student.pk}/").content.decode()
    assert "Procedural safeguards" in body and "notice owed" not in body
    client.force_login(cast["sped_teacher"])
    assert "Procedural safeguards" not in client.get(f"/students/{cast.student.pk}/").content.decode()
