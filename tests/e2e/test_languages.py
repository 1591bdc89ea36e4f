"""Te reo Māori in a real browser: the footer's switcher changes the navigation and headings
on every page, the choice stays, and axe finds nothing in either language; the accessibility
statement is linked from every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.e2e.test_page_tour import fun_day, sign_in_as  # noqa: F401 - fun_day is a fixture

CATALOG = Path(settings.BASE_DIR) / "locale" / "mi" / "LC_MESSAGES" / "django.mo"

CAREGIVER_PAGES = ["/", "/events/", "/events/mine/", "/groups/", "/directory/", "/profile/", "/accessibility/"]


@pytest.fixture(autouse=True)
def compiled_catalog():
    if not CATALOG.exists():
        pytest.skip("te reo Māori is not compiled: make test compiles it (needs GNU gettext)")


def test_a_caregiver_switches_to_te_reo_maori_from_the_footer(page, live_server, a11y, fun_day):  # noqa: F811
    sign_in_as(page.context, live_server, "newcarer@example.org")
    for path in CAREGIVER_PAGES:
        a11y.visit(page, path)
        assert page.locator("html").get_attribute("lang") == "en-nz"
        assert page.get_by_role("link", name="Accessibility").is_visible()

    a11y.visit(page, "/events/")
    footer = page.locator("footer")
    footer.get_by_label("Language").select_option("mi")
    footer.get_by_role("button", name="Change language").click()
    page.wait_for_url(re.compile(r"/events/$"))
    a11y.check(page)

    for path in CAREGIVER_PAGES:
        a11y.visit(page, path)
        assert page.locator("html").get_attribute("lang") == "mi", path
        nav = page.get_by_role("navigation", name="Matua")
        for label in ("Kāinga", "Ngā huihuinga", "Aku huihuinga", "Ngā rōpū"):
            assert nav.get_by_role("link", name=label).count() == 1, (path, label)
        assert page.get_by_role("link", name="Te āheinga").is_visible()
    a11y.visit(page, "/events/")
    assert page.get_by_role("heading", level=1, name="Ngā huihuinga").is_visible()

    # And back: the same switcher, now labelled in te reo Māori.
    footer = page.locator("footer")
    footer.get_by_label("Reo").select_option("en-nz")
    footer.get_by_role("button", name="Hurihia te reo").click()
    page.wait_for_url(re.compile(r"/events/$"))
    a11y.check(page)
    assert page.get_by_role("heading", level=1, name="Events").is_visible()
