"""How the permission harness builds a logged session for a given student."""

from __future__ import annotations

from openiep.implementation.tests.factories import ServiceLogFactory

URL_PARAMETERS = {
    "service_log_id": lambda student: ServiceLogFactory(student=student).pk,
}
