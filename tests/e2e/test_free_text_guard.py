"""The privacy guard on an RSVP's dietary note, in Chromium: a phone number in the note is
refused next to the field, one click replaces it, and the reply then saves. Axe-checked."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import Page, expect

from events.demo import FUN_DAY_TITLE
from events.models import Event
from tests.e2e.helpers import sign_in

NEWCARER = "newcarer@example.org"
NOTE = "One vegetarian. Text me on 021 458 2210 if the menu changes."


def test_a_phone_number_in_the_dietary_note_is_replaced_with_one_click(page: Page, a11y, demo_data):
    event = Event.objects.get(title=FUN_DAY_TITLE)
    sign_in(page, a11y, NEWCARER)
    a11y.visit(page, reverse("rsvp_edit", args=[event.pk]))
    page.get_by_label("Dietary requirements (optional)").fill(NOTE)
    page.get_by_role("button", name="Send my reply").click()
    a11y.check(page)
    expect(page.get_by_role("alert")).to_contain_text("This looks like a personal phone number.")
    expect(page.locator("#id_dietary")).to_have_value(NOTE)  # what was typed is kept
    assert not event.rsvps.filter(user__email=NEWCARER).exists()

    page.get_by_role("button", name="Replace “021 458 2210” with [number]").click()
    a11y.check(page)
    expect(page.locator("#id_dietary")).to_have_value("One vegetarian. Text me on [number] if the menu changes.")
    page.get_by_role("button", name="Send my reply").click()
    a11y.check(page)
    expect(page.get_by_role("status")).to_contain_text(f"You're going to {FUN_DAY_TITLE}")
    rsvp = event.rsvps.get(user__email=NEWCARER)
    assert rsvp.dietary == "One vegetarian. Text me on [number] if the menu changes."
