"""Buddies in Chromium, as the demo users: newcarer@ sees three suggestions with reasons and
chooses carer@; carer@ accepts the offer; both log a contact; worker@ sees the pair active
and the 30-day buddy figure go up. Every page is axe-checked."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from accounts.models import User
from buddies.models import Match, MatchStatus
from tests.accounts.factories import add_totp
from tests.e2e.helpers import current_totp, sign_in

NEWCARER = "newcarer@example.org"
CARER = "carer@example.org"


def follow_nav(page: Page, a11y, label: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=label, exact=True).click()
    a11y.check(page)


def log_contact(page: Page, a11y, kind: str) -> None:
    page.get_by_label(kind).check()
    page.get_by_role("button", name="Log contact").click()
    a11y.check(page)
    expect(page.get_by_role("status")).to_contain_text("Contact logged")


def test_choose_accept_and_check_in_then_the_social_worker_sees_the_pair(open_page, a11y, demo_data):
    carer = User.objects.get(email=CARER)
    secret = add_totp(User.objects.get(email="worker@example.org"))

    # The social worker's figure before.
    worker = open_page()
    sign_in(worker, a11y, "worker@example.org")
    worker.get_by_label("Code").fill(current_totp(secret))
    worker.get_by_role("button", name="Sign in").click()
    a11y.check(worker)
    before = worker.get_by_test_id("buddy-figure").inner_text()

    # The new caregiver chooses carer@ (Aroha) among three suggestions with reasons.
    newcarer = open_page()
    sign_in(newcarer, a11y, NEWCARER)
    follow_nav(newcarer, a11y, "Buddies")
    suggestions = newcarer.get_by_role("list", name="Suggested buddies").get_by_role("listitem")
    expect(suggestions).to_have_count(3)
    aroha = suggestions.filter(has=newcarer.get_by_role("heading", name=carer.first_name))
    expect(aroha).to_contain_text("Also in the Wellington region")
    expect(aroha).not_to_contain_text(carer.last_name)
    aroha.get_by_role("button", name=f"Choose {carer.first_name}").click()
    a11y.check(newcarer)
    expect(newcarer.get_by_role("status")).to_contain_text(f"We have asked {carer.first_name}")

    # carer@ accepts the offer and logs a call.
    buddy = open_page()
    sign_in(buddy, a11y, CARER)
    follow_nav(buddy, a11y, "Buddies")
    buddy.get_by_role("link", name="Sione").click()
    a11y.check(buddy)
    buddy.get_by_role("button", name="Accept").click()
    a11y.check(buddy)
    expect(buddy.get_by_test_id("match-status")).to_have_text("Accepted")
    log_contact(buddy, a11y, "Phone or video call")
    expect(buddy.get_by_test_id("match-status")).to_have_text("Active")

    # The new caregiver logs a coffee from their buddy page.
    follow_nav(newcarer, a11y, "Buddies")
    newcarer.get_by_role("link", name="Open your buddy page").click()
    a11y.check(newcarer)
    log_contact(newcarer, a11y, "Coffee")

    match = Match.objects.get(new_caregiver__email=NEWCARER, buddy=carer)
    assert match.status == MatchStatus.ACTIVE and match.check_ins.count() == 2

    # The social worker sees the pair active, and the figure has gone up.
    worker.reload()
    a11y.check(worker)
    after = worker.get_by_test_id("buddy-figure").inner_text()
    assert int(after.rstrip("%")) > int(before.rstrip("%"))
    follow_nav(worker, a11y, "Buddies")
    row = worker.get_by_role("row").filter(has_text=re.compile("Sione"))
    expect(row).to_contain_text("Active")
