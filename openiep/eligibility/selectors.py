"""Reads of the eligibility step, each page in a fixed number of queries."""

from __future__ import annotations

from django.db.models import QuerySet

from openiep.eligibility.models import EligibilityDetermination
from openiep.people.models import Guardianship, Student


def determinations_for(*, student: Student) -> QuerySet[EligibilityDetermination]:
    return EligibilityDetermination.objects.filter(student=student).select_related("evaluation").order_by(
        "-determined_on", "-id"
    )


def determination_detail(*, student: Student, determination_id: int) -> EligibilityDetermination | None:
    """A decision with its votes, evaluation and Prior Written Notice."""
    return (
        EligibilityDetermination.objects.filter(student=student, pk=determination_id)
        .select_related("evaluation", "evaluation__referral", "notice", "notice__issued_by", "recorded_by")
        .prefetch_related("votes")
        .first()
    )


def rights_holders(*, student: Student) -> list[Guardianship]:
    """The parents who hold educational rights: they vote on eligibility."""
    return list(
        Guardianship.objects.filter(student=student, holds_educational_rights=True)
        .select_related("guardian").order_by("guardian__last_name", "guardian__first_name", "id")
    )
