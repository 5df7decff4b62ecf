"""Malformed input to every form, as a user allowed to use it: a message or a refusal, never a server error."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openiep.access.tests.test_permission_harness import NOT_COVERED, Target, all_urls, build_path

pytestmark = pytest.mark.django_db

NASTY = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "0", "-1", "99999999999999999999", "2026-02-30", "12/31/2026", "1e309", "NaN",
                     "\x00", "<script>x</script>", "' OR 1=1 --", "🙂" * 30, "a" * 5000, "true", "null"]),
    st.integers().map(str),
    st.dates().map(lambda d: d.isoformat()),
)


@pytest.fixture
def forms(client, cast):
    """Every POST URL for the cast's student, with the field names its page shows (plus a few guesses)."""
    client.force_login(cast["district_admin"])
    target = Target(cast.student)
    found = []
    for route, pattern in all_urls():
        if pattern.name in NOT_COVERED or pattern.name in {"logout", "retention_destroy"}:
            continue
        path = build_path(route, pattern, target)
        page = client.get(path)
        if page.streaming:  # a download (a document, a file): no form on it
            continue
        names = set(re.findall(r'name="([a-zA-Z_][\w-]*)"', page.content.decode(errors="replace"))) - {
            "csrfmiddlewaretoken", "csrf-token", "viewport", "htmx-config"}
        found.append((path, sorted(names | {"date", "notes", "q", "student"})))
    return found


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_form_answers_malformed_input_with_a_server_error(client, cast, forms, data):
    client.force_login(cast["district_admin"])
    for path, names in forms:
        keys = data.draw(st.lists(st.sampled_from(names), max_size=len(names), unique=True), label=path)
        payload = {key: data.draw(NASTY) for key in keys}
        for headers in ({}, {"HX-Request": "true"}):
            response = client.post(path, payload, headers=headers)
            assert response.status_code < 500, f"POST {path} {payload!r} answered {response.status_code}"
