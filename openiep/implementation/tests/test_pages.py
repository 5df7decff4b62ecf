"""The service-log pages: who may see and log, messages at the field, a group in one form, the dashboard."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from openiep.audit.models import AccessRecord
from openiep.iep.tests.factories import AccommodationFactory, GoalFactory
from openiep.implementation.models import Acknowledgement, ServiceLog
from openiep.implementation.tests.factories import ServiceLogFactory, in_effect_service
from openiep.people.tests.factories import StudentFactory

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return response.content.decode()


def yesterday():
    return timezone.localdate() - timedelta(days=1)


def services_url(student, path=""):
    return f"/students/{student.pk}/services/{path}"


@pytest.fixture
def service(cast):
    return in_effect_service(cast.student, name="Speech therapy", provider_role="speech_language")


def log_data(service, **changes):
    data = {"service": service.pk, "served_on": yesterday().isoformat(), "minutes": "30", "grouping": "individual",
            "status": "delivered", "reason": "", "notes": "", "makes_up": "", "submission": "s1"}
    data.update(changes)
    return data


def test_the_provider_sees_the_services_with_their_totals_and_the_log_form(client, cast, service):
    ServiceLogFactory(student=cast.student, service=service, minutes=25)
    client.force_login(cast["provider"])
    response = client.get(services_url(cast.student))
    assert response.status_code == 200
    page = body(response)
    assert "Speech therapy" in page and "30 minutes, 4 times a week" in page
    assert "Log a session" in page and "Week by week" in page
    assert AccessRecord.objects.filter(student=cast.student, user=cast["provider"]).exists()


def test_a_parent_sees_the_services_without_the_log_form(client, cast, service):
    client.force_login(cast["parent"])
    page = body(client.get(services_url(cast.student)))
    assert "Speech therapy" in page and "Log a session" not in page


def test_a_student_without_an_iep_in_effect_has_no_services(client, cast):
    client.force_login(cast["case_manager"])
    assert "no IEP in effect" in body(client.get(services_url(cast.student)))


def test_logging_a_session_redirects_and_a_second_click_stores_nothing_more(client, cast, service):
    client.force_login(cast["provider"])
    first = client.post(services_url(cast.student, "log/"), log_data(service))
    second = client.post(services_url(cast.student, "log/"), log_data(service))
    assert first.status_code == second.status_code == 302
    assert ServiceLog.objects.count() == 1


def test_a_future_date_is_refused_at_the_field(client, cast, service):
    client.force_login(cast["provider"])
    response = client.post(services_url(cast.student, "log/"),
                           log_data(service, served_on=(timezone.localdate() + timedelta(days=1)).isoformat()))
    assert response.status_code == 422
    assert "has not happened yet" in body(response) and 'id="id_served_on_error"' in body(response)
    assert not ServiceLog.objects.exists()


def test_minutes_over_the_school_day_are_refused_at_the_field(client, cast, service):
    client.force_login(cast["provider"])
    response = client.post(services_url(cast.student, "log/"), log_data(service, minutes="500"))
    assert response.status_code == 422 and "longer than the school day" in body(response)
    assert not ServiceLog.objects.exists()


def test_a_service_of_another_student_cannot_be_logged_here(client, cast, service):
    other = in_effect_service(StudentFactory(district=cast.district, school=cast.lincoln))
    client.force_login(cast["provider"])
    response = client.post(services_url(cast.student, "log/"), log_data(other))
    assert response.status_code == 422 and not ServiceLog.objects.exists()


def test_a_general_education_teacher_cannot_log_services(client, cast, service):
    client.force_login(cast["gened_teacher"])
    assert client.get(services_url(cast.student)).status_code == 200
    assert client.post(services_url(cast.student, "log/"), log_data(service)).status_code == 403
    assert not ServiceLog.objects.exists()


def test_an_outsider_gets_a_404(client, cast, service):
    client.force_login(cast["provider"])
    outsider_service = in_effect_service(cast.outsider)
    assert client.get(services_url(cast.outsider)).status_code == 404
    assert client.post(services_url(cast.outsider, "log/"), log_data(outsider_service)).status_code == 404


def test_removing_a_session_of_another_student_is_a_404(client, cast, service):
    other = ServiceLogFactory(student=cast.outsider)
    client.force_login(cast["district_admin"])
    assert client.post(services_url(cast.student, f"logs/{other.pk}/remove/")).status_code == 404
    assert ServiceLog.objects.filter(pk=other.pk).exists()


def test_removing_a_session_keeps_it_in_the_history(client, cast, service):
    entry = ServiceLogFactory(student=cast.student, service=service)
    client.force_login(cast["provider"])
    assert client.post(services_url(cast.student, f"logs/{entry.pk}/remove/")).status_code == 302
    assert not ServiceLog.objects.exists()
    assert ServiceLog.history.filter(id=entry.pk, history_type="-").exists()


def group_data(rows, **changes):
    data = {"on": yesterday().isoformat(), "provider_role": "speech_language", "served_on": yesterday().isoformat(),
            "minutes": "30", "notes": "", "submission": "g1"}
    for service_id, row in rows.items():
        for key, value in row.items():
            data[f"s{service_id}-{key}"] = value
    data.update(changes)
    return data


@pytest.fixture
def group(cast, service):
    from openiep.people.models import TeamMembership
    from openiep.people.tests.factories import TeamMembershipFactory

    other = StudentFactory(district=cast.district, school=cast.lincoln, first_name="Noah", last_name="Brown")
    TeamMembershipFactory(student=other, member=cast["provider"], role=TeamMembership.TeamRole.PROVIDER)
    return [service, in_effect_service(other, name="Speech therapy", provider_role="speech_language")]


def test_the_group_page_lists_the_providers_students_with_a_service_that_day(client, cast, group):
    in_effect_service(cast.outsider, provider_role="speech_language")
    client.force_login(cast["provider"])
    response = client.get("/services/group-session/", {"on": yesterday().isoformat()})
    page = body(response)
    assert response.status_code == 200
    assert "Maya Alvarez" in page and "Noah Brown" in page and "Outsider" not in page


def test_a_group_session_is_logged_for_the_ticked_students_once(client, cast, group):
    client.force_login(cast["provider"])
    a, b = group
    data = group_data({a.pk: {"include": "on", "status": "delivered"},
                       b.pk: {"include": "on", "status": "student_absent", "minutes": "25"}})
    assert client.post("/services/group-session/", data).status_code == 302
    assert client.post("/services/group-session/", data).status_code == 302
    assert sorted(ServiceLog.objects.values_list("status", "minutes")) == [("delivered", 30), ("student_absent", 25)]


def test_a_bad_row_in_a_group_is_shown_at_the_row_and_nothing_is_logged(client, cast, group):
    client.force_login(cast["provider"])
    a, b = group
    data = group_data({a.pk: {"include": "on", "status": "delivered"},
                       b.pk: {"include": "on", "status": "other", "reason": ""}})
    response = client.post("/services/group-session/", data)
    assert response.status_code == 422
    page = body(response)
    assert f'id="row-{b.pk}-error"' in page and "Say why the session was not delivered" in page
    assert "Noah Brown: " in page
    assert not ServiceLog.objects.exists()


def test_a_group_session_with_nobody_ticked_says_so(client, cast, group):
    client.force_login(cast["provider"])
    response = client.post("/services/group-session/", group_data({}))
    assert response.status_code == 422 and "Tick at least one student" in body(response)


def test_the_group_page_is_refused_to_roles_that_do_not_log(client, cast):
    client.force_login(cast["gened_teacher"])
    assert client.get("/services/group-session/").status_code == 403


def test_the_dashboard_shows_who_is_behind_in_the_users_scope(client, cast, service):
    from openiep.implementation.services import delivery_refresh_all

    in_effect_service(cast.outsider, name="Outsider's service")
    delivery_refresh_all()
    client.force_login(cast["provider"])
    page = body(client.get("/services/delivery/"))
    assert "Maya Alvarez" in page and "Outsider" not in page
    client.force_login(cast["district_admin"])
    page = body(client.get("/services/delivery/"))
    assert "Maya Alvarez" in page and "Olive Outsider" in page and "By school" in page
    page = body(client.get("/services/delivery/", {"school": cast.lincoln.pk}))
    assert "Maya Alvarez" in page and "Olive Outsider" not in page


def test_the_dashboard_is_open_to_the_auditor_and_closed_to_parents(client, cast):
    client.force_login(cast["auditor"])
    assert client.get("/services/delivery/").status_code == 200
    client.force_login(cast["parent"])
    assert client.get("/services/delivery/").status_code == 403


def test_a_teacher_reads_the_iep_at_a_glance_and_acknowledges_it_once(client, cast, service):
    AccommodationFactory(iep=service.iep, description="Extended time on tests")
    GoalFactory(iep=service.iep, statement="Maya will read 80 words correct per minute.")
    client.force_login(cast["gened_teacher"])
    page = body(client.get(f"/students/{cast.student.pk}/iep-at-a-glance/"))
    assert "Extended time on tests" in page and "80 words correct" in page and "I have read this IEP" in page
    for _ in range(2):
        assert client.post(f"/students/{cast.student.pk}/iep-at-a-glance/acknowledge/").status_code == 302
    assert Acknowledgement.objects.filter(user=cast["gened_teacher"]).count() == 1
    client.force_login(cast["case_manager"])
    assert "Who has read it" in body(client.get(f"/students/{cast.student.pk}/iep-at-a-glance/"))


def test_a_parent_cannot_acknowledge(client, cast, service):
    client.force_login(cast["parent"])
    assert client.post(f"/students/{cast.student.pk}/iep-at-a-glance/acknowledge/").status_code == 403
