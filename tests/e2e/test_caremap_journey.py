"""The care map in Chromium, as the demo users: carer@ (Aroha) adds a person and a group to
her care map with the keyboard alone, sees them drawn and listed, shares the map with her
social worker worker@ (Tom), who reads it (and she sees that he did), then stops sharing and
he can no longer see it. The pages are axe-checked at 1280 and 320 px."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.test import Client
from playwright.sync_api import Page, expect

from accounts.models import CaregiverProfile, User
from directory.models import CareMapEntry
from tests.accounts.factories import add_totp

CARER = "carer@example.org"
WORKER = "worker@example.org"
# WCAG 1.4.10 reflow: no sideways scrolling at 320 CSS px.
SCROLLS_SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"


def signed_in_page(open_page, live_server, email: str, **options) -> Page:
    """A tab with a session made by the test client (sign-in has its own browser tests)."""
    page = open_page(**options)
    user = User.objects.get(email=email)
    if user.role != "caregiver" and not Authenticator.objects.filter(user=user).exists():
        add_totp(user)
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    return page


def tab_to(page: Page, selector: str, limit: int = 150) -> None:
    """Press Tab until the element matching ``selector`` has the focus: it is reachable by keyboard."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement === document.querySelector(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} not reached with Tab")


def press_enter_on(page: Page, a11y, selector: str) -> None:
    """Tab to a button, press Enter, and check the page it leads to."""
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    a11y.check(page)


def submit_add_form(page: Page, a11y) -> None:
    press_enter_on(page, a11y, "#add-entry-submit")


def test_a_caregiver_draws_her_care_map_with_the_keyboard_and_shares_it(open_page, live_server, a11y, demo_data):
    carer = signed_in_page(open_page, live_server, CARER)
    a11y.visit(carer, "/")
    carer.get_by_role("link", name="My care map: who supports you").click()
    a11y.check(carer)
    expect(carer.get_by_role("heading", level=1)).to_have_text("My care map")
    drawing = carer.get_by_role("img", name="Your care map")
    expect(drawing).to_be_visible()

    # Nothing chosen: every error next to its field, the summary first.
    submit_add_form(carer, a11y)
    expect(carer.locator("#error-summary")).to_be_focused()
    expect(carer.locator("#id_kind_error")).to_contain_text("Choose who or what this is.")
    expect(carer.locator("#id_label_error")).to_contain_text("Enter a first name or a role.")
    expect(carer.locator("#id_ring_error")).to_contain_text("Choose how close they are.")

    # A person on the close ring.
    tab_to(carer, "#id_kind_0")
    carer.keyboard.press("Space")  # Person
    carer.keyboard.press("Tab")
    carer.keyboard.type("Koro")
    tab_to(carer, "#id_ring_0")
    carer.keyboard.press("Space")  # Close
    carer.keyboard.press("Tab")
    carer.keyboard.type("Picks us up from kapa haka")
    submit_add_form(carer, a11y)
    expect(carer.get_by_role("status")).to_contain_text("Koro is on your care map.")

    # A group on the regular ring, linked to a peer group.
    tab_to(carer, "#id_kind_0")
    carer.keyboard.press("ArrowDown")  # Group
    expect(carer.locator("#id_kind_1")).to_be_checked()
    carer.keyboard.press("Tab")
    carer.keyboard.type("Playgroup mums")
    tab_to(carer, "#id_ring_0")
    carer.keyboard.press("ArrowDown")  # Regular
    expect(carer.locator("#id_ring_1")).to_be_checked()
    tab_to(carer, "#id_group")
    carer.keyboard.press("ArrowDown")  # the first peer group in her region
    submit_add_form(carer, a11y)
    expect(carer.get_by_role("status")).to_contain_text("Playgroup mums is on your care map.")
    assert CareMapEntry.objects.get(label="Playgroup mums", ring="regular", kind="group").group_id is not None

    # Drawn and listed: the same names in the picture and in the list, by ring.
    expect(drawing.locator("text", has_text="Koro")).to_have_count(1)
    expect(drawing.locator("text", has_text="Playgroup mums")).to_have_count(1)
    close = carer.get_by_role("region", name="Close (3)")
    expect(close.locator("strong", has_text="Koro")).to_be_visible()
    regular = carer.get_by_role("region", name="Regular (3)")
    expect(regular.locator("strong", has_text="Playgroup mums")).to_be_visible()

    # Shared with her social worker, who reads it; she sees the read.
    press_enter_on(carer, a11y, "#caremap-share")
    expect(carer.get_by_role("status")).to_contain_text("Your care map is shared with Tom Rangihuna.")

    profile = CaregiverProfile.objects.get(user__email=CARER)
    worker = signed_in_page(open_page, live_server, WORKER)
    a11y.visit(worker, f"/caregivers/{profile.pk}/")
    worker.get_by_role("link", name="See the care map they shared with you").click()
    a11y.check(worker)
    expect(worker.get_by_role("heading", level=1)).to_have_text("Aroha Ngata’s care map")
    expect(worker.get_by_role("img", name="Aroha’s care map")).to_be_visible()
    expect(worker.locator("strong", has_text="Koro")).to_be_visible()
    expect(worker.get_by_role("button", name="Remove")).to_have_count(0)

    a11y.visit(carer, "/care-map/")
    expect(carer.get_by_text("Tom Rangihuna looked at your map on")).to_be_visible()

    # She stops sharing: he can no longer see it.
    press_enter_on(carer, a11y, "#caremap-stop-sharing")
    expect(carer.get_by_role("status")).to_contain_text("You stopped sharing your care map.")
    a11y.expect_console_error(worker, "404")
    response = a11y.visit(worker, f"/care-map/caregivers/{profile.pk}/")
    assert response.status == 404


