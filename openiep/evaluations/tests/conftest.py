from __future__ import annotations

import pytest

from openiep.compliance import services as compliance_services


@pytest.fixture(autouse=True)
def _files_in_memory(settings):
    """Uploaded files go to memory, never to MEDIA_ROOT."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@pytest.fixture
def recompute(monkeypatch) -> list[list[int]]:
    """The calls to deadlines_recompute (the real one still runs): one list of student ids per call."""
    calls: list[list[int]] = []
    real = compliance_services.deadlines_recompute

    def recording(*, student_ids, **kwargs):
        calls.append(list(student_ids))
        return real(student_ids=student_ids, **kwargs)

    monkeypatch.setattr(compliance_services, "deadlines_recompute", recording)
    return calls
