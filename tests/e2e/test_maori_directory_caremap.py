"""The support directory and the care map in te reo Māori, in Chromium: carer@ (Aroha)
switches to te reo Māori from the footer, searches the directory for kinship support and
opens the Wellington service, then adds a person and a group to her care map, shares it with
her social worker and stops sharing, with the Māori navigation, headings, labels and buttons
(locale/mi/glossary.py) on every page, axe-checked; and the same pages reflow at 320 px.

Needs the compiled catalogue (make test compiles it when GNU gettext is installed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from directory.demo import KINSHIP_SERVICE
from directory.models import CareMapEntry, CareMapShare, Listing
from tests.e2e.test_caremap_journey import press_enter_on, signed_in_page, submit_add_form, tab_to

CATALOG = Path(settings.BASE_DIR) / "locale" / "mi" / "LC_MESSAGES" / "django.mo"
CARER = "carer@example.org"
# WCAG 1.4.10 reflow: no sideways scrolling at 320 CSS px.
SCROLLS_SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"


@pytest.fixture(autouse=True)
def compiled_catalog():
    if not CATALOG.exists():
        pytest.skip("te reo Māori is not compiled: make test compiles it (needs GNU gettext)")


def switch_to_maori(page: Page, a11y) -> None:
    """The footer's switcher, as a caregiver would use it; the choice is kept on her profile."""
    a11y.visit(page, "/")
    footer = page.locator("footer")
    footer.get_by_label("Language").select_option("mi")
    footer.get_by_role("button", name="Change language").click()
    page.wait_for_url(re.compile(r"/$"))
    a11y.check(page)
    assert page.locator("html").get_attribute("lang") == "mi"


