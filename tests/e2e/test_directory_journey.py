"""The support directory in Chromium, as the demo users: newcarer@ (a kinship caregiver in
Porirua) searches for kinship support and finds the Wellington service; her social worker,
worker@, sends it to her and one message, with nothing else personal in it, reaches the
outbox. Every page is axe-checked."""

from __future__ import annotations

from playwright.sync_api import expect

from accounts.models import User
from directory.demo import KINSHIP_SERVICE
from directory.models import Listing
from notifications.models import Message
from tests.accounts.factories import add_totp
from tests.e2e.helpers import current_totp, path_is, sign_in

NEWCARER = "newcarer@example.org"


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
