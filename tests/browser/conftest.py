"""Browser tests: Playwright (sync API) driving Debian's chromium against pytest-django's live server.

Every page a test visits is checked with axe-core and saved as a screenshot in ``test-artifacts/``
so a person can look at it. Without chromium or axe-core the tests skip and say why, except under
``CI=true``, where a missing browser fails the run: CI must run them. (Playwright itself is a dev
dependency, so its absence is a broken install and fails at import.)
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from openiep.people.tests.factories import TEST_PASSWORD

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("OPENIEP_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
DESKTOP = {"width": 1280, "height": 900}


def _missing_requirements() -> list[str]:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"chromium at {CHROMIUM} (apt-get install chromium, or `make browser-deps`)")
    if not AXE_JS.exists():
        missing.append(f"axe-core at {AXE_JS.relative_to(REPO)} (npm ci, or `make browser-deps`)")
    return missing


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    missing = _missing_requirements()
    if missing:
        message = "browser tests need " + "; ".join(missing)
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " — CI=true, so a missing browser is a failure, not a skip", pytrace=False)
        pytest.skip(message)

    # Playwright's sync API keeps an asyncio loop running in this thread; Django would otherwise refuse
    # the ORM calls the tests make (building the cast, checking the database) with SynchronousOnlyOperation.
    # Set only while the browser is up, so the rest of the suite keeps Django's async-safety check.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def cast(transactional_db, live_server, settings, cast):
    """The project's shared cast (conftest.py at the root), committed so the live server's thread sees it."""
    # Plain http on 127.0.0.1: secure-only cookies would never come back without OPENIEP_DEBUG.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False
    return cast


class Visit:
    """One browser tab bound to a test: signs in, checks pages with axe and keeps screenshots."""

    def __init__(self, page, base_url: str, test_name: str) -> None:
        self.page = page
        self.base_url = base_url
        self.test_name = re.sub(r"[^A-Za-z0-9_.-]+", "-", test_name)
        self.shots = 0
        self.page_errors: list[str] = []
        self.bad_responses: list[str] = []
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        page.on("console", self._console)
        page.on("response", self._response)

    def _console(self, msg) -> None:
        # The browser logs every 4xx document or htmx answer; 404 pages, 422 form errors and the IEP editor's
        # 409 conflicts are expected.
        if msg.type == "error" and not re.search(r"status of (404|409|422)\b", msg.text):
            self.page_errors.append(f"console: {msg.text}")

    def _response(self, response) -> None:
        # Static files must load: the layout and htmx depend on them.
        if "/static/" in response.url and response.status >= 400:
            self.bad_responses.append(f"{response.status} {response.url}")

    def goto(self, path: str):
        return self.page.goto(self.base_url + path)

    def sign_in(self, username: str, password: str = TEST_PASSWORD) -> None:
        """Through the real sign-in form, as a person would."""
        self.goto("/sign-in/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_load_state("load")

    def screenshot(self, label: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        self.shots += 1
        slug = re.sub(r"[^A-Za-z0-9]+", "-", label).strip("-").lower()
        path = ARTIFACTS / f"{self.test_name}-{self.shots:02d}-{slug}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def check(self, label: str) -> None:
        """Screenshot the page, assert its CSS and scripts loaded, and assert axe finds nothing."""
        self.screenshot(label)
        assert_assets_loaded(self.page)
        axe_check(self.page, label)


def assert_assets_loaded(page) -> None:
    """app.css applied (the header is brand blue) and htmx is running."""
    header_bg = page.evaluate(
        "() => getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert header_bg == "rgb(31, 78, 140)", f"app.css did not load: header background is {header_bg}"
    assert page.evaluate("() => typeof window.htmx === 'object'"), "htmx did not load"


def axe_check(page, label: str = "") -> None:
    """Run axe-core over the whole document; fail listing every violation and the nodes it hit."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: tags, resultTypes: ['violations']})).violations",
        AXE_TAGS,
    )
    if violations:
        lines = [f"axe found {len(violations)} violation(s) on {label or page.url} ({page.url}):"]
        for v in violations:
            lines.append(f"- {v['id']} [{v.get('impact')}]: {v['help']} ({v['helpUrl']})")
            for node in v["nodes"]:
                lines.append(f"    {json.dumps(node['target'])}: {node.get('failureSummary', '').splitlines()[-1:]}")
        message = "\n".join(lines)
        print(message)
        pytest.fail(message, pytrace=False)


@pytest.fixture
def open_page(browser, live_server, request) -> Iterator[Callable[..., Visit]]:
    """Opens a fresh browser context (its own cookies) per call; several users can be signed in at once."""
    contexts = []
    visits: list[Visit] = []
    for old in ARTIFACTS.glob(f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', request.node.name)}-*.png"):
        old.unlink()  # this test's screenshots from an earlier run

    def _open(viewport: dict | None = None, name: str | None = None) -> Visit:
        context = browser.new_context(viewport=viewport or DESKTOP, locale="en-US", timezone_id="America/New_York")
        context.set_default_timeout(10_000)
        contexts.append(context)
        test_name = request.node.name + (f"-{name}" if name else "")
        visit = Visit(context.new_page(), live_server.url, test_name)
        visits.append(visit)
        return visit

    yield _open
    for context in contexts:
        context.close()
    for visit in visits:
        assert not visit.bad_responses, f"static files failed to load: {visit.bad_responses}"
        assert not visit.page_errors, f"JavaScript errors: {visit.page_errors}"


@pytest.fixture
def visit(open_page) -> Visit:
    return open_page()
