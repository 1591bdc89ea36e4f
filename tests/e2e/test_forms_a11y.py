"""Forms and tables with a keyboard, in Chromium: a reply with a mistake lands on the error
summary, whose link leads to the field; a form field's focus ring can be seen (its dark band has
at least 3:1 against the page and the field); the replies table scrolls by keyboard at 320 px.
Every page is also axe-checked by the ``a11y`` fixture."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from accounts.demo import NEWCARER_EMAIL
from accounts.models import User
from events import services
from events.demo import FUN_DAY_TITLE
from events.models import Event
from tests.accounts.factories import add_totp
from tests.e2e.helpers import sign_in

WORKER = "worker@example.org"
NARROW = {"width": 320, "height": 640}
WHITE = (255, 255, 255)
# Bootstrap's own focus shadow: the pale ring the audit found (about 1.4:1 on white).
BOOTSTRAP_RING = re.compile(r"rgba\(13, 110, 253, 0\.25\)")


# --- Colour arithmetic (WCAG 2.x relative luminance and contrast ratio) ----------------


def parse_colours(css: str) -> list[tuple[float, ...]]:
    """Every rgb()/rgba() colour in a computed value, as (r, g, b, alpha)."""
    colours = []
    for match in re.finditer(r"rgba?\(([^)]*)\)", css):
        parts = [float(p) for p in re.split(r"[,\s/]+", match.group(1).strip()) if p]
        colours.append((*parts[:3], parts[3] if len(parts) > 3 else 1.0))
    return colours


def over(colour: tuple[float, ...], background: tuple[float, ...]) -> tuple[float, float, float]:
    """A translucent colour as it shows over an opaque background."""
    r, g, b, alpha = colour
    return tuple(alpha * c + (1 - alpha) * bg for c, bg in zip((r, g, b), background[:3], strict=True))


def luminance(rgb) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ring_of(page: Page) -> dict:
    """The focused element's ring and background, from getComputedStyle."""
    return page.evaluate(
        """async () => {
            const el = document.activeElement;
            // Bootstrap eases box-shadow and border in over 0.15 s: read the settled values.
            await Promise.all(el.getAnimations().map(animation => animation.finished));
            const s = getComputedStyle(el);
            return {id: el.id, tag: el.tagName, outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth,
                    outlineColor: s.outlineColor, boxShadow: s.boxShadow, background: s.backgroundColor};
        }"""
    )


def assert_strong_ring(ring: dict) -> None:
    """A ring the audit would pass: a band of at least 3:1 against the white page and the
    field's own background, not Bootstrap's pale one."""
    assert ring["outlineStyle"] != "none" and float(ring["outlineWidth"].removesuffix("px")) >= 2, ring
    assert not BOOTSTRAP_RING.search(ring["boxShadow"]), ring
    field = over(parse_colours(ring["background"])[0], WHITE)
    bands = [over(c, WHITE) for c in parse_colours(ring["outlineColor"]) + parse_colours(ring["boxShadow"])]
    strong = [band for band in bands if contrast(band, WHITE) >= 3 and contrast(band, field) >= 3]
    assert strong, f"no part of the ring has 3:1 against white and the field: {ring}"
    # The two bands differ from each other too, so the ring reads as one outline on any background.
    outline = over(parse_colours(ring["outlineColor"])[0], WHITE)
    assert any(contrast(outline, band) >= 3 for band in strong), ring


def sign_in_by_cookie(page: Page, live_server, email: str) -> None:
    """Staff need a second step at sign-in; test_sign_in.py covers that, so here the session
    comes from Django's test client (as in test_page_tour.py)."""
    user = User.objects.get(email=email)
    add_totp(user)
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


@pytest.fixture
def fun_day(demo_data) -> Event:
    return Event.objects.get(title=FUN_DAY_TITLE)


# --- The error summary ----------------------------------------------------------------


def test_a_reply_with_a_mistake_lands_on_the_summary_whose_link_leads_to_the_field(page, a11y, fun_day):
    sign_in(page, a11y, NEWCARER_EMAIL)
    a11y.visit(page, f"/events/{fun_day.pk}/reply/")
    page.get_by_label("Adults", exact=True).fill("-1")
    page.get_by_role("button", name="Send my reply").click()
    a11y.check(page)

    assert page.title().startswith("Error: ")
    summary = page.get_by_role("alert").filter(has_text="Please correct the details marked below.")
    expect(summary).to_be_focused()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    link = summary.get_by_role("link", name="Adults: Enter 0 or more.")
    expect(link).to_have_attribute("href", "#id_adults")

    # With the keyboard alone: Tab reaches the link, Enter puts the cursor in the field.
    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    adults = page.get_by_label("Adults", exact=True)
    expect(adults).to_be_focused()
    expect(adults).to_have_attribute("aria-invalid", "true")
    assert_strong_ring(ring_of(page))  # an invalid field: Bootstrap's .is-invalid:focus is beaten too

    # The next field, reached with Tab, has the same ring.
    page.keyboard.press("Tab")
    expect(page.get_by_label("Children aged 0–4", exact=True)).to_be_focused()
    assert_strong_ring(ring_of(page))


