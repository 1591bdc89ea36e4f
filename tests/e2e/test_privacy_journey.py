"""Group discussion in Chromium, as the demo users: carer@example.org writes a post naming the
child she protects and a kindergarten; the guard stops it with both findings explained; one
click replaces them; the redacted post is published. A non-member gets 404 on the thread, and
the notification for the new post carries none of its text. Every page is axe-checked."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from groups.demo import LOWER_HUTT_GROUP
from groups.models import Group
from notifications.models import Message
from privacy.models import Post, PostStatus
from tests.e2e.helpers import sign_in

BODY = "Manaaki starts at Hillside Kindergarten next week. Any tips for the first day?"


def test_carer_is_stopped_redacts_with_one_click_and_publishes(open_page, a11y, demo_data):
    group = Group.objects.get(name=LOWER_HUTT_GROUP)
    carer: Page = open_page()
    sign_in(carer, a11y, "carer@example.org")
    a11y.visit(carer, f"/groups/{group.pk}/")
    carer.get_by_role("link", name="Discussion").click()
    a11y.check(carer)
    carer.get_by_role("link", name="Start a conversation").click()
    a11y.check(carer)
    expect(carer.get_by_role("link", name="Read the group agreement")).to_be_visible()

    carer.get_by_label("Title").fill("First day at kindy")
    carer.get_by_label("Your message").fill(BODY)
    # Checked as she types (debounced), before she posts.
    expect(carer.locator("[data-guard-live]")).to_contain_text("This is a name you asked us to protect.")
    carer.get_by_role("button", name="Post", exact=True).click()
    a11y.check(carer)
    expect(carer.get_by_role("heading", name="This can't be posted yet: it could identify a child")).to_be_visible()
    findings = carer.locator("#guard-findings")
    expect(findings).to_contain_text("This is a name you asked us to protect.")
    expect(findings).to_contain_text("This names a school, kura or early-childhood centre")
    assert not Post.objects.filter(thread__group=group, body__contains="kindy").exists()

    carer.get_by_role("button", name="Replace them all").click()
    a11y.check(carer)
    expect(carer.get_by_label("Your message")).to_have_value(
        "[child] starts at [school] next week. Any tips for the first day?"
    )
    carer.get_by_role("button", name="Post", exact=True).click()
    a11y.check(carer)
    expect(carer.get_by_role("heading", level=1)).to_have_text("First day at kindy")
    expect(carer.get_by_text("[child] starts at [school] next week.")).to_be_visible()
    post = Post.objects.get(thread__title="First day at kindy")
    assert post.status == PostStatus.PUBLISHED and "Manaaki" not in post.body

    # The members' notifications say only that there is a new post in the group.
    messages = Message.objects.filter(kind="privacy_new_post")
    assert messages.exists()
    for message in messages:
        assert "starts at" not in message.body and "kindy" not in f"{message.subject} {message.body}"

    # Someone outside the group cannot reach the thread.
    other: Page = open_page()
    sign_in(other, a11y, "newcarer@example.org")
    a11y.expect_console_error(other, "status of 404")
    response = other.goto(f"/groups/{group.pk}/discussion/{post.thread_id}/")
    assert response.status == 404
    a11y.check(other)