def test_care_map_pages_at_desktop_and_320px(open_page, live_server, a11y, demo_data):
    entry = CareMapEntry.objects.filter(owner__email=CARER).first()
    profile = CaregiverProfile.objects.get(user__email=CARER)
    for viewport in ({"width": 1280, "height": 800}, {"width": 320, "height": 640}):
        page = signed_in_page(open_page, live_server, CARER, viewport=viewport)
        for path in ("/profile/", f"/care-map/{entry.pk}/edit/", "/care-map/"):
            a11y.visit(page, path)
            assert page.evaluate(SCROLLS_SIDEWAYS) is False, f"{path} scrolls sideways at {viewport['width']} px"
        page.get_by_role("button", name="Share with Tom Rangihuna").click()
        a11y.check(page)
        worker = signed_in_page(open_page, live_server, WORKER, viewport=viewport)
        a11y.visit(worker, f"/care-map/caregivers/{profile.pk}/")
        assert worker.evaluate(SCROLLS_SIDEWAYS) is False
        page.get_by_role("button", name="Stop sharing").click()
        a11y.check(page)


# The labels' boxes as Chromium draws them (SVG units), and whether any two overlap or one
# leaves the drawing.
LABEL_PROBLEMS = """(svg) => {
  const vb = svg.viewBox.baseVal;
  const boxes = [...svg.querySelectorAll("text")].map((t) => { const b = t.getBBox(); return [t.textContent, b]; });
  const problems = [];
  for (const [name, b] of boxes) {
    if (b.x < vb.x || b.y < vb.y || b.x + b.width > vb.x + vb.width || b.y + b.height > vb.y + vb.height) {
      problems.push("outside: " + name);
    }
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [n1, a] = boxes[i], [n2, b] = boxes[j];
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) {
        problems.push(n1 + " overlaps " + n2);
      }
    }
  }
  return {count: boxes.length, problems};
}"""


def test_a_crowded_care_map_draws_no_label_over_another_at_1280_and_320px(open_page, live_server, a11y, demo_data):
    carer = User.objects.get(email=CARER)
    names = ["Mere", "Our GP", "Kinship carers Wellington", "Nan", "School counsellor", "WWWWWWWWWWWWWW"]
    for ring in ("close", "regular", "occasional"):
        for k in range(30):
            CareMapEntry.objects.create(owner=carer, kind="person", ring=ring, label=f"{names[k % 6]} {k}")
    for viewport in ({"width": 1280, "height": 800}, {"width": 320, "height": 640}):
        page = signed_in_page(open_page, live_server, CARER, viewport=viewport)
        a11y.visit(page, "/care-map/")
        drawing = page.get_by_role("img", name="Your care map")
        found = drawing.evaluate(LABEL_PROBLEMS)
        assert found["count"] > 30 and found["problems"] == [], found
        assert page.evaluate(SCROLLS_SIDEWAYS) is False
