"""Staff cancel events (``event_cancel``): a reason is needed, everyone going or
waitlisted is told once, and a cancelled event takes no more replies."""

from __future__ import annotations

import pytest
from django.urls import reverse

from events.models import RSVP, EventStatus
from notifications.models import Channel, Message
from tests.accounts.factories import CaregiverFactory
from tests.events.helpers import messages_of


@pytest.fixture
def event(fun_day):
    """The published family fun day of tests/events/conftest.py."""
    return fun_day


@pytest.fixture
def replies(fun_day_replies):
    """Going (email), going (email + text), waitlisted (email), not going (email)."""
    return fun_day_replies


def test_cancelling_needs_a_reason(staff, event, replies):
    page = staff.get(reverse("event_cancel", args=[event.pk]))
    assert "3 households going or on the waitlist will be told" in page.content.decode()
    response = staff.post(reverse("event_cancel", args=[event.pk]), {"reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["This field is required."]
    assert 'id="error_1_id_reason"' in response.content.decode()
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert Message.objects.count() == 0


def test_cancelling_tells_everyone_going_or_waitlisted(staff, event, replies, caregiver, sms_caregiver):
    response = staff.post(reverse("event_cancel", args=[event.pk]), {"reason": "The field is flooded."})
    assert response["Location"] == reverse("event_detail", args=[event.pk])
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert event.cancelled_reason == "The field is flooded."
    assert event.cancelled_at is not None
    assert event.sequence == 1
    assert messages_of("event_cancelled") == sorted(
        [
            (caregiver.email, Channel.EMAIL),
            (sms_caregiver.email, Channel.EMAIL),
            (sms_caregiver.email, Channel.SMS),
            (replies["waiting"].email, Channel.EMAIL),
        ]
    )
    assert "The field is flooded." in Message.objects.filter(kind="event_cancelled", channel=Channel.EMAIL).first().body
    # Cancelling twice tells no one twice.
    staff.post(reverse("event_cancel", args=[event.pk]), {"reason": "Again"})
    assert Message.objects.filter(kind="event_cancelled").count() == 4


def test_a_cancelled_event_cannot_be_replied_to(client, staff, event, replies, caregiver_other_region, wellington):
    staff.post(reverse("event_cancel", args=[event.pk]), {"reason": "The field is flooded."})
    newcomer = CaregiverFactory(region=wellington).user
    client.force_login(newcomer)
    assert client.get(reverse("rsvp_edit", args=[event.pk])).status_code == 409
    reply = {"going": "yes", "adults": "1", "children_0_4": "0", "children_5_11": "0", "children_12_17": "0"}
    assert client.post(reverse("rsvp_edit", args=[event.pk]), reply).status_code == 409
    assert not RSVP.objects.filter(user=newcomer).exists()
    detail = client.get(reverse("event_detail", args=[event.pk])).content.decode()
    assert "This event is cancelled." in detail
    assert reverse("rsvp_edit", args=[event.pk]) not in detail
