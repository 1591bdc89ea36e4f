"""Counts meet nouns in the singular and the plural as people write them."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import CaregiverFactory
from tests.events.factories import EventFactory, RSVPFactory


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def test_one_person_on_the_waitlist_reads_in_the_singular(client, caregiver, social_worker, wellington):
    event = EventFactory(region=wellington, created_by=social_worker, capacity=1)
    RSVPFactory(event=event, user=CaregiverFactory(region=wellington).user, adults=1)
    RSVPFactory(event=event, user=caregiver, adults=1, waitlisted=True, waitlisted_at=timezone.now())

    client.force_login(caregiver)
    assert "You are on the waitlist for 1 person." in text_of(client.get(reverse("event_detail", args=[event.pk])))
    assert "for 1 person" in text_of(client.get(reverse("my_events")))

    client.force_login(social_worker)
    replies = text_of(client.get(reverse("event_rsvps", args=[event.pk])))
    assert "capacity 1 person" in replies
    assert "1 household, 1 person" in replies
    check_in = text_of(client.get(reverse("event_check_in", args=[event.pk])))
    assert "<strong>0</strong> of 1 household arrived." in check_in
