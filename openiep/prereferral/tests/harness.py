"""How the permission harness builds a concern, intervention, score or accommodation for a given student."""

from __future__ import annotations

from openiep.prereferral.tests.factories import (
    AccommodationFactory,
    ConcernFactory,
    DataPointFactory,
    InterventionFactory,
)

URL_PARAMETERS = {
    "concern_id": lambda student: ConcernFactory(student=student).pk,
    "intervention_id": lambda student: InterventionFactory(concern=ConcernFactory(student=student)).pk,
    "intervention_point_id": lambda student: DataPointFactory(
        intervention=InterventionFactory(concern=ConcernFactory(student=student))).pk,
    "concern_accommodation_id": lambda student: AccommodationFactory(concern=ConcernFactory(student=student)).pk,
}
