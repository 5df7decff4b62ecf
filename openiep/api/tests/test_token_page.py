"""The page where a district administrator creates and revokes tokens."""

from __future__ import annotations

import pytest

from openiep.api.models import ApiToken

pytestmark = pytest.mark.django_db


def test_a_district_administrator_creates_a_token_and_sees_its_key_once(client, cast):
    client.force_login(cast["district_admin"])
    response = client.post("/api/tokens/", {"name": "SIS sync", "scopes": ["students:read", "ieps:read"]})
    assert response.status_code == 200
    token = ApiToken.objects.get()
    body = response.content.decode()
    key = body.split('id="new-key" type="text" readonly value="')[1].split('"')[0]
    assert key.startswith(token.prefix) and token.scopes == ["ieps:read", "students:read"]
    assert key not in client.get("/api/tokens/").content.decode()
    assert client.get("/api/v1/ieps/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def test_bad_input_is_shown_at_the_field_and_nothing_is_written(client, cast):
    client.force_login(cast["district_admin"])
    response = client.post("/api/tokens/", {"name": "", "scopes": ["everything:write"]})
    assert response.status_code == 422
    body = response.content.decode()
    assert "This field is required." in body and "Select a valid choice" in body
    response = client.post("/api/tokens/", {"name": "Old", "scopes": ["students:read"], "expires_on": "2001-01-01"})
    assert response.status_code == 422 and "The expiry must be in the future." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_district_administrator_revokes_a_token(client, cast, make_token):
    headers = make_token()
    client.force_login(cast["district_admin"])
    token = ApiToken.objects.get()
    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == cast["district_admin"]
    client.logout()
    assert client.get("/api/v1/students/", **headers).status_code == 401


@pytest.mark.parametrize("role", ["school_admin", "auditor", "case_manager", "parent"])
def test_other_roles_cannot_manage_tokens(client, cast, role, make_token):
    make_token()
    client.force_login(cast[role])
    assert client.get("/api/tokens/").status_code == 403
    assert client.post(f"/api/tokens/{ApiToken.objects.get().pk}/revoke/").status_code == 403
    assert ApiToken.objects.get().revoked_at is None


def test_the_token_page_runs_the_same_number_of_queries_however_many_tokens(client, cast, make_token):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast["district_admin"])

    def queries() -> int:
        client.get("/api/tokens/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/tokens/").status_code == 200
        return len(ctx.captured_queries)

    make_token()
    small = queries()
    for _ in range(5):
        make_token("ieps:read")
    ApiToken.objects.filter(pk=ApiToken.objects.first().pk).update(revoked_by=cast["district_admin"])
    assert queries() == small
