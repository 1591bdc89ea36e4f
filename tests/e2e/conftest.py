"""Browser tests: Chromium (Debian's, never a Playwright download) against pytest-django's live server.

Every page a test opens is audited:
- axe-core must find no serious or critical WCAG 2.0/2.1/2.2 A/AA violation, and every
  main-frame navigation must have been checked (``a11y.visit`` / ``a11y.check``);
- the browser console must stay free of errors (Content Security Policy reports among
  them: "Refused to …" or, in recent Chromium, "… violates the following Content Security
  Policy directive …") and no script may throw.
Both are asserted when the test's pages are closed.

Data: the live server answers from its own thread, so tests need committed rows; the
``demo_data`` fixture runs ``seed_demo`` (all demo accounts use the password
"peer-support-demo") on the transactional database that ``live_server`` brings.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, sync_playwright

E2E_DIR = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = E2E_DIR.parents[1] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 375, "height": 812}
# axe-core 4.14 has no "wcag22a" tag: its only WCAG 2.2 rule (target-size, 2.5.8) is wcag22aa.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


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


@dataclass
class PageAudit:
    """What happened in one tab: its navigations, and console errors or uncaught exceptions."""

    page: Page
    navigations: list[dict] = field(default_factory=list)  # {"url": ..., "checked": bool}
    errors: list[str] = field(default_factory=list)
    allowed_errors: list[re.Pattern] = field(default_factory=list)

    def __post_init__(self):
        self.page.on("framenavigated", self._navigated)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught exception: {error}"))
        # A pop-up reaches us with its first document already loaded.
        if self.page.url != "about:blank":
            self.navigations.append({"url": self.page.url, "checked": False})

    def _navigated(self, frame):
        if frame != self.page.main_frame:
            return
        if self.navigations and self.navigations[-1] == {"url": frame.url, "checked": False}:
            return  # the same load reported twice; one check covers it
        # A jump to #fragment (e.g. following the skip link) stays in the same document,
        # which is already checked; only a new document needs a new axe run.
        if self.navigations and frame.url != self.navigations[-1]["url"]:
            same_document = urldefrag(frame.url).url == urldefrag(self.navigations[-1]["url"]).url
            if same_document and urldefrag(frame.url).fragment:
                return
        self.navigations.append({"url": frame.url, "checked": False})

    def _console(self, message):
        if message.type != "error" or any(pattern.search(message.text) for pattern in self.allowed_errors):
            return
        location = message.location.get("url", "")
        # Chromium fetches /favicon.ico on its own; the portal has none, and that 404 is
        # not something a page did wrong.
        if location.endswith("/favicon.ico"):
            return
        self.errors.append(f"console error on {self.page.url}: {message.text}" + (f" ({location})" if location else ""))

    def unchecked_paths(self) -> list[str]:
        return [urlsplit(n["url"]).path for n in self.navigations if not n["checked"]]


class A11y:
    """``a11y.visit(page, "/path/")`` opens and checks a page; after a click that loads a
    new page, call ``a11y.check(page)``. Teardown fails if any navigation went unchecked."""

    def __init__(self, axe_source: str):
        self.axe_source = axe_source
        self.audits: dict[Page, PageAudit] = {}

    def track(self, page: Page) -> None:
        if page not in self.audits:  # called twice for a page the test opens itself
            self.audits[page] = PageAudit(page)

    def visit(self, page: Page, path: str):
        response = page.goto(path)
        self.check(page)
        return response

    def expect_console_error(self, page: Page, pattern: str) -> None:
        """Allow a console error the test provokes on purpose (Chromium logs a 403 page's status)."""
        self.audits[page].allowed_errors.append(re.compile(pattern))

    def check(self, page: Page) -> None:
        audit = self.audits[page]
        page.wait_for_load_state("load")
        assert audit.navigations, "check() before any page was opened"
        # The site's CSP (script-src 'self') makes Chromium refuse add_script_tag(content=…)
        # — an inline <script> — and log a CSP error. page.evaluate runs through the DevTools
        # protocol, which CSP does not govern, so axe loads without weakening the policy
        # (bypass_csp would hide the very violations this harness reports).
        page.evaluate(f"() => {{ if (!window.axe) {{ {self.axe_source}\n }} }}")
        violations = page.evaluate(
            """async (tags) => {
                const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
                const results = await axe.run(document, options);
                return results.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                    nodes: v.nodes.map(n => n.target.join(" ")),
                }));
            }""",
            AXE_TAGS,
        )
        audit.navigations[-1]["checked"] = True
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        if blocking:
            lines = [f"axe found {len(blocking)} serious/critical violation(s) on {page.url}:"]
            for v in blocking:
                lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
                lines.extend(f"      at {target}" for target in v["nodes"])
            pytest.fail("\n".join(lines), pytrace=False)


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
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def page(open_page) -> Page:
    return open_page()


@pytest.fixture
def mobile_page(open_page) -> Page:
    """A phone-sized tab (375×812, touch), where the navbar collapses behind "Menu"."""
    return open_page(viewport=MOBILE, is_mobile=True, has_touch=True)
