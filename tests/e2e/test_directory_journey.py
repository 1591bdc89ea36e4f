"""The support directory in Chromium, as the demo users: newcarer@ (a kinship caregiver in
Porirua) searches for kinship support and finds the Wellington service; her social worker,
worker@, sends it to her and one message, with nothing else personal in it, reaches the
outbox. Every page is axe-checked."""

from __future__ import annotations

from django.test import Client
from playwright.sync_api import expect

from accounts.models import User
from directory.demo import KINSHIP_SERVICE
from directory.models import Listing
from notifications.models import Message
from tests.accounts.factories import add_totp
from tests.e2e.helpers import current_totp, path_is, sign_in

NEWCARER = "newcarer@example.org"
# WCAG 1.4.10 reflow: no sideways scrolling at 320 CSS px.
SCROLLS_SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"


def test_a_caregiver_finds_kinship_support_and_her_social_worker_sends_it_to_her(open_page, a11y, demo_data):
    listing = Listing.objects.get(name=KINSHIP_SERVICE, region__name="Wellington")

    carer = open_page()
    sign_in(carer, a11y, NEWCARER)
    carer.get_by_role("navigation", name="Main").get_by_role("link", name="Directory", exact=True).click()
    a11y.check(carer)
    expect(carer.get_by_role("heading", level=1)).to_have_text("Support directory")
    carer.get_by_label("Search", exact=True).fill("kinship support")
    carer.get_by_role("button", name="Search", exact=True).click()
    a11y.check(carer)
    expect(carer.get_by_role("link", name="Tāmaki Kinship Whānau Support")).to_have_count(0)  # Auckland
    carer.get_by_role("link", name=KINSHIP_SERVICE).click()
    a11y.check(carer)
    expect(carer).to_have_url(path_is(f"/directory/{listing.pk}/"))
    expect(carer.get_by_role("link", name=listing.phone)).to_have_attribute("href", listing.tel_href)

    worker = open_page()
    secret = add_totp(User.objects.get(email="worker@example.org"))
    sign_in(worker, a11y, "worker@example.org")
    worker.get_by_label("Code").fill(current_totp(secret))
    worker.get_by_role("button", name="Sign in").click()
    a11y.check(worker)
    a11y.visit(worker, f"/directory/{listing.pk}/")
    worker.get_by_role("link", name="Send to a caregiver").click()
    a11y.check(worker)
    worker.get_by_role("button", name="Send", exact=True).click()  # nobody chosen yet
    a11y.check(worker)
    expect(worker.locator("#id_caregiver_error")).to_contain_text("Choose a caregiver on your caseload.")
    worker.get_by_label("Caregiver").select_option(label="Sione Taufa")
    worker.get_by_role("button", name="Send", exact=True).click()
    a11y.check(worker)
    expect(worker.get_by_role("status")).to_contain_text(f"{KINSHIP_SERVICE} is on its way to Sione Taufa.")

    message = Message.objects.get(kind="directory_listing")
    newcarer = User.objects.get(email=NEWCARER)
    assert message.recipient == newcarer and message.to == NEWCARER
    assert KINSHIP_SERVICE in message.body and f"/directory/{listing.pk}/" in message.body
    for private in ("Taufa", NEWCARER, "Porirua", "Rangihuna"):
        assert private not in message.subject + message.body, private


def signed_in_page(open_page, live_server, email: str, **options):
    """A tab with a session made by the test client (the tour spends its time on the pages)."""
    page = open_page(**options)
    user = User.objects.get(email=email)
    if user.role != "caregiver":
        add_totp(user)
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    return page


def test_directory_pages_for_a_caregiver_at_desktop_and_320px(open_page, live_server, a11y, demo_data):
    listing = Listing.objects.get(name=KINSHIP_SERVICE, region__name="Wellington")
    for viewport in ({"width": 1280, "height": 800}, {"width": 320, "height": 640}):
        page = signed_in_page(open_page, live_server, "carer@example.org", viewport=viewport)
        for path in (
            "/directory/", "/directory/?q=teenagers&region=all&audience=kinship&kind=helpline",
            "/directory/?region=nowhere", "/directory/?page=99", f"/directory/{listing.pk}/", "/directory/training/",
            "/profile/",
        ):  # fmt: skip
            a11y.visit(page, path)
            assert page.evaluate(SCROLLS_SIDEWAYS) is False, f"{path} scrolls sideways at {viewport['width']} px"
        expect(page.get_by_role("link", name="Trauma-Informed Caring Online")).to_be_visible()  # on the profile
        a11y.visit(page, "/directory/training/")
        page.get_by_label("Date completed").fill("2099-01-01")
        page.get_by_role("button", name="Record course").click()
        a11y.check(page)
        expect(page.locator("#id_completed_on_error")).to_contain_text("The date cannot be in the future.")
        expect(page.locator("#id_listing_error")).to_contain_text("Choose the course you completed.")


def test_directory_pages_for_staff(open_page, live_server, a11y, demo_data):
    listing = Listing.objects.get(name=KINSHIP_SERVICE, region__name="Wellington")
    page = signed_in_page(open_page, live_server, "worker@example.org")
    for path in (
        "/directory/", f"/directory/{listing.pk}/", f"/directory/{listing.pk}/edit/", f"/directory/{listing.pk}/send/",
        "/directory/recheck/", "/directory/new/",
    ):  # fmt: skip
        a11y.visit(page, path)
    page.get_by_label("Website").fill("not a website")
    page.get_by_role("button", name="Save listing").click()
    a11y.check(page)
    expect(page.locator("#id_website_error")).to_contain_text("Enter a full web address")
    expect(page.locator("#id_name_error")).to_be_visible()

    manager = signed_in_page(open_page, live_server, "manager@example.org")
    a11y.visit(manager, "/directory/training/by-region/")
    expect(manager.get_by_role("cell", name="fewer than 5").first).to_be_visible()
