"""The event checklist (``event_checklist``, staff who run the event): the default items in
order, each ticked item with who ticked it and when (New Zealand time), a button for each;
only this event's checklist. Ticking is tested in test_checklist_toggle.py."""

from __future__ import annotations

from datetime import datetime, timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from accounts.models import Role
from events.models import ChecklistItem, EventKind, EventStatus
from events.services import checklist_set, event_create
from tests.accounts.factories import make_staff
from tests.querycount import assert_constant_queries

DEFAULT_ITEMS = [
    "Room set up, with a separate child-friendly space",
    "Greeters arranged",
    "Childminders arranged",
    "Food ordered",
    "RSVP reminders sent",
]


def planned_event(created_by, region, title: str):
    """An event made by the service, so it has the default checklist."""
    start = timezone.now() + timedelta(days=20)
    return event_create(
        created_by=created_by,
        title=title,
        kind=EventKind.FAMILY_FUN_DAY,
        region=region,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        venue_name="Hutt Park",
        status=EventStatus.PUBLISHED,
    )


@pytest.fixture
def planned(wellington, social_worker):
    return planned_event(social_worker, wellington, "Family fun day")


def tick(event, label: str, by, at: datetime) -> None:
    item = checklist_set(item=event.checklist.get(label=label), done=True, by=by)
    ChecklistItem.objects.filter(pk=item.pk).update(done_at=at)


def checklist(client, event) -> tuple[str, str]:
    """The page's HTML (for links) and its text as a person reads it (for everything else)."""
    response = client.get(reverse("event_checklist", args=[event.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    return html, " ".join(unescape(strip_tags(html)).split())


def shown_for(text: str, label: str) -> str:
    """What the page shows from ``label`` up to the next item's label."""
    start = text.index(label)
    following = [text.index(other) for other in DEFAULT_ITEMS if text.index(other) > start]
    return text[start : min(following, default=len(text))]


def test_the_default_items_are_listed_in_order_each_with_a_tick_button(staff, planned):
    html, text = checklist(staff, planned)
    assert "Checklist for Family fun day" in text
    assert f'href="{reverse("event_detail", args=[planned.pk])}"' in html
    positions = [text.index(label) for label in DEFAULT_ITEMS]
    assert positions == sorted(positions)
    assert "Ticked by" not in text
    for item in planned.checklist.all():
        assert f"Tick: {item.label}" in shown_for(text, item.label)
        assert f'action="{reverse("checklist_toggle", args=[planned.pk, item.pk])}"' in html


def test_a_ticked_item_shows_who_ticked_it_and_when_in_new_zealand_time(staff, planned, social_worker, manager):
    # NZ daylight time is UTC+13: 20:05 UTC on 2 March is 9:05am on 3 March in Wellington.
    tick(planned, "Greeters arranged", social_worker, datetime.fromisoformat("2025-03-02T20:05:00+00:00"))
    tick(planned, "Food ordered", manager, datetime.fromisoformat("2025-03-04T01:30:00+00:00"))
    _, text = checklist(staff, planned)
    greeters = shown_for(text, "Greeters arranged")
    assert f"Ticked by {social_worker.display_name}, 3 Mar, 9:05 a.m." in greeters
    assert "Untick: Greeters arranged" in greeters
    food = shown_for(text, "Food ordered")
    assert f"Ticked by {manager.display_name}, 4 Mar, 2:30 p.m." in food
    assert "Untick: Food ordered" in food
    for label in ["Room set up, with a separate child-friendly space", "Childminders arranged", "RSVP reminders sent"]:
        assert "Ticked by" not in shown_for(text, label)
        assert f"Tick: {label}" in shown_for(text, label)


def test_only_this_events_checklist_is_shown(staff, planned, wellington, social_worker, manager):
    other = planned_event(social_worker, wellington, "Coffee morning")
    tick(other, "Greeters arranged", manager, timezone.now())
    html, text = checklist(staff, planned)
    assert "Ticked by" not in text
    for item in other.checklist.all():
        assert reverse("checklist_toggle", args=[other.pk, item.pk]) not in html


def test_event_checklist_query_budget(staff, planned, wellington):
    def add_rows():
        # Every item ticked, each by a different person: who ticked it is joined, not fetched per item.
        for i, label in enumerate(DEFAULT_ITEMS):
            ticker = make_staff(role=Role.SOCIAL_WORKER, regions=[wellington], email=f"ticker{i}@example.org")
            tick(planned, label, ticker, timezone.now())

    # 1 session, 2 user, 3 TOTP check (MFA middleware), 4 staff profile, 5 the event (visible to them),
    # 6 may they run it (their regions), 7 the checklist with who ticked each item joined.
    assert_constant_queries(lambda: staff.get(reverse("event_checklist", args=[planned.pk])), add_rows, expected=7)
