"""Structured logs: one JSON object a line, with the time, level, logger and message (python-json-logger)."""

from __future__ import annotations

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter


class JsonFormatter(_JsonFormatter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "%(levelname)s %(name)s %(message)s %(process)d")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")  # ISO 8601, UTC
        super().__init__(*args, **kwargs)

    def add_fields(self, log_record, record, message_dict):
        super().add_fields(log_record, record, message_dict)
        # Django's request logger attaches the request object: keep only what is safe and useful.
        request = log_record.pop("request", None)
        if request is not None and hasattr(request, "path"):
            log_record["path"] = request.path
            log_record["method"] = request.method
        log_record.pop("server_time", None)
