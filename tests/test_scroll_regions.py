"""Tables that scroll sideways on a narrow screen (``.table-responsive``) are keyboard reachable
(axe: scrollable-region-focusable): each scroll box is a named region with tabindex="0".
The rendered pages that have one are checked, and every template, so a new table cannot
forget it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from events import services
from events.models import Event
from tests.events.factories import EventFactory
from tests.html_page import Page
from tests.invitations.factories import InvitationFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def scroll_boxes(page: Page):
    return [e for e in page.elements if "table-responsive" in e.classes]


def assert_named_focusable_regions(page: Page) -> None:
    boxes = scroll_boxes(page)
    assert boxes, "the page should have a table to check"
    for box in boxes:
        assert box.attrs.get("tabindex") == "0"
        assert box.attrs.get("role") == "region"
        if "aria-labelledby" in box.attrs:
            names = [page.by_id(i) for i in box.attrs["aria-labelledby"].split()]
            assert all(names) and " ".join(n.text() for n in names), box.attrs["aria-labelledby"]
        else:
            assert box.attrs.get("aria-label", "").strip()
    labels = [box.attrs.get("aria-labelledby") or box.attrs.get("aria-label") for box in boxes]
    assert len(set(labels)) == len(labels), "two regions with one name cannot be told apart"


@pytest.fixture
def event_with_replies(wellington, social_worker, caregiver) -> Event:
    """A reply through the service, so the event has replies and an outbox message."""
    event = EventFactory(region=wellington, created_by=social_worker, capacity=20)
    services.rsvp_submit(event=event, user=caregiver, going=True, household=services.HouseholdReply(adults=2))
    return event


@pytest.mark.parametrize("page_name", ["event_rsvps", "event_outbox"])
def test_event_tables_are_named_focusable_regions(client_for, event_with_replies, page_name):
    response = client_for("social_worker").get(reverse(page_name, args=[event_with_replies.pk]))
    assert response.status_code == 200
    page = Page.of(response)
    assert_named_focusable_regions(page)
    if page_name == "event_rsvps":
        names = [page.by_id(box.attrs["aria-labelledby"]).text() for box in scroll_boxes(page)]
        assert names == ["Totals for households going", "Households going"]


@pytest.mark.parametrize(
    ("who", "url"),
    [("social_worker", "caregiver_list"), ("social_worker", "invitation_list"), ("manager", "home")],
)
def test_other_tables_are_named_focusable_regions(client_for, social_worker, wellington, caregiver, who, url):
    InvitationFactory(region=wellington, invited_by=social_worker)
    response = client_for(who).get(reverse(url))
    assert response.status_code == 200
    assert_named_focusable_regions(Page.of(response))


def test_every_template_with_a_scroll_box_makes_it_a_named_focusable_region():
    pattern = re.compile(r"<[a-z]+\b[^>]*\bclass=\"[^\"]*\btable-responsive\b[^\"]*\"[^>]*>")
    found = 0
    for path in sorted(TEMPLATES.rglob("*.html")):
        for tag in pattern.findall(path.read_text(encoding="utf-8")):
            found += 1
            where = f"{path.relative_to(TEMPLATES)}: {tag}"
            assert 'tabindex="0"' in tag, where
            assert 'role="region"' in tag, where
            assert "aria-labelledby=" in tag or "aria-label=" in tag, where
    assert found >= 6
