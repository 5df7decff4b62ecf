"""Security headers on every page, nothing inline for the policy to refuse, and sessions that end kindly."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from openiep.access.tests.test_permission_harness import Target, all_urls, build_path

pytestmark = pytest.mark.django_db

PACKAGE = Path(settings.PACKAGE_DIR)
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:|hx-on", re.I)


def test_no_page_template_has_an_inline_script_style_or_handler():
    offenders = []
    for template in PACKAGE.rglob("templates/**/*.html"):
        if "/email/" in template.as_posix():  # emails are not served under the policy; mail clients need inline CSS
            continue
        text = template.read_text(encoding="utf-8")
        # Documents for paper (WeasyPrint PDFs) are never served as pages and can load nothing: their CSS is inline.
        if template.as_posix().endswith("documents/print_base.html") or 'extends "documents/print_base.html"' in text:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if INLINE.search(line):
                offenders.append(f"{template.relative_to(PACKAGE)}:{number}: {line.strip()[:80]}")
    assert not offenders, "inline code the content security policy would block:\n" + "\n".join(offenders)


def test_the_policy_allows_only_this_site_and_nothing_inline():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    for name in ("script-src", "style-src"):
        assert directives[name] == ["'self'"], name
    assert directives["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("role", ["district_admin", "case_manager", "parent"])
def test_every_page_carries_the_security_headers(client, cast, role):
    client.force_login(cast[role])
    target = Target(cast.student)
    checked = 0
    for route, pattern in all_urls():
        path = build_path(route, pattern, target)
        if pattern.name == "logout":
            continue
        response = client.get(path)
        csp = response.headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, f"{path}: {csp!r}"
        assert response.headers.get("X-Frame-Options") == "DENY", path
        assert response.headers.get("X-Content-Type-Options") == "nosniff", path
        checked += 1
    assert checked > 20


def test_htmx_does_not_inject_its_own_styles_or_evaluate_code():
    base = (PACKAGE / "templates" / "base.html").read_text(encoding="utf-8")
    config = json.loads(re.search(r"name=\"htmx-config\" content='([^']+)'", base).group(1))
    assert config["includeIndicatorStyles"] is False and config["allowEval"] is False
    assert "style" not in config["attributesToSettle"]  # settling copies style attributes, which the policy refuses


def test_sessions_end_after_the_idle_timeout_and_a_request_a_minute_later_moves_the_end(client, cast, settings,
                                                                                       time_machine):
    from django.contrib.sessions.models import Session

    time_machine.move_to("2026-12-01 09:00:00+00:00", tick=False)
    client.force_login(cast["case_manager"])
    first_end = Session.objects.get().expire_date
    assert client.get("/").cookies.get(settings.SESSION_COOKIE_NAME) is None  # no write within the minute
    time_machine.move_to("2026-12-01 09:20:00+00:00", tick=False)
    response = client.get("/")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == settings.SESSION_COOKIE_AGE and cookie["httponly"]
    assert (Session.objects.get().expire_date - first_end).total_seconds() == 20 * 60
    time_machine.move_to("2026-12-01 09:20:00+00:00", tick=False)
    time_machine.shift(settings.SESSION_COOKIE_AGE + 1)
    assert client.get("/").status_code == 302  # idle too long: signed out


def test_an_htmx_request_after_the_session_expired_gets_401_with_a_message_not_a_redirect(client, cast):
    client.force_login(cast["case_manager"])
    client.get("/")
    from django.contrib.sessions.models import Session

    Session.objects.all().delete()
    response = client.post(f"/students/{cast.student.pk}/edit/", {"first_name": "Maya"},
                           headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver/students/{cast.student.pk}/edit/"})
    assert response.status_code == 401
    body = response.json()
    assert body["signed_out"] is True and "still on this page" in body["message"]
    assert body["sign_in_url"] == f"/sign-in/?next=%2Fstudents%2F{cast.student.pk}%2Fedit%2F"
    assert "signed-out" in json.loads(response["HX-Trigger"])


def test_a_form_post_after_the_session_expired_shows_the_text_that_was_sent(client, cast):
    client.force_login(cast["case_manager"])
    client.get("/")
    from django.contrib.sessions.models import Session

    Session.objects.all().delete()
    response = client.post(f"/students/{cast.student.pk}/edit/",
                           {"first_name": "Maya", "notes": "Two pages of present levels", "password": "secret-pw"})
    assert response.status_code == 401
    body = response.content.decode()
    assert "You were signed out" in body and "Two pages of present levels" in body
    assert "secret-pw" not in body and "Alvarez" not in body
    from openiep.people.models import Student

    assert Student.objects.get(pk=cast.student.pk).first_name == "Maya"


def test_a_visitor_who_never_signed_in_is_still_sent_to_the_sign_in_page(client, cast):
    response = client.post(f"/students/{cast.student.pk}/edit/", {"first_name": "X"})
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
