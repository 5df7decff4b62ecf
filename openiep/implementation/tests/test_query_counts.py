"""The service pages run the same number of queries however many services, sessions and students they show."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openiep.iep.tests.factories import InEffectIEPFactory, ServiceFactory
from openiep.implementation.services import delivery_refresh_all
from openiep.implementation.tests.factories import ServiceLogFactory, in_effect_service
from openiep.people.models import TeamMembership
from openiep.people.tests.factories import StudentFactory, TeamMembershipFactory

pytestmark = pytest.mark.django_db


def measure(client, url, params=None):
    client.get(url, params or {})
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries], len(response.content)


def test_the_student_services_page_does_not_grow_with_sessions(cast, client):
    iep = InEffectIEPFactory(student=cast.student)
    first = ServiceFactory(iep=iep)
    ServiceLogFactory(student=cast.student, service=first)
    client.force_login(cast["provider"])
    url = f"/students/{cast.student.pk}/services/"
    small, _, small_size = measure(client, url)
    for _ in range(3):
        service = ServiceFactory(iep=iep)
        for day in range(2, 12):
            ServiceLogFactory(student=cast.student, service=service, served_on=timezone.localdate() - timedelta(days=day),
                              status="provider_absent" if day % 3 else "delivered")
    large, sql, large_size = measure(client, url)
    assert large_size > small_size
    assert large == small, "\n".join(sql)


def _students(cast, n):
    for _ in range(n):
        student = StudentFactory(district=cast.district, school=cast.lincoln)
        TeamMembershipFactory(student=student, member=cast["provider"], role=TeamMembership.TeamRole.PROVIDER)
        in_effect_service(student, provider_role="speech_language")


@pytest.mark.parametrize("role", ["provider", "district_admin"])
def test_the_dashboard_does_not_grow_with_students(cast, client, role):
    _students(cast, 1)
    delivery_refresh_all()
    client.force_login(cast[role])
    small, _, small_size = measure(client, "/services/delivery/")
    _students(cast, 6)
    in_effect_service(cast.outsider)
    delivery_refresh_all()
    large, sql, large_size = measure(client, "/services/delivery/")
    assert large_size > small_size
    assert large == small, "\n".join(sql)


def test_the_group_page_does_not_grow_with_students(cast, client):
    _students(cast, 1)
    client.force_login(cast["provider"])
    params = {"on": (timezone.localdate() - timedelta(days=1)).isoformat(), "provider_role": "speech_language"}
    small, _, small_size = measure(client, "/services/group-session/", params)
    _students(cast, 6)
    large, sql, large_size = measure(client, "/services/group-session/", params)
    assert large_size > small_size
    assert large == small, "\n".join(sql)
