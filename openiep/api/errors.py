"""One error shape for every API error, naming the field where there is one:

``{"error": {"status": 400, "code": "invalid", "message": "…", "fields": {"updated_since": ["…"]}}}``
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler


def _messages(detail) -> list[str]:
    if isinstance(detail, list):
        return [str(item) for item in detail]
    if isinstance(detail, dict):
        return [f"{k}: {'; '.join(_messages(v))}" for k, v in detail.items()]
    return [str(detail)]


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound("Not found, or not in your scope.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    body = {"status": response.status_code, "code": getattr(exc, "default_code", "error")}
    if isinstance(detail, dict):
        body["message"] = "Some fields are not valid." if response.status_code == status.HTTP_400_BAD_REQUEST \
            else "; ".join(_messages(detail))
        body["fields"] = {key: _messages(value) for key, value in detail.items()}
    elif isinstance(detail, list):
        body["message"] = "; ".join(_messages(detail))
    else:
        body["message"] = str(detail)
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
        if isinstance(codes, str):
            body["code"] = codes
    response.data = {"error": body}
    return response
