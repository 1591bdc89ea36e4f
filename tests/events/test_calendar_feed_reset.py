"""Making, replacing and stopping the calendar feed's secret address (``calendar_feed_reset``,
the button on My events and on the profile)."""

from __future__ import annotations

from django.urls import reverse

from events.models import CalendarFeed
from tests.events.helpers import feed_response


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
    assert response.context["feed"]() is None  # a lazy value (accounts.lazy): called, it is the value
    assert not CalendarFeed.objects.filter(user=caregiver).exists()
    client.logout()
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
