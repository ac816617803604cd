"""Playwright driving Debian's Chromium (never a downloaded browser) against pytest-django's live server.

Without Chromium the browser tests are skipped, except on CI (CI=true), where they fail so that they are
never skipped silently. Screenshots go to the test's pytest tmp dir (kept for the last few runs under
the pytest basetemp); a failing test also leaves ``failure.png`` there.
"""

import os
import time
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = os.environ.get("INNOZONE_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium tries to reach Google and the closed network refuses it.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _poll_from_here(page):
    """`page.wait_for_function(expression)` that keeps working under the site's CSP: Playwright compiles the
    predicate with eval inside the page, which a policy without 'unsafe-eval' rightly refuses, while
    `page.evaluate` of an expression goes through the DevTools protocol, which the policy does not govern."""

    def wait_for_function(expression: str, timeout: float = 15_000):
        deadline = time.monotonic() + timeout / 1000
        while not page.evaluate(expression):
            if time.monotonic() > deadline:
                raise TimeoutError(f"still false after {timeout} ms: {expression}")
            page.wait_for_timeout(100)

    return wait_for_function


def _unavailable(message: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}; browser tests must not be skipped on CI", pytrace=False)
    pytest.skip(message)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's outcome on the test item, so the fixture can screenshot a failure."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


class Browser:
    """The page plus what the journey needs around it: the live server's URL, a screenshot dir and the
    JavaScript errors / failed static files / Content-Security-Policy violations seen so far."""

    def __init__(self, page, base_url: str, shots: Path):
        self.page = page
        self.base_url = base_url
        self.shots = shots
        self.js_errors: list[str] = []
        self.static_failures: list[str] = []
        self.csp_violations: list[str] = []
        page.on("pageerror", lambda exc: self.js_errors.append(str(exc)))
        page.on("console", self._console)
        page.on("response", self._response)
        page.on("requestfailed", self._request_failed)

    def _response(self, response):
        if "/static/" in response.url and response.status >= 400:
            self.static_failures.append(f"{response.status} {response.url}")

    def _console(self, message):
        if "Content Security Policy" in message.text:  # how Chromium reports a blocked script, handler or style
            self.csp_violations.append(f"{self.page.url}: {message.text}")

    def _request_failed(self, request):
        if "/static/" in request.url:
            self.static_failures.append(f"{request.failure} {request.url}")

    def goto(self, path: str):
        return self.page.goto(self.base_url + path)

    def shot(self, name: str):
        self.page.screenshot(path=self.shots / f"{name}.png", full_page=True)


@pytest.fixture
def browser(request, transactional_db, live_server, tmp_path, monkeypatch):
    if not os.path.exists(CHROMIUM):
        _unavailable(f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed (pip install -e '.[dev]')")

    # Playwright's sync API runs an event loop in this thread, which makes Django refuse ORM calls from
    # the test body as "async unsafe"; they are plain synchronous calls, so allow them.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    shots = tmp_path / "screenshots"
    shots.mkdir()
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.wait_for_function = _poll_from_here(page)
        browser = Browser(page, live_server.url, shots)
        yield browser
        failed = getattr(request.node, "rep_call", None)
        if failed is not None and failed.failed:
            page.screenshot(path=shots / "failure.png", full_page=True)
            print(f"\nscreenshots of the failed journey: {shots}")
        context.close()
        chromium.close()
        # While Playwright's loop runs, Django keeps the test's connections in a context-local store that
        # pytest-django's teardown never sees; close them here, or PostgreSQL refuses to drop the test
        # database ("being accessed by other users").
        connections.close_all()
    if browser.csp_violations:  # every journey's pages must work under the policy the server sends
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(browser.csp_violations), pytrace=False)
