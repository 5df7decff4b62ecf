"""The evaluation pages run the same number of queries however many areas, scores and files they show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import Cast
from openiep.evaluations.models import Evaluation
from openiep.evaluations.tests.factories import (
    EvaluationAreaFactory,
    EvaluationFactory,
    EvaluationFileFactory,
    ReportedAreaFactory,
    days_ago,
)
from openiep.people.models import User
from openiep.people.tests.factories import GuardianFactory, GuardianshipFactory, UserFactory
from openiep.referrals.models import AreaOfConcern

pytestmark = pytest.mark.django_db

SCORES = [{"measure": f"Subtest {i}", "score": 80 + i, "scale": "Scaled", "percentile": 10 + i,
           "descriptor": "Low average"} for i in range(12)]


def measure(client: Client, url: str) -> tuple[int, list[str], int]:
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries], len(response.content)


@dataclass(frozen=True)
class Page:
    name: str
    role: str
    completed: bool
    url: Callable[[Evaluation], str]

    def __str__(self) -> str:
        return self.name


def _detail(e: Evaluation) -> str:
    return f"/students/{e.student_id}/evaluations/{e.pk}/"


PAGES = [
    Page("evaluation-case-manager", "case_manager", False, _detail),
    # Completed: the case manager also gets the eligibility form, with a vote row per evaluator and parent.
    Page("evaluation-completed-case-manager", "case_manager", True, _detail),
    Page("evaluation-evaluator", "evaluator", False, _detail),
    Page("evaluation-parent", "parent", True, _detail),
    Page("evaluation-list", "case_manager", False, lambda e: f"/students/{e.student_id}/evaluations/"),
    Page("area-report-evaluator", "evaluator", False,
         lambda e: f"/students/{e.student_id}/evaluations/{e.pk}/areas/{e.areas.get(area='reading').pk}/report/"),
    Page("worklist-evaluator", "evaluator", False, lambda e: "/evaluations/mine/"),
    Page("complete-case-manager", "case_manager", False, lambda e: f"/students/{e.student_id}/evaluations/{e.pk}/complete/"),
]


def build(cast: Cast, *, completed: bool) -> Evaluation:
    evaluation = EvaluationFactory(student=cast.student)
    area = ReportedAreaFactory(evaluation=evaluation, area="reading", evaluator=cast["evaluator"])
    EvaluationFileFactory(area=area, uploaded_by=cast["evaluator"])
    if completed:
        evaluation.status = Evaluation.Status.COMPLETED
        evaluation.completed_on = days_ago(1)
        evaluation.save()
    return evaluation


def grow(cast: Cast, evaluation: Evaluation) -> None:
    reading = evaluation.areas.get(area="reading")
    reading.scores = SCORES
    reading.save()
    for _ in range(5):
        EvaluationFileFactory(area=reading, uploaded_by=cast["evaluator"])
    for code in [c for c in AreaOfConcern.values if c not in {"reading", "other"}][:8]:
        evaluator = UserFactory(district=cast.district, role=User.Role.PROVIDER, discipline="speech_language")
        area = ReportedAreaFactory(evaluation=evaluation, area=code, evaluator=evaluator, scores=SCORES)
        for _ in range(3):
            EvaluationFileFactory(area=area, uploaded_by=evaluator)
    # One area still to report (the completion page lists those).
    EvaluationAreaFactory(evaluation=evaluation, area="other", evaluator=cast["provider"])
    for _ in range(3):
        GuardianshipFactory(student=cast.student, guardian=GuardianFactory(district=cast.district))
    # More of the evaluator's own work on the worklist, some still to report.
    for _ in range(6):
        other = EvaluationFactory(student=cast.student)
        EvaluationAreaFactory(evaluation=other, area="math", evaluator=cast["evaluator"])
        ReportedAreaFactory(evaluation=other, area="reading", evaluator=cast["evaluator"])


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_query_count_does_not_grow_with_areas_scores_and_files(cast: Cast, client: Client, page: Page) -> None:
    evaluation = build(cast, completed=page.completed)
    # One open area of the evaluator elsewhere, so the worklist's "to report" table is not empty at first.
    EvaluationAreaFactory(evaluation=EvaluationFactory(student=cast.student), area="math", evaluator=cast["evaluator"])
    client.force_login(cast[page.role])
    url = page.url(evaluation)
    small, _, small_size = measure(client, url)
    grow(cast, evaluation)
    large, large_sql, large_size = measure(client, url)
    assert large_size > small_size, f"{page}: the added data did not reach the page"
    assert large == small, f"{page} ran {small} queries, then {large}:\n" + "\n".join(large_sql)
