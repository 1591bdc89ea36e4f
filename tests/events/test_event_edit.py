"""Staff edit events (``event_edit``): capacity and times checked against the replies,
and a change of time or place tells everyone going or waitlisted, on each channel."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from events.models import RSVP, Event, EventStatus
from notifications.models import Channel, Message
from tests.accounts.factories import RegionFactory
from tests.events.helpers import edit_data, messages_of


@pytest.fixture
def event(fun_day):
    """The published family fun day of tests/events/conftest.py."""
    return fun_day


@pytest.fixture
def replies(fun_day_replies):
    """Going (email), going (email + text), waitlisted (email), not going (email)."""
    return fun_day_replies


def test_capacity_below_the_people_already_going_says_how_many_are_going(staff, event, replies):
    response = staff.post(reverse("event_edit", args=[event.pk]), edit_data(staff, event, capacity="4"))
    # 2 adults + 2 children and 1 adult are going; the waitlisted and the "no" do not count.
    assert response.status_code == 200
    assert response.context["form"].errors["capacity"] == [
        "5 people are already going. The capacity cannot be less than that."
    ]
    assert "5 people are already going" in response.content.decode()
    event.refresh_from_db()
    assert (event.capacity, event.sequence) == (40, 0)
    assert Message.objects.count() == 0


def test_capacity_equal_to_the_people_going_is_accepted(staff, event, replies):
    response = staff.post(reverse("event_edit", args=[event.pk]), edit_data(staff, event, capacity="5"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.capacity == 5
    assert RSVP.objects.get(user=replies["waiting"]).waitlisted  # 2 more would not fit


def test_bad_times_on_edit_change_nothing(staff, event, replies):
    before = (event.starts_at, event.ends_at)
    data = edit_data(staff, event, ends_at=event.starts_at - timedelta(hours=1))
    response = staff.post(reverse("event_edit", args=[event.pk]), data)
    assert response.context["form"].errors["ends_at"] == ["The end must be after the start."]
    event.refresh_from_db()
    assert ((event.starts_at, event.ends_at), event.sequence) == (before, 0)
    assert Message.objects.count() == 0


def test_moving_a_published_event_tells_everyone_going_or_waitlisted_on_each_channel(
    staff, event, replies, caregiver, sms_caregiver
):
    later = event.starts_at + timedelta(hours=1)
    data = edit_data(staff, event, starts_at=later, ends_at=later + timedelta(hours=2))
    response = staff.post(reverse("event_edit", args=[event.pk]), data, follow=True)
    assert "People going have been told." in response.content.decode()
    event.refresh_from_db()
    assert event.starts_at == later
    assert event.sequence == 1
    assert messages_of("event_changed") == sorted(
        [
            (caregiver.email, Channel.EMAIL),
            (sms_caregiver.email, Channel.EMAIL),
            (sms_caregiver.email, Channel.SMS),
            (replies["waiting"].email, Channel.EMAIL),
        ]
    )
    email = Message.objects.get(kind="event_changed", recipient=caregiver)
    assert event.when_display in email.body
    assert email.event == event


def test_moving_the_venue_also_tells_them(staff, event, replies):
    staff.post(reverse("event_edit", args=[event.pk]), edit_data(staff, event, venue_name="Avalon Park"))
    assert len(messages_of("event_changed")) == 4


def test_editing_only_the_description_tells_no_one(staff, event, replies):
    data = edit_data(staff, event, description="Games on the field. Bring a hat.")
    response = staff.post(reverse("event_edit", args=[event.pk]), data, follow=True)
    assert "People going have been told." not in response.content.decode()
    event.refresh_from_db()
    assert event.description == "Games on the field. Bring a hat."
    assert Message.objects.count() == 0


def test_moving_a_draft_tells_no_one(staff, event, replies):
    Event.objects.filter(pk=event.pk).update(status=EventStatus.DRAFT)
    later = event.starts_at + timedelta(days=1)
    data = edit_data(staff, event, starts_at=later, ends_at=later + timedelta(hours=2))
    assert staff.post(reverse("event_edit", args=[event.pk]), data).status_code == 302
    assert Message.objects.count() == 0


def test_a_social_worker_cannot_move_an_event_to_another_region(staff, event, auckland):
    data = edit_data(staff, event, region=auckland.pk)
    response = staff.post(reverse("event_edit", args=[event.pk]), data)
    assert "region" in response.context["form"].errors
    event.refresh_from_db()
    assert event.region.name == "Wellington"


def test_moving_an_event_to_a_region_in_another_time_zone_tells_people(client, manager, event, replies):
    """The typed times stay the same, but 10am on the Chathams is a different moment: people are told."""
    chatham = RegionFactory(name="Chatham Islands", slug="chatham-islands", timezone="Pacific/Chatham")
    client.force_login(manager)
    data = edit_data(client, event, region=chatham.pk)
    before = event.starts_at
    assert client.post(reverse("event_edit", args=[event.pk]), data).status_code == 302
    event.refresh_from_db()
    assert event.starts_at != before
    assert Message.objects.filter(kind="event_changed").exists()


def test_a_cancelled_event_cannot_be_edited(staff, event):
    data = edit_data(staff, event, title="Back on")
    staff.post(reverse("event_cancel", args=[event.pk]), {"reason": "Rain."})
    assert staff.get(reverse("event_edit", args=[event.pk]))["Location"] == reverse("event_detail", args=[event.pk])
    response = staff.post(reverse("event_edit", args=[event.pk]), data, follow=True)
    assert "A cancelled event cannot be edited." in response.content.decode()
    title = event.title
    event.refresh_from_db()
    assert (event.title, event.status, event.sequence) == (title, EventStatus.CANCELLED, 1)
