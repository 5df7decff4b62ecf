"""How the permission harness builds an eligibility decision for a given student."""

from __future__ import annotations

from openiep.eligibility.tests.factories import EligibilityDeterminationFactory
from openiep.evaluations.tests.factories import CompletedEvaluationFactory


def _determination(student) -> int:
    return EligibilityDeterminationFactory(evaluation=CompletedEvaluationFactory(student=student)).pk


URL_PARAMETERS = {"determination_id": _determination}
