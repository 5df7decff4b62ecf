"""Health endpoints: public, tiny, and honest about the database."""

from __future__ import annotations

import json
import logging

import pytest

from openiep.ops.logging import JsonFormatter

pytestmark = pytest.mark.django_db


def test_liveness_answers_ok_without_signing_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readiness_checks_the_database_and_the_migrations(client):
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json()["migrations_pending"] == 0


def test_readiness_fails_while_migrations_are_pending(client, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("people", "9999_new")])
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["migrations_pending"] == 1


def test_readiness_fails_when_the_database_does_not_answer(client, monkeypatch):
    from django.db.backends.base.base import BaseDatabaseWrapper

    def broken(self, *args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", broken)
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["database"] == "unreachable"


def test_log_lines_are_one_json_object_with_time_level_and_message():
    record = logging.LogRecord("openiep.test", logging.WARNING, __file__, 1, "Roster row %s skipped", ("7",), None)
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "WARNING" and line["logger"] == "openiep.test"
    assert line["message"] == "Roster row 7 skipped" and line["time"].endswith("+00:00")
