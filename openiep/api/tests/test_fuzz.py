"""Fuzz the API from its own OpenAPI schema (schemathesis): whatever the parameters, no server error.

The schema is the one the app serves (drf-spectacular), generated in-process; requests go to the Django WSGI
application in the same thread, so they see the test's data. A bounded number of examples per operation keeps
the run short; every operation is called with a token holding every scope, on a district with records.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from openiep.api.models import Scope
from openiep.api.services import token_create
from openiep.compliance.tests.factories import DeadlineFactory
from openiep.documents.tests.factories import DocumentFactory
from openiep.iep.tests.factories import InEffectIEPFactory, ServiceFactory

EXAMPLES = 25


def _schema() -> dict:
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


schema = schemathesis.openapi.from_dict(_schema())
APP = get_wsgi_application()


@pytest.fixture
def headers(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    iep = InEffectIEPFactory(student=cast.student)
    ServiceFactory(iep=iep)
    DocumentFactory(student=cast.student)
    DeadlineFactory(student=cast.student)
    _, key = token_create(name="Fuzzer", scopes=list(Scope.values), actor=cast["district_admin"])
    return {"Authorization": f"Bearer {key}"}


def test_the_schema_describes_every_api_endpoint():
    paths = set(_schema()["paths"])
    assert {"/api/v1/students/", "/api/v1/ieps/{iep_pk}/", "/api/v1/documents/{document_pk}/download/",
            "/api/v1/edfi/student-special-education-program-associations/"} <= paths


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_no_input_makes_the_api_fail(case, headers):
    case.call_and_validate(app=APP, headers=headers, checks=[not_a_server_error])
