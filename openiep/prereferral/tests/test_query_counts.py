"""The pre-referral pages run the same number of queries however many interventions, scores and reviews there are."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import Cast
from openiep.prereferral.tests.factories import (
    AccommodationFactory,
    ConcernFactory,
    DataPointFactory,
    InterventionFactory,
    ReviewFactory,
    days_ago,
)

pytestmark = pytest.mark.django_db


def measure(client: Client, url: str) -> tuple[int, list[str], int]:
    """(number of queries, their SQL, size of the page) for one GET, after a warm-up request."""
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries], len(response.content)


def add_intervention(concern, *, scores: int, staff=None) -> None:
    kwargs = {"delivered_by": staff, "delivered_by_name": ""} if staff else {}
    intervention = InterventionFactory(concern=concern, start_date=days_ago(80), **kwargs)
    for n in range(scores):
        DataPointFactory(intervention=intervention, measured_on=days_ago(79 - n), value=Decimal(40 + n),
                         note=f"probe {n}")


PAGES = [(page, role) for page in ("concern", "review", "list") for role in ("gened_teacher", "case_manager", "parent")
         if not (page == "review" and role == "parent")]  # parents read; they do not record reviews


@pytest.mark.parametrize(("page", "role"), PAGES)
def test_the_pages_query_count_does_not_grow_with_interventions_scores_and_reviews(
    cast: Cast, client: Client, role: str, page: str
) -> None:
    concern = ConcernFactory(student=cast.student, raised_by=cast["gened_teacher"])
    add_intervention(concern, scores=1, staff=cast["sped_teacher"])
    AccommodationFactory(concern=concern)
    ReviewFactory(concern=concern)
    base = f"/students/{cast.student.pk}/interventions/"
    url = {"concern": f"{base}concerns/{concern.pk}/", "review": f"{base}concerns/{concern.pk}/review/",
           "list": base}[page]
    client.force_login(cast[role])
    small, _, small_size = measure(client, url)

    for i in range(5):
        add_intervention(concern, scores=12, staff=cast["provider"] if i % 2 else None)
        AccommodationFactory(concern=concern, description=f"Accommodation {i}")
        ReviewFactory(concern=concern, reviewed_on=days_ago(20 - i), decision="change", changes=f"Change {i}",
                      recorded_by=cast["case_manager"])
    for _ in range(8):  # more concerns for the list, each with its own interventions and reviews
        other = ConcernFactory(student=cast.student, raised_on=days_ago(100) + timedelta(days=1))
        add_intervention(other, scores=2)
        ReviewFactory(concern=other)

    large, large_sql, large_size = measure(client, url)
    assert large_size > small_size, "the added data did not reach the page, so the test proves nothing"
    assert large == small, f"{page} ran {small} queries, then {large} with more data:\n" + "\n".join(large_sql)