def test_a_caregiver_searches_the_directory_and_draws_her_care_map_in_te_reo_maori(
    open_page, live_server, a11y, demo_data
):
    listing = Listing.objects.get(name=KINSHIP_SERVICE, region__name="Wellington")
    carer = signed_in_page(open_page, live_server, CARER)
    switch_to_maori(carer, a11y)

    # The directory: heading, search box, filters and button in te reo Māori.
    carer.get_by_role("navigation", name="Matua").get_by_role("link", name="Rārangi tautoko", exact=True).click()
    a11y.check(carer)
    expect(carer.get_by_role("heading", level=1)).to_have_text("Rārangi tautoko")
    search = carer.get_by_role("search", name="Rapua te rārangi tautoko")
    for label in ("Rohe", "Kaupapa", "Mō", "Momo"):
        expect(search.get_by_label(label, exact=True)).to_be_visible()
    search.get_by_label("Rapu", exact=True).fill("kinship support")
    search.get_by_role("button", name="Rapu", exact=True).click()
    a11y.check(carer)
    expect(carer.get_by_role("link", name="Tāmaki Kinship Whānau Support")).to_have_count(0)  # Auckland
    carer.get_by_role("link", name=KINSHIP_SERVICE).click()
    a11y.check(carer)
    expect(carer).to_have_url(re.compile(rf"/directory/{listing.pk}/$"))
    expect(carer.get_by_role("link", name="Hoki ki te rārangi tautoko")).to_be_visible()
    for term in ("Momo", "Rohe", "Mō", "Waea", "I tirohia whakamutunga"):
        expect(carer.locator("dt", has_text=re.compile(rf"^{term}$"))).to_have_count(1)

    # The care map, from the home page's link.
    a11y.visit(carer, "/")
    carer.get_by_role("link", name="Taku mahere manaaki: ko wai e tautoko ana i a koe").click()
    a11y.check(carer)
    expect(carer.get_by_role("heading", level=1)).to_have_text("Taku mahere manaaki")
    drawing = carer.get_by_role("img", name="Tō mahere manaaki")
    expect(drawing).to_be_visible()
    for heading in ("Tāpiria ki tō mahere", "He whakaaro mō tō mahere", "Te tiri ki tō tauwhiro"):
        expect(carer.get_by_role("heading", level=2, name=heading)).to_be_visible()

    # A person on the close ring, with the keyboard, through the Māori labels.
    tab_to(carer, "#id_kind_0")
    expect(carer.get_by_role("radio", name="Tangata")).to_be_focused()
    carer.keyboard.press("Space")
    carer.keyboard.press("Tab")
    expect(carer.get_by_label("Ingoa, tūranga rānei")).to_be_focused()
    carer.keyboard.type("Koro")
    tab_to(carer, "#id_ring_0")
    expect(carer.get_by_role("radio", name="Tata")).to_be_focused()
    carer.keyboard.press("Space")
    submit_add_form(carer, a11y)
    expect(carer.get_by_role("button", name="Tāpiria ki taku mahere")).to_be_visible()

    # A group on the regular ring, linked to a peer group.
    carer.get_by_role("radio", name="Rōpū", exact=True).check()
    carer.get_by_label("Ingoa, tūranga rānei").fill("Playgroup mums")
    carer.get_by_role("radio", name="Auau").check()
    carer.get_by_label("Rōpū hoa (kāore i te herea)").select_option(index=1)
    submit_add_form(carer, a11y)
    assert CareMapEntry.objects.filter(owner__email=CARER, label="Koro", ring="close", kind="person").exists()
    assert CareMapEntry.objects.get(owner__email=CARER, label="Playgroup mums", ring="regular").group_id is not None

    # Drawn and listed under the Māori ring names.
    expect(drawing.locator("text", has_text="Koro")).to_have_count(1)
    expect(drawing.locator("text", has_text=re.compile(r"^Tata$"))).to_have_count(1)
    close = carer.get_by_role("region", name=re.compile(r"^Tata \(\d+\)$"))
    expect(close.locator("strong", has_text="Koro")).to_be_visible()
    expect(close.get_by_role("button", name="Tangohia Koro")).to_be_visible()
    regular = carer.get_by_role("region", name=re.compile(r"^Auau \(\d+\)$"))
    expect(regular.locator("strong", has_text="Playgroup mums")).to_be_visible()

    # Shared with her social worker and no longer shared, with the Māori buttons.
    expect(carer.get_by_role("button", name="Tiria ki a Tom Rangihuna")).to_be_visible()
    press_enter_on(carer, a11y, "#caremap-share")
    assert CareMapShare.objects.filter(owner__email=CARER, stopped_at__isnull=True).count() == 1
    expect(carer.get_by_role("button", name="Kāti te tiri")).to_be_visible()
    press_enter_on(carer, a11y, "#caremap-stop-sharing")
    assert not CareMapShare.objects.filter(owner__email=CARER, stopped_at__isnull=True).exists()
    expect(carer.get_by_role("button", name="Tiria ki a Tom Rangihuna")).to_be_visible()
    expect(carer.get_by_role("heading", level=3, name="Ko wai kua titiro ki tō mahere")).to_be_visible()


def test_the_maori_directory_and_care_map_pages_reflow_at_320px(open_page, live_server, a11y, demo_data):
    listing = Listing.objects.get(name=KINSHIP_SERVICE, region__name="Wellington")
    entry = CareMapEntry.objects.filter(owner__email=CARER).first()
    page = signed_in_page(open_page, live_server, CARER, viewport={"width": 320, "height": 640})
    switch_to_maori(page, a11y)
    for path in (
        "/directory/", "/directory/?q=kinship&region=all", f"/directory/{listing.pk}/", "/directory/training/",
        "/care-map/", f"/care-map/{entry.pk}/edit/",
    ):  # fmt: skip
        a11y.visit(page, path)
        assert page.locator("html").get_attribute("lang") == "mi", path
        assert page.evaluate(SCROLLS_SIDEWAYS) is False, f"{path} scrolls sideways at 320 px in te reo Māori"
