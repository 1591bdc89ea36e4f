"""One event's calendar file (``event_ics``), parsed with ``icalendar``: the UID never
changes, SEQUENCE goes up on each change, and a cancelled event is sent as cancelled."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.events.helpers import form_data, vevents


@pytest.fixture
def event(calendar_event):
    """A family fun day at Hutt Park next Saturday, 4–6pm (tests/events/conftest.py)."""
    return calendar_event


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
