"""Each caregiver's secret "My events" calendar feed (``calendar_feed``): the events they
are going to, read without signing in by the secret token."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone

from events.models import CalendarFeed, Event, EventStatus, Response
from tests.accounts.factories import CaregiverFactory
from tests.events.factories import EventFactory, RSVPFactory
from tests.events.helpers import at, by_summary, feed_response, next_local, vevents


@pytest.fixture
def event(calendar_event):
    """A family fun day at Hutt Park next Saturday, 4–6pm (tests/events/conftest.py)."""
    return calendar_event


@pytest.fixture
def my_replies(caregiver, wellington, social_worker):
    """Replies of every kind, each to its own event."""

    def make(title, week, **rsvp):
        event = EventFactory(
            title=title, region=wellington, created_by=social_worker, **at(next_local(5, time(10), weeks=week))
        )
        if rsvp.get("response") != "none":
            RSVPFactory(event=event, user=caregiver, **rsvp)
        return event

    return {
        "going": make("Going", 1, adults=2),
        "waitlisted": make("Waitlisted", 2, waitlisted=True, waitlisted_at=timezone.now()),
        "not going": make("Said no", 3, response=Response.NOT_GOING),
        "no reply": make("No reply", 4, response="none"),
        "draft": make("Back to draft", 5),
        "cancelled": make("Cancelled later", 6),
        "someone else's": EventFactory(title="Someone else's", region=wellington, **at(next_local(5, time(10)))),
    }


def test_the_feed_lists_the_events_the_caregiver_is_going_to_without_signing_in(client, feed, my_replies):
    Event.objects.filter(pk=my_replies["draft"].pk).update(status=EventStatus.DRAFT)
    Event.objects.filter(pk=my_replies["cancelled"].pk).update(
        status=EventStatus.CANCELLED, cancelled_reason="Rain", cancelled_at=timezone.now(), sequence=1
    )
    RSVPFactory(event=my_replies["someone else's"], user=CaregiverFactory(region=my_replies["going"].region).user)
    response = feed_response(client, feed.token)  # not signed in: calendar apps cannot sign in
    assert response["Cache-Control"] == "private, max-age=900"
    items = by_summary(response)
    # Waitlisted replies are in the feed too (the view takes every "going" reply), so the
    # date is in the caregiver's calendar should a place come free.
    assert set(items) == {"Going", "Waitlisted", "Cancelled: Cancelled later"}
    going = my_replies["going"]
    assert str(items["Going"]["UID"]) == f"event-{going.uid}@peersupport"
    assert items["Going"].decoded("DTSTART") == going.starts_at
    assert str(items["Cancelled: Cancelled later"]["STATUS"]) == "CANCELLED"


def test_the_feed_keeps_recent_past_events_but_not_old_ones(client, feed, caregiver, wellington):
    recent = EventFactory(title="Last week", region=wellington, **at(next_local(5, time(10), weeks=-1)))
    old = EventFactory(title="Last season", region=wellington, **at(next_local(5, time(10), weeks=-12)))
    for event in (recent, old):
        RSVPFactory(event=event, user=caregiver)
    assert set(by_summary(feed_response(client, feed.token))) == {"Last week"}


def test_replying_no_takes_an_event_out_of_the_feed(client, feed, caregiver, event):
    rsvp = RSVPFactory(event=event, user=caregiver)
    assert len(vevents(feed_response(client, feed.token))) == 1
    rsvp.response = Response.NOT_GOING
    rsvp.save()
    assert vevents(feed_response(client, feed.token)) == []


def test_an_unknown_token_is_404(client, feed):
    assert feed_response(client, "not-a-real-token").status_code == 404
    assert feed_response(client, feed.token[:-1]).status_code == 404


def test_a_deactivated_caregiver_feed_is_404(client, feed, caregiver):
    caregiver.is_active = False
    caregiver.save()
    assert feed_response(client, feed.token).status_code == 404


def test_a_fetch_records_the_day_it_was_used_once_a_day(client, feed):
    """Retention deletes addresses nobody fetches (events.retention); calendar apps fetch every
    few minutes, so the feed writes when it was used at most once a day."""
    assert feed.last_used_at is None
    assert feed_response(client, feed.token).status_code == 200
    feed.refresh_from_db()
    first = feed.last_used_at
    assert first is not None
    assert feed_response(client, feed.token).status_code == 200
    feed.refresh_from_db()
    assert feed.last_used_at == first  # not written again the same day

    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=first - timedelta(days=2))
    assert feed_response(client, feed.token).status_code == 200
    feed.refresh_from_db()
    assert feed.last_used_at > first
