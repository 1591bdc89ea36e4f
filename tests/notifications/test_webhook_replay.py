"""A captured, correctly signed reply replayed later changes nothing.

The review's case: START captured, the person later replies STOP, the START is
replayed: the opt-out must stand. Replies are recognised by the provider's id,
and a Notify reply older than the latest STOP/START that counted is ignored.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from notifications.models import InboundReply, PhoneNumberStatus
from notifications.phones import phone_can_text, sms_opt_in, sms_opt_out
from tests.notifications.factories import PHONE
from tests.notifications.helpers import notify_post, twilio_post

pytestmark = pytest.mark.usefixtures("provider_secrets")


def twilio_reply(sid: str, body: str) -> dict:
    return {"MessageSid": sid, "AccountSid": "AC" + "0" * 32, "From": PHONE, "To": "+6435550100", "Body": body}


def test_a_replayed_twilio_start_after_a_later_stop_is_ignored(client, settings, db):
    start = twilio_reply("SM" + "1" * 32, "START")
    twilio_post(client, settings, "webhook_twilio_inbound", twilio_reply("SM" + "0" * 32, "STOP"))
    twilio_post(client, settings, "webhook_twilio_inbound", start)  # captured here
    assert phone_can_text(PHONE)
    twilio_post(client, settings, "webhook_twilio_inbound", twilio_reply("SM" + "2" * 32, "STOP"))
    assert not phone_can_text(PHONE)

    replay = twilio_post(client, settings, "webhook_twilio_inbound", start)
    assert replay.status_code == 200  # answered, so the provider stops retrying
    assert not phone_can_text(PHONE)
    assert InboundReply.objects.filter(provider="twilio").count() == 3


def notify_reply(name: str, text: str, sent: str) -> dict:
    return {
        "id": f"{name}-0000-4000-8000-000000000000",
        "source_number": PHONE.removeprefix("+"),
        "destination_number": "07700900000",
        "message": text,
        "date_received": sent,
    }


def test_a_replayed_notify_start_is_ignored(client, db):
    start = notify_reply("a-2", "START", "2026-12-01T10:05:00.000000Z")
    notify_post(
        client,
        "webhook_notify_inbound",
        notify_reply("a-1", "STOP", "2026-12-01T10:00:00Z"),
    )
    notify_post(client, "webhook_notify_inbound", start)
    notify_post(
        client,
        "webhook_notify_inbound",
        notify_reply("a-3", "STOP", "2026-12-01T10:10:00Z"),
    )
    notify_post(client, "webhook_notify_inbound", start)
    assert not phone_can_text(PHONE)


def test_a_notify_start_sent_before_the_latest_stop_is_ignored_even_with_a_new_id(client, db):
    """Delivered late (or replayed with an altered id): what counts is when it was sent."""
    notify_post(
        client,
        "webhook_notify_inbound",
        notify_reply("b-1", "STOP", "2026-12-01T10:10:00Z"),
    )
    notify_post(
        client,
        "webhook_notify_inbound",
        notify_reply("b-2", "START", "2026-12-01T10:05:00Z"),
    )
    assert not phone_can_text(PHONE)
    notify_post(
        client,
        "webhook_notify_inbound",
        notify_reply("b-3", "START", "2026-12-01T10:15:00Z"),
    )
    assert phone_can_text(PHONE)


def test_opt_out_and_in_record_when_the_reply_was_sent(db):
    stop_at = datetime(2026, 12, 1, 9, tzinfo=UTC)
    assert sms_opt_out(PHONE, at=stop_at)
    row = PhoneNumberStatus.objects.get(phone=PHONE)
    assert row.opt_out_changed_at == stop_at
    assert not sms_opt_in(PHONE, at=datetime(2026, 12, 1, 8, tzinfo=UTC))
    assert sms_opt_in(PHONE, at=datetime(2026, 12, 1, 10, tzinfo=UTC))


def test_a_reply_without_an_id_is_still_acted_on(client, settings, db):
    """Nothing to recognise a repeat by (the signature still proves it came from Twilio)."""
    params = {"AccountSid": "AC" + "0" * 32, "From": PHONE, "To": "+6435550100", "Body": "STOP"}
    twilio_post(client, settings, "webhook_twilio_inbound", params)
    assert not phone_can_text(PHONE)
    assert not InboundReply.objects.exists()
