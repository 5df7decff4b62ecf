"""The progress pages run the same number of queries however many goals and data points they show."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openiep.iep.tests.factories import GoalFactory
from openiep.progress.tests.factories import ProgressPointFactory, in_effect_goal

pytestmark = pytest.mark.django_db


def measure(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries], len(response.content)


def _points(student, goal, n, first=1):
    for i in range(n):
        ProgressPointFactory(student=student, goal=goal, measured_on=timezone.localdate() - timedelta(days=first + i))


@pytest.mark.parametrize("role", ["sped_teacher", "parent"])
def test_the_goal_list_does_not_grow_with_goals_and_points(cast, client, role):
    goal = in_effect_goal(cast.student)
    _points(cast.student, goal, 1)
    client.force_login(cast[role])
    url = f"/students/{cast.student.pk}/progress/"
    small, _, small_size = measure(client, url)
    for _ in range(3):
        _points(cast.student, GoalFactory(iep=goal.iep), 6)
    large, sql, large_size = measure(client, url)
    assert large_size > small_size
    assert large == small, "\n".join(sql)


def test_the_goal_page_does_not_grow_with_points(cast, client):
    goal = in_effect_goal(cast.student)
    _points(cast.student, goal, 1)
    client.force_login(cast["sped_teacher"])
    url = f"/students/{cast.student.pk}/progress/goals/{goal.pk}/"
    small, _, small_size = measure(client, url)
    _points(cast.student, goal, 20, first=2)
    large, sql, large_size = measure(client, url)
    assert large_size > small_size
    assert large == small, "\n".join(sql)
