"""How the permission harness builds safeguards records for a given (out-of-scope) student."""

from __future__ import annotations

from openiep.safeguards.tests.factories import (
    AmendmentRequestFactory,
    DisputeFactory,
    IEERequestFactory,
    RecordsRequestFactory,
)

URL_PARAMETERS = {
    "records_request_id": lambda student: RecordsRequestFactory(student=student).pk,
    "amendment_id": lambda student: AmendmentRequestFactory(student=student).pk,
    "iee_request_id": lambda student: IEERequestFactory(student=student).pk,
    "dispute_id": lambda student: DisputeFactory(student=student).pk,
}
