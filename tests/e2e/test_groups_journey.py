"""Peer groups in Chromium, as the demo users: the new caregiver finds a Porirua evening
group that suits her availability and asks to join; the Wellington social worker approves;
she accepts the group agreement (and sees nothing of the group before) and replies to the
next meeting. Every page is axe-checked."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from accounts.models import User
from events.models import RSVP
from groups.demo import PORIRUA_GROUP
from groups.models import Group, Membership, MembershipStatus
from notifications.models import Message
from tests.accounts.factories import add_totp
from tests.e2e.helpers import current_totp, path_is, sign_in
from tests.e2e.test_events_journey import follow_nav

NEWCARER = "newcarer@example.org"


def test_new_caregiver_joins_a_porirua_evening_group_and_replies_to_its_next_meeting(open_page, a11y, demo_data):
    group = Group.objects.get(name=PORIRUA_GROUP)
    carer: Page = open_page()
    sign_in(carer, a11y, NEWCARER)

    # Find a group that meets when she is free (weekends).
    follow_nav(carer, a11y, "Groups")
    expect(carer.get_by_role("heading", level=1)).to_have_text("Groups")
    carer.get_by_label("Only groups meeting at times that suit me").check()
    carer.get_by_role("button", name="Show groups").click()
    a11y.check(carer)
    card = carer.locator("li.card").filter(has=carer.get_by_role("link", name=PORIRUA_GROUP, exact=True))
    expect(card).to_contain_text("Evening")
    expect(card).to_contain_text("Weekend")
    card.get_by_role("link", name=PORIRUA_GROUP).click()
    a11y.check(carer)
    expect(carer.get_by_role("heading", level=1)).to_have_text(PORIRUA_GROUP)
    expect(carer.get_by_role("heading", name="Next meetings")).to_have_count(0)  # members only

    # Ask to join, with a short message.
    carer.get_by_role("link", name="Ask to join").click()
    a11y.check(carer)
    carer.get_by_label("A short message to the facilitators (optional)").fill("Kia ora, I care for my mokopuna.")
    carer.get_by_role("button", name="Send my request").click()
    a11y.check(carer)
    expect(carer.get_by_role("status")).to_contain_text(f"You asked to join {PORIRUA_GROUP}.")

    # The Wellington social worker approves.
    secret = add_totp(User.objects.get(email="worker@example.org"))
    worker: Page = open_page()
    sign_in(worker, a11y, "worker@example.org")
    worker.get_by_label("Code").fill(current_totp(secret))
    worker.get_by_role("button", name="Sign in").click()
    a11y.check(worker)
    a11y.visit(worker, f"/groups/{group.pk}/")
    worker.get_by_role("link", name="1 request to join").click()
    a11y.check(worker)
    expect(worker.get_by_text("Kia ora, I care for my mokopuna.")).to_be_visible()
    worker.get_by_role("button", name="Approve Sione").click()
    a11y.check(worker)
    expect(worker.get_by_role("status")).to_contain_text("Sione is now a member.")
    assert Message.objects.filter(recipient__email=NEWCARER, kind="group_request_approved").exists()

    # Before she sees the group, she accepts its agreement.
    a11y.visit(carer, f"/groups/{group.pk}/")
    expect(carer).to_have_url(path_is(f"/groups/{group.pk}/agreement/"))
    expect(carer.get_by_text("strengths", exact=False).first).to_be_visible()
    carer.get_by_role("button", name="Accept the agreement").click()
    a11y.check(carer)
    expect(carer.get_by_text("Tick the box to accept the agreement.").first).to_be_visible()
    carer.get_by_label("I have read the group agreement and I accept it").check()
    carer.get_by_role("button", name="Accept the agreement").click()
    a11y.check(carer)
    expect(carer).to_have_url(path_is(f"/groups/{group.pk}/"))
    expect(carer.get_by_role("heading", name="Next meetings")).to_be_visible()

    # Reply to the next meeting (an event only members see).
    carer.get_by_role("link", name=re.compile(r"^Reply ")).first.click()
    a11y.check(carer)
    carer.get_by_role("button", name="Send my reply").click()
    a11y.check(carer)
    expect(carer.get_by_role("status")).to_contain_text("You're going to")

    membership = Membership.objects.get(group=group, user__email=NEWCARER)
    assert membership.status == MembershipStatus.ACTIVE and membership.agreement_version.number == 1
    assert RSVP.objects.filter(user__email=NEWCARER, event__group_meeting__group=group, response="going").exists()