def test_three_mistakes_are_all_in_the_summary(page, a11y, fun_day):
    sign_in(page, a11y, NEWCARER_EMAIL)
    a11y.visit(page, f"/events/{fun_day.pk}/reply/")
    page.get_by_label("Adults", exact=True).fill("-1")
    page.get_by_label("Children aged 5–11", exact=True).fill("99")
    page.get_by_label("How many of the children need childminding?").fill("-2")
    page.get_by_role("button", name="Send my reply").click()
    a11y.check(page)

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    hrefs = summary.get_by_role("link").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == ["#id_adults", "#id_children_5_11", "#id_childminding_for"]
    for href in hrefs:
        expect(page.locator(href)).to_have_count(1)


# --- Focus rings and target sizes on the events filter ---------------------------------


def test_filter_controls_show_the_strong_ring_and_are_big_enough_to_hit(page, a11y, fun_day):
    sign_in(page, a11y, NEWCARER_EMAIL)
    a11y.visit(page, "/events/?family_friendly=on")  # a filtered page opens the filter

    for label in ("Region", "Kind"):
        select = page.get_by_label(label, exact=True)
        box = select.bounding_box()
        assert box["height"] >= 24, (label, box)
    family = page.get_by_label("Family-friendly only")
    evenings = page.get_by_label("Evenings and weekends only")
    for checkbox in (family, evenings):
        box = checkbox.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, box

    unfocused = page.evaluate("getComputedStyle(document.getElementById('id_evening_weekend')).boxShadow")
    family.focus()
    page.keyboard.press("Tab")
    expect(evenings).to_be_focused()
    ring = ring_of(page)
    assert ring["boxShadow"] != unfocused
    assert_strong_ring(ring)

    # A select reached with Shift+Tab from the first date field.
    page.get_by_label("From", exact=True).focus()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_label("Kind", exact=True)).to_be_focused()
    assert_strong_ring(ring_of(page))


def test_a_bad_filter_is_summarised_and_focused(page, a11y, fun_day):
    sign_in(page, a11y, NEWCARER_EMAIL)
    a11y.visit(page, "/events/?date_from=2030-05-02&date_to=2030-05-01")
    assert page.title().startswith("Error: Events")
    expect(page.locator("#error-summary")).to_be_focused()
    page.locator("#error-summary").get_by_role("link").click()
    to = page.get_by_label("To", exact=True)
    expect(to).to_be_focused()
    expect(to).to_have_accessible_description(re.compile("on or after"))


# --- Tables that scroll sideways -------------------------------------------------------


@pytest.fixture
def fun_day_with_reply(fun_day) -> Event:
    household = services.HouseholdReply(adults=2, children_0_4=1, children_5_11=2, childminding_for=2, dietary="Halal")
    services.rsvp_submit(event=fun_day, user=User.objects.get(email=NEWCARER_EMAIL), going=True, household=household)
    return fun_day


def axe_rule(page: Page, rule: str) -> list:
    return page.evaluate(
        """async (rule) => {
            const results = await axe.run(document, {runOnly: {type: "rule", values: [rule]}});
            return results.violations.map(v => v.nodes.map(n => n.target.join(" ")));
        }""",
        rule,
    )


@pytest.mark.parametrize("path", ["replies/", "messages/"], ids=["replies", "outbox"])
def test_tables_at_320_px_scroll_by_keyboard(open_page, live_server, a11y, fun_day_with_reply, path):
    page = open_page(viewport=NARROW)
    sign_in_by_cookie(page, live_server, WORKER)
    a11y.visit(page, f"/events/{fun_day_with_reply.pk}/{path}")  # all of axe's WCAG rules
    assert axe_rule(page, "scrollable-region-focusable") == []

    wide = page.locator(".table-responsive").filter(has=page.locator("thead"))
    expect(wide).to_have_count(1)
    assert wide.evaluate("box => box.scrollWidth > box.clientWidth"), "the table should overflow at 320 px"
    expect(wide).to_have_attribute("tabindex", "0")
    expect(wide).to_have_attribute("role", "region")
    name = "Households going" if path == "replies/" else "Messages"
    expect(page.get_by_role("region", name=name, exact=True)).to_have_count(1)

    # Reach it with Tab from the back link, and scroll it with the arrow keys.
    page.get_by_role("link", name=f"Back to {FUN_DAY_TITLE}").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if wide.evaluate("box => document.activeElement === box"):
            break
    else:
        pytest.fail("Tab never reached the table's scroll box")
    ring = ring_of(page)
    assert ring["outlineStyle"] != "none" and ring["outlineColor"] == "rgb(255, 191, 71)", ring
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("box => box.scrollLeft > 0", arg=wide.element_handle())
