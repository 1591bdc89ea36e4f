"""Browser tests: Chromium (Debian's, never a Playwright download) against pytest-django's live server.

Every page a test opens is audited:
- axe-core must find no serious or critical WCAG 2.0/2.1/2.2 A/AA violation, and every
  main-frame navigation must have been checked (``a11y.visit`` / ``a11y.check``);
- the browser console must stay free of errors (Content Security Policy reports among
  them: "Refused to …" or, in recent Chromium, "… violates the following Content Security
  Policy directive …") and no script may throw.
Both are asserted when the test's pages are closed. The audit itself (``A11y``,
``PageAudit``) and the sign-in helpers are in helpers.py; the fixtures are here.

Data: the live server answers from its own thread, so tests need committed rows; the
``demo_data`` fixture runs ``seed_demo`` (all demo accounts use the password
"peer-support-demo") on the transactional database that ``live_server`` brings.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, sync_playwright

from tests.e2e.helpers import AXE_JS, CHROMIUM, CHROMIUM_ARGS, DESKTOP, MOBILE, A11y

E2E_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    # This hook sees the whole session's items, so mark only the ones under tests/e2e.
    for item in items:
        if item.path.is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Remember whether the test body failed, so teardown does not pile a second,
    # misleading error ("page not checked") on top of the real failure.
    report = yield
    if report.when == "call":
        item.e2e_call_failed = report.failed
    return report


@pytest.fixture(scope="session")
def browser():
    missing = [str(path) for path in (CHROMIUM, AXE_JS) if not path.exists()]
    if missing:
        message = f"Browser tests need {', '.join(missing)} (apt install chromium; npm ci)."
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(f"E2E_REQUIRED=1 but {message}", pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source(browser) -> str:
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture
def a11y(axe_source, request):
    checker = A11y(axe_source)
    yield checker
    if getattr(request.node, "e2e_call_failed", False):
        return
    problems = []
    for audit in checker.audits.values():
        problems.extend(f"visited without an axe check: {path}" for path in audit.unchecked_paths())
        problems.extend(audit.errors)
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.fixture
def open_page(browser, live_server, a11y):
    """``open_page(viewport=MOBILE, …)``: a new tab in a fresh context (own cookies), audited."""
    contexts = []

    def _open(**context_options) -> Page:
        options = {"viewport": DESKTOP, "base_url": live_server.url, **context_options}
        context = browser.new_context(**options)
        contexts.append(context)
        context.on("page", a11y.track)  # pop-ups and new tabs are audited too
        page = context.new_page()
        a11y.track(page)
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def demo_data(live_server):
    # The live server runs with DEBUG off, like a demonstration server.
    call_command("seed_demo", "--demo-server-with-known-passwords", stdout=io.StringIO())


@pytest.fixture
def page(open_page) -> Page:
    return open_page()


@pytest.fixture
def mobile_page(open_page) -> Page:
    """A phone-sized tab (375×812, touch), where the navbar collapses behind "Menu"."""
    return open_page(viewport=MOBILE, is_mobile=True, has_touch=True)
