"""How the permission harness builds an evaluation, one of its areas, or a file for a given student."""

from __future__ import annotations

from openiep.evaluations.models import Evaluation, EvaluationFile
from openiep.evaluations.tests.factories import EvaluationAreaFactory, EvaluationFactory


def _evaluation(student) -> Evaluation:
    return Evaluation.objects.filter(student=student).first() or EvaluationFactory(student=student)


def _area(student) -> int:
    return EvaluationAreaFactory(evaluation=_evaluation(student)).pk


def _file(student) -> int:
    # Only the row: the harness never gets as far as reading the stored file, so nothing is written to disk.
    area = EvaluationAreaFactory(evaluation=_evaluation(student))
    return EvaluationFile.objects.create(area=area, file="evaluations/harness/not-stored.pdf", title="Protocol",
                                         uploaded_by=area.evaluator).pk


URL_PARAMETERS = {
    "evaluation_id": lambda student: _evaluation(student).pk,
    "area_id": _area,
    "file_id": _file,
}
