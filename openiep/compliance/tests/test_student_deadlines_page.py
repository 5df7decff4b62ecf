"""A student's own deadlines page: every stored deadline, what it counts from, and the arithmetic."""

from __future__ import annotations

import pytest

from openiep.audit.models import AccessRecord
from openiep.compliance.tests.scenario import build_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(cast):
    return build_scenario(cast)


def url(student) -> str:
    return f"/students/{student.pk}/deadlines/"


@pytest.mark.parametrize("role", ["case_manager", "sped_teacher", "district_admin", "parent", "advocate"])
def test_everyone_who_may_see_the_student_sees_every_deadline_with_its_explanation(client, scenario, role):
    client.force_login(scenario.cast[role])
    response = client.get(url(scenario.cast.student))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Complete the initial evaluation within 60 days of consent" in page
    assert "Overdue by 3 days" in page
    assert "Hold the IEP meeting within 30 days of eligibility" in page and "Met on time" in page
    assert "No reevaluation before one year" in page and "not before" in page
    assert "Consent to evaluate" in page  # what it counts from
    assert "<details><summary>How this date was counted</summary>" in page
    assert "60 calendar days after consent to evaluate." in page
    assert "34 CFR §300.301(c)(1)" in page


def test_the_deadlines_of_the_referral_and_those_that_follow_the_student_are_grouped(client, scenario):
    client.force_login(scenario.cast["case_manager"])
    cycles = client.get(url(scenario.cast.student)).context["cycles"]
    assert [c.title.split(" (")[0] for c in cycles] == [
        "Current referral", "Deadlines that follow the student"]


def test_a_student_out_of_scope_is_not_found(client, scenario):
    client.force_login(scenario.cast["case_manager"])
    assert client.get(url(scenario.lena)).status_code == 404
    client.force_login(scenario.cast["district_admin"])
    assert client.get(url(scenario.zed)).status_code == 404


def test_a_staff_read_is_entered_in_the_record_of_access_and_a_parent_s_is_not(client, scenario):
    client.force_login(scenario.cast["case_manager"])
    client.get(url(scenario.cast.student))
    assert AccessRecord.objects.filter(student=scenario.cast.student, record="Deadlines and timelines").count() == 1
    client.force_login(scenario.cast["parent"])
    client.get(url(scenario.cast.student))
    assert AccessRecord.objects.filter(student=scenario.cast.student, record="Deadlines and timelines").count() == 1


def test_a_student_without_a_referral_has_no_deadlines_yet(client, cast):
    client.force_login(cast["case_manager"])
    assert "No deadlines yet" in client.get(url(cast.student)).content.decode()


def test_the_page_does_not_accept_posts(client, scenario):
    client.force_login(scenario.cast["case_manager"])
    assert client.post(url(scenario.cast.student)).status_code == 405
