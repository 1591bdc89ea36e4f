"""What the browser tests share: Chromium and axe-core (the paths, the audit of every
page a test opens: ``PageAudit`` and ``A11y``, used by the fixtures in conftest.py)
and signing in through the real form as a demo user."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Page

from accounts import demo as accounts_demo

CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
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


# --- Signing in ----------------------------------------------------------------------

DEMO_PASSWORD = accounts_demo.DEMO_PASSWORD  # seed_demo's password for every account
TOTP_PERIOD = 30


def path_is(path: str) -> re.Pattern:
    """A URL matcher for ``expect(page).to_have_url`` that ignores the live server's origin."""
    return re.compile(r"^https?://[^/]+" + re.escape(path) + "$")


def sign_in(page, a11y, email: str) -> None:
    a11y.visit(page, "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    a11y.check(page)


def current_totp(secret: str) -> str:
    # allauth accepts only the current 30-second window (MFA_TOTP_TOLERANCE = 0), so a
    # code typed just before the window ends could be refused: wait for the next one.
    remaining = TOTP_PERIOD - time.time() % TOTP_PERIOD
    if remaining < 3:
        time.sleep(remaining + 0.2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // TOTP_PERIOD))
