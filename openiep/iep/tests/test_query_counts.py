"""The IEP page runs the same number of queries however many goals, objectives, services and accommodations."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openiep.iep.tests.factories import (
    AccommodationFactory,
    GoalFactory,
    IEPFactory,
    InEffectIEPFactory,
    ObjectiveFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


def measure(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def grow(iep, n):
    for _ in range(n):
        goal = GoalFactory(iep=iep)
        ObjectiveFactory(goal=goal)
        ObjectiveFactory(goal=goal)
        ServiceFactory(iep=iep)
        AccommodationFactory(iep=iep)


@pytest.mark.parametrize("factory", [IEPFactory, InEffectIEPFactory], ids=["editor", "finalised"])
@pytest.mark.parametrize("role", ["case_manager", "gened_teacher"])
def test_the_iep_page_does_not_grow_with_goals_and_services(cast, client, factory, role):
    iep = factory(student=cast.student)
    grow(iep, 1)
    client.force_login(cast[role])
    url = f"/students/{cast.student.pk}/ieps/{iep.pk}/"
    small, _ = measure(client, url)
    grow(iep, 11)
    large, sql = measure(client, url)
    assert large == small, "\n".join(sql)


def test_the_versions_list_does_not_grow_with_versions(cast, client):
    InEffectIEPFactory(student=cast.student)
    client.force_login(cast["case_manager"])
    url = f"/students/{cast.student.pk}/ieps/"
    small, _ = measure(client, url)
    for status in ("superseded", "superseded", "superseded"):
        InEffectIEPFactory(student=cast.student, status=status)
    large, sql = measure(client, url)
    assert large == small, "\n".join(sql)
