"""The messages about an event (``event_outbox``, staff who run it): every email and text
about the event, newest first, with what it was, how it went and its status; the status
filter; never a message about another event; 25 a page; the query budget."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from notifications.models import Channel, Message, MessageStatus
from tests.events.factories import EventFactory
from tests.notifications.factories import MessageFactory
from tests.querycount import assert_constant_queries

NAME = re.compile(r"Person \d{2}")


def people(n: int) -> list[User]:
    """``n`` caregivers named Person 00, Person 01…, to find on the page."""
    return User.objects.bulk_create(
        User(email=f"person{i:02d}@example.org", first_name="Person", last_name=f"{i:02d}", role=Role.CAREGIVER)
        for i in range(n)
    )


def message_to(person: User, event, minutes_ago: int, **fields) -> Message:
    return MessageFactory(
        recipient=person, event=event, created_at=timezone.now() - timedelta(minutes=minutes_ago), **fields
    )


def bulk_messages(event, recipients: list[User], start: datetime) -> None:
    """One text to each recipient, a minute apart from ``start`` backwards: the first is the newest."""
    Message.objects.bulk_create(
        MessageFactory.build(recipient=person, event=event, created_at=start - timedelta(minutes=i))
        for i, person in enumerate(recipients)
    )


def outbox(client, event, **query):
    response = client.get(reverse("event_outbox", args=[event.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def rows(page: str) -> dict[str, str]:
    """The page from each person's name to the next one's: what is shown about that message."""
    found = list(NAME.finditer(page))
    ends = [m.start() for m in found[1:]] + [len(page)]
    return {m.group(): page[m.start() : end] for m, end in zip(found, ends, strict=True)}


def test_every_message_about_the_event_is_listed_newest_first_with_kind_channel_and_status(staff, event):
    a, b, c = people(3)
    message_to(a, event, 30, kind="rsvp_confirmed", channel=Channel.EMAIL, status=MessageStatus.DELIVERED)
    message_to(b, event, 10, kind="event_reminder", channel=Channel.SMS, status=MessageStatus.PENDING)
    message_to(
        c,
        event,
        20,
        kind="event_changed",
        channel=Channel.SMS,
        status=MessageStatus.FAILED,
        status_reason="The number cannot receive texts",
    )
    page = outbox(staff, event)
    assert f"Messages about {event.title}" in page
    assert f'href="{reverse("event_detail", args=[event.pk])}"' in page
    assert NAME.findall(page) == ["Person 01", "Person 02", "Person 00"]
    shown = rows(page)
    for name, texts in {
        "Person 01": ["Reminder", "Text message", "Waiting to send"],
        "Person 02": ["Event changed", "Text message", "Failed", "The number cannot receive texts"],
        "Person 00": ["Reply confirmed", "Email", "Delivered"],
    }.items():
        for text in texts:
            assert text in shown[name], f"{text!r} not shown for {name}"


def test_the_time_is_shown_in_new_zealand_time(staff, event):
    (person,) = people(1)
    message = message_to(person, event, 0)
    Message.objects.filter(pk=message.pk).update(created_at=datetime.fromisoformat("2025-03-02T20:05:00+00:00"))
    assert "3 Mar, 9:05 a.m." in rows(outbox(staff, event))["Person 00"]  # NZ daylight time is UTC+13


def test_the_status_filter_shows_only_messages_with_that_status(staff, event):
    sent, failed, also_failed = people(3)
    message_to(sent, event, 3, status=MessageStatus.SENT)
    message_to(failed, event, 2, status=MessageStatus.FAILED)
    message_to(also_failed, event, 1, status=MessageStatus.FAILED)
    assert NAME.findall(outbox(staff, event, status="failed")) == ["Person 02", "Person 01"]
    assert NAME.findall(outbox(staff, event, status="sent")) == ["Person 00"]
    none_suppressed = outbox(staff, event, status="suppressed")
    assert NAME.findall(none_suppressed) == []
    assert "No messages with this status." in none_suppressed
    assert NAME.findall(outbox(staff, event)) == ["Person 02", "Person 01", "Person 00"]


def test_a_message_about_another_event_is_not_shown(staff, event, wellington, social_worker):
    ours, theirs, nobodys = people(3)
    other = EventFactory(region=wellington, created_by=social_worker)
    message_to(ours, event, 3)
    message_to(theirs, other, 2)
    message_to(nobodys, None, 1, kind="invitation", channel=Channel.EMAIL)
    assert NAME.findall(outbox(staff, event)) == ["Person 00"]


def test_no_messages_yet(staff, event):
    assert "No messages." in outbox(staff, event)


def test_twenty_five_messages_a_page_and_the_pages_keep_the_filter(staff, event):
    bulk_messages(event, people(60), timezone.now())
    first = outbox(staff, event)
    assert NAME.findall(first) == [f"Person {i:02d}" for i in range(25)]
    assert "Page 1 of 3" in first
    assert NAME.findall(outbox(staff, event, page=2)) == [f"Person {i:02d}" for i in range(25, 50)]
    assert NAME.findall(outbox(staff, event, page=3)) == [f"Person {i:02d}" for i in range(50, 60)]
    assert NAME.findall(outbox(staff, event, page=99)) == [f"Person {i:02d}" for i in range(50, 60)]
    assert "?status=pending&amp;page=2" in outbox(staff, event, status="pending")


@pytest.mark.parametrize("status", ["", "pending"])
def test_event_outbox_query_budget(staff, event, status):
    recipients = people(63)
    bulk_messages(event, recipients[:3], timezone.now())

    def add_rows():
        bulk_messages(event, recipients[3:], timezone.now() - timedelta(hours=1))

    # 1 session, 2 user, 3 TOTP check (MFA middleware), 4 staff profile, 5 the event (visible to them),
    # 6 may they run it (their regions), 7 count for the paginator, 8 the page of messages with recipient joined.
    assert_constant_queries(
        lambda: staff.get(reverse("event_outbox", args=[event.pk]), {"status": status}), add_rows, expected=8
    )
