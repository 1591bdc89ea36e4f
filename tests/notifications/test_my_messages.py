"""What the portal sent me (``my_messages``, caregivers): the signed-in person's own emails
and texts, newest first, 25 a page; never anyone else's, even to the same phone number;
the query budget."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Channel, Message, MessageStatus
from tests.events.factories import EventFactory
from tests.notifications.factories import PHONE, MessageFactory
from tests.querycount import assert_constant_queries

BODY = re.compile(r"Message number \d{2}")


@pytest.fixture
def signed_in(client, caregiver):
    client.force_login(caregiver)
    return client


def message_to(person, number: int, minutes_ago: int, **fields) -> Message:
    return MessageFactory(
        recipient=person,
        body=f"Message number {number:02d}",
        created_at=timezone.now() - timedelta(minutes=minutes_ago),
        **fields,
    )


def bulk_messages(person, numbers: range, start: datetime, **fields) -> None:
    """A text for each number, a minute apart from ``start`` backwards: the first is the newest."""
    Message.objects.bulk_create(
        MessageFactory.build(
            recipient=person, body=f"Message number {n:02d}", created_at=start - timedelta(minutes=i), **fields
        )
        for i, n in enumerate(numbers)
    )


def my_messages(client, **query) -> str:
    response = client.get(reverse("my_messages"), query)
    assert response.status_code == 200
    return response.content.decode()


def shown_before_each_body(page: str) -> dict[str, str]:
    """Each message's text with what the page shows above it (what it was, how, when, its status)."""
    found = list(BODY.finditer(page))
    starts = [0] + [m.end() for m in found[:-1]]
    return {m.group(): page[start : m.end()] for m, start in zip(found, starts, strict=True)}


def test_a_caregiver_sees_their_own_messages_newest_first(signed_in, caregiver):
    message_to(caregiver, 1, 30, channel=Channel.EMAIL, kind="rsvp_confirmed", subject="You're going")
    message_to(caregiver, 2, 10, kind="event_reminder", status=MessageStatus.DELIVERED)
    message_to(
        caregiver,
        3,
        20,
        kind="event_changed",
        status=MessageStatus.FAILED,
        status_reason="The number cannot receive texts",
    )
    page = my_messages(signed_in)
    assert "Messages we sent you" in page
    assert BODY.findall(page) == ["Message number 02", "Message number 03", "Message number 01"]
    shown = shown_before_each_body(page)
    assert "Reminder (text message)" in shown["Message number 02"]
    assert "Delivered" in shown["Message number 02"]
    assert "Event changed (text message)" in shown["Message number 03"]
    assert "Failed (The number cannot receive texts)" in shown["Message number 03"]
    assert "Reply confirmed (email): You&#x27;re going" in shown["Message number 01"]
    assert "Waiting to send" in shown["Message number 01"]


def test_a_caregiver_never_sees_someone_elses_messages(signed_in, caregiver, caregiver_other_region, wellington):
    event = EventFactory(region=wellington)
    message_to(caregiver, 1, 4, event=event)
    # Someone else's text to the same phone number (a shared household phone), and their email about the same event.
    message_to(caregiver_other_region, 2, 3, to=PHONE)
    message_to(caregiver_other_region, 3, 2, channel=Channel.EMAIL, event=event)
    assert BODY.findall(my_messages(signed_in)) == ["Message number 01"]


def test_the_text_of_a_purged_message_is_not_shown(signed_in, caregiver):
    message_to(caregiver, 1, 1, purged_at=timezone.now())
    page = my_messages(signed_in)
    assert "The text of this message has been deleted." in page
    assert "Reminder (text message)" in page


def test_nothing_sent_yet(signed_in):
    assert "We have not sent you anything yet." in my_messages(signed_in)


def test_twenty_five_messages_a_page(signed_in, caregiver):
    bulk_messages(caregiver, range(60), timezone.now())
    first = my_messages(signed_in)
    assert BODY.findall(first) == [f"Message number {n:02d}" for n in range(25)]
    assert "Page 1 of 3" in first
    assert BODY.findall(my_messages(signed_in, page=2)) == [f"Message number {n:02d}" for n in range(25, 50)]
    assert BODY.findall(my_messages(signed_in, page=3)) == [f"Message number {n:02d}" for n in range(50, 60)]
    assert BODY.findall(my_messages(signed_in, page=99)) == [f"Message number {n:02d}" for n in range(50, 60)]


def test_my_messages_query_budget(signed_in, caregiver, caregiver_other_region, wellington):
    event = EventFactory(region=wellington)
    bulk_messages(caregiver, range(3), timezone.now(), event=event)

    def add_rows():
        bulk_messages(caregiver, range(3, 63), timezone.now() - timedelta(hours=1), event=event)
        bulk_messages(caregiver_other_region, range(40), timezone.now())  # not theirs: never loaded

    # 1 session, 2 user, 3 count for the paginator, 4 the page of messages with event joined.
    assert_constant_queries(lambda: signed_in.get(reverse("my_messages")), add_rows, expected=4)
