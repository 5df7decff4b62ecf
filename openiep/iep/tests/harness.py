"""How the permission harness builds IEP records for a given (out-of-scope) student."""

from __future__ import annotations

from openiep.iep.models import IEP, Goal
from openiep.iep.tests.factories import GoalFactory, IEPFactory, ObjectiveFactory


def _draft(student) -> IEP:
    # One draft per student (a database rule): every builder shares it.
    return IEP.objects.filter(student=student, status=IEP.Status.DRAFT).first() or IEPFactory(student=student)


def _goal(student) -> Goal:
    draft = _draft(student)
    return draft.goals.first() or GoalFactory(iep=draft)


URL_PARAMETERS = {
    "iep_id": lambda student: _draft(student).pk,
    "goal_id": lambda student: _goal(student).pk,
    "row_id": lambda student: _goal(student).pk,
    "objective_id": lambda student: ObjectiveFactory(goal=_goal(student)).pk,
    "kind": lambda student: "goals",
}
