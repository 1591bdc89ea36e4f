"""The event cards on the Events page and My events, and the unfiltered filter form, are
cached under what they show (events/fragments.py): whatever changes on a card, the next
page shows it, without anything being invalidated; people never see each other's replies."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from events.models import RSVP, Event, EventStatus, Response
from tests.accounts.factories import CaregiverFactory
from tests.events.factories import EventFactory, RSVPFactory


@pytest.fixture
def hui(wellington, social_worker):
    return EventFactory(title="Regional hui", region=wellington, created_by=social_worker, capacity=10)


def page(client, name: str) -> str:
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


def test_the_cards_are_read_from_the_cache_the_second_time(client, caregiver, hui):
    client.force_login(caregiver)
    first = page(client, "event_list")
    # Planting a different copy under the same key shows that the page reads the cache.
    keys = [key for key in cache._cache if "event_cards" in key]  # LocMemCache in tests
    assert len(keys) == 1
    cache.set(keys[0].split(":", 2)[-1], "<p>from the cache</p>")
    assert "from the cache" in page(client, "event_list")
    assert "Regional hui" in first


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        ({"title": "Regional hui: new venue"}, "Regional hui: new venue"),
        ({"venue_name": "Te Papa"}, "Te Papa"),
        ({"capacity": 40}, "0 of 40 places taken"),
        ({"family_friendly": True}, 'border">Family-friendly</span>'),
    ],
)
def test_an_edit_shows_on_the_next_page_even_when_saved_without_updated_at(client, caregiver, hui, change, shown):
    client.force_login(caregiver)
    assert shown not in page(client, "event_list")
    Event.objects.filter(pk=hui.pk).update(**change)  # a bulk update leaves updated_at alone
    assert shown in page(client, "event_list")


def test_a_reply_from_someone_else_changes_the_places_taken(client, caregiver, hui, wellington):
    client.force_login(caregiver)
    assert "0 of 10 places taken" in page(client, "event_list")
    RSVPFactory(event=hui, user=CaregiverFactory(region=wellington).user, response=Response.GOING, adults=3)
    assert "3 of 10 places taken" in page(client, "event_list")


def test_people_never_see_each_others_reply(client, caregiver, hui, wellington):
    other = CaregiverFactory(region=wellington).user
    RSVPFactory(event=hui, user=caregiver, response=Response.GOING, adults=1)
    client.force_login(caregiver)
    assert "You're going" in page(client, "event_list")
    client.force_login(other)
    html = page(client, "event_list")
    assert "You're going" not in html
    assert "1 of 10 places taken" in html


def test_a_renamed_region_shows_in_the_unfiltered_filter_form(client, caregiver, hui, wellington):
    client.force_login(caregiver)
    assert ">Wellington</option>" in page(client, "event_list")
    wellington.name = "Te Whanganui-a-Tara"
    wellington.save()
    assert ">Te Whanganui-a-Tara</option>" in page(client, "event_list")


def test_a_filtered_form_shows_its_own_values_not_the_cached_form(client, caregiver, hui, wellington):
    client.force_login(caregiver)
    page(client, "event_list")  # caches the unfiltered form
    html = client.get(reverse("event_list"), {"region": wellington.pk, "family_friendly": "on"}).content.decode()
    assert f'<option value="{wellington.pk}" selected>Wellington</option>' in html
    assert re.search(r'<input type="checkbox" name="family_friendly"[^>]* checked', html)


def test_my_events_shows_a_changed_reply_and_a_cancellation(client, caregiver, hui):
    reply = RSVPFactory(event=hui, user=caregiver, response=Response.GOING, adults=1)
    client.force_login(caregiver)
    assert "1 adult, 0 children" in page(client, "my_events")
    RSVP.objects.filter(pk=reply.pk).update(adults=2, children_5_11=1)
    assert "2 adults, 1 child" in page(client, "my_events")
    Event.objects.filter(pk=hui.pk).update(
        status=EventStatus.CANCELLED, cancelled_reason="Storm warning", cancelled_at=timezone.now()
    )
    html = page(client, "my_events")
    assert "Storm warning" in html
    assert "Change my reply" not in html
