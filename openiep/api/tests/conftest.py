from __future__ import annotations

import pytest

from openiep.api.services import token_create


@pytest.fixture
def make_token(cast):
    def make(*scopes, user=None):
        _, key = token_create(name="State reporting export", scopes=list(scopes) or ["students:read"],
                              actor=user or cast["district_admin"])
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    return make


@pytest.fixture
def api_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
