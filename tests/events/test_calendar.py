"""Calendar files, parsed with ``icalendar``: one .ics per event, and each caregiver's
secret "My events" feed. The UID never changes, SEQUENCE goes up on each change,
and a cancelled event is sent as cancelled."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.models import CalendarFeed, Event, EventStatus, Response
from tests.accounts.factories import CaregiverFactory
from tests.events.factories import EventFactory, RSVPFactory
from tests.events.helpers import form_data, next_local


def vevents(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    return calendar.walk("VEVENT")


def by_summary(response) -> dict:
    return {str(item["SUMMARY"]): item for item in vevents(response)}


def at(when, hours: int = 2) -> dict:
    # Whole minutes, as the form stores them: calendar times have no microseconds.
    return {"starts_at": when, "ends_at": when + timedelta(hours=hours)}


@pytest.fixture
def event(wellington, social_worker):
    return EventFactory(
        title="Family fun day",
        region=wellington,
        created_by=social_worker,
        venue_name="Hutt Park",
        venue_address="Hutt Park Road, Lower Hutt",
        **at(next_local(5, time(16))),
    )


def download(client, event):
    response = client.get(reverse("event_ics", args=[event.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="event-{event.pk}.ics"'
    [item] = vevents(response)
    return item


def test_the_ics_file_has_one_event_at_the_stored_utc_times(client, caregiver, event):
    client.force_login(caregiver)
    item = download(client, event)
    assert str(item["UID"]) == f"event-{event.uid}@peersupport"
    assert item.decoded("SEQUENCE") == 0
    assert item.decoded("DTSTART") == event.starts_at
    assert item.decoded("DTEND") == event.ends_at
    assert item.decoded("DTSTART").utcoffset() == timedelta(0)
    assert str(item["SUMMARY"]) == "Family fun day"
    assert str(item["LOCATION"]) == "Hutt Park, Hutt Park Road, Lower Hutt"
    assert str(item["STATUS"]) == "CONFIRMED"
    assert str(item["URL"]).endswith(reverse("event_detail", args=[event.pk]))


def test_an_edit_keeps_the_uid_and_raises_the_sequence(client, caregiver, social_worker, event):
    client.force_login(caregiver)
    before = download(client, event)

    client.force_login(social_worker)
    form = client.get(reverse("event_edit", args=[event.pk])).context["form"]
    later = event.starts_at + timedelta(hours=1)
    data = form_data(form, starts_at=later, ends_at=later + timedelta(hours=2), venue_name="Avalon Park")
    assert client.post(reverse("event_edit", args=[event.pk]), data).status_code == 302
    event.refresh_from_db()

    client.force_login(caregiver)
    after = download(client, event)
    assert after["UID"] == before["UID"]
    assert after.decoded("SEQUENCE") == 1
    assert after.decoded("DTSTART") == event.starts_at == later
    assert after.decoded("DTEND") == event.ends_at
    assert str(after["LOCATION"]).startswith("Avalon Park")


def test_a_cancelled_event_is_sent_as_cancelled(client, caregiver, social_worker, event):
    client.force_login(social_worker)
    client.post(reverse("event_cancel", args=[event.pk]), {"reason": "The park is flooded."})
    client.force_login(caregiver)
    item = download(client, event)
    assert str(item["UID"]) == f"event-{event.uid}@peersupport"
    assert str(item["STATUS"]) == "CANCELLED"
    assert item.decoded("SEQUENCE") == 1
    assert str(item["SUMMARY"]) == "Cancelled: Family fun day"
    assert "The park is flooded." in str(item["DESCRIPTION"])


# --- The personal feed ---------------------------------------------------------------


@pytest.fixture
def feed(client, caregiver) -> CalendarFeed:
    """Made the way a caregiver makes it: the button on My events."""
    client.force_login(caregiver)
    response = client.post(reverse("calendar_feed_reset"), follow=True)
    assert "Your calendar address is ready." in response.content.decode()
    made = CalendarFeed.objects.get(user=caregiver)
    assert response.context["feed_url"] == "http://testserver" + reverse("calendar_feed", args=[made.token])
    client.logout()
    return made


def feed_response(client, token: str):
    return client.get(reverse("calendar_feed", args=[token]))


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


def test_a_new_address_makes_the_old_one_404(client, feed, caregiver):
    client.force_login(caregiver)
    response = client.post(reverse("calendar_feed_reset"))
    assert response["Location"] == reverse("my_events")
    client.logout()
    new = CalendarFeed.objects.get(user=caregiver)
    assert new.token != feed.token
    assert feed_response(client, feed.token).status_code == 404
    assert feed_response(client, new.token).status_code == 200


def test_stopping_the_address_removes_it(client, feed, caregiver):
    client.force_login(caregiver)
    response = client.post(reverse("calendar_feed_reset"), {"action": "stop"}, follow=True)
    assert "Your calendar address no longer works." in response.content.decode()
    assert response.context["feed"] is None
    assert not CalendarFeed.objects.filter(user=caregiver).exists()
    client.logout()
    assert feed_response(client, feed.token).status_code == 404


def test_an_unknown_token_is_404(client, feed):
    assert feed_response(client, "not-a-real-token").status_code == 404
    assert feed_response(client, feed.token[:-1]).status_code == 404


def test_a_deactivated_caregiver_feed_is_404(client, feed, caregiver):
    caregiver.is_active = False
    caregiver.save()
    assert feed_response(client, feed.token).status_code == 404


def test_calendar_address_can_be_revoked_from_the_profile(client, caregiver):
    client.force_login(caregiver)
    client.post(reverse("calendar_feed_reset"))
    token = CalendarFeed.objects.get(user=caregiver).token
    profile = client.get(reverse("profile"))
    assert "Stop the calendar address" in profile.content.decode()
    response = client.post(reverse("calendar_feed_reset"), {"action": "stop", "return_to": "profile"})
    assert response["Location"] == reverse("profile")
    assert not CalendarFeed.objects.filter(user=caregiver).exists()
    client.logout()
    assert client.get(reverse("calendar_feed", kwargs={"token": token})).status_code == 404
