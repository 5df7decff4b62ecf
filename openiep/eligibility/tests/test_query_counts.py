"""The determination page runs the same number of queries however many votes and categories it shows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openiep.eligibility.tests.factories import EligibilityDeterminationFactory, EligibilityVoteFactory
from openiep.evaluations.tests.factories import CompletedEvaluationFactory

pytestmark = pytest.mark.django_db


def measure(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries], len(response.content)


@pytest.mark.parametrize("role", ["case_manager", "parent"])
def test_the_determination_page_does_not_grow_with_votes(cast, client, role):
    determination = EligibilityDeterminationFactory(evaluation=CompletedEvaluationFactory(student=cast.student))
    EligibilityVoteFactory(determination=determination, member=cast["case_manager"], role="Case manager")
    client.force_login(cast[role])
    url = f"/students/{cast.student.pk}/eligibility/{determination.pk}/"
    small, _, small_size = measure(client, url)
    for i in range(12):
        EligibilityVoteFactory(determination=determination, member=cast["evaluator"] if i % 2 else None,
                               agrees=bool(i % 3), dissent="" if i % 3 else f"Statement {i}")
    determination.secondary_categories = ["speech_language_impairment", "other_health_impairment"]
    determination.save()
    large, sql, large_size = measure(client, url)
    assert large_size > small_size
    assert large == small, "\n".join(sql)
