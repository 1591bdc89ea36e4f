"""Texts people send back, through GOV.UK Notify (``webhook_notify_inbound``): STOP and START
for the number in E.164; only callbacks with our bearer token count."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from notifications.models import PhoneNumberStatus
from notifications.phones import phone_can_text
from tests.notifications.helpers import notify_post

pytestmark = pytest.mark.usefixtures("provider_secrets")


_sent = itertools.count()


def notify_reply(text, source_number="447700900123"):
    """A reply as Notify posts it: its own id, each sent a minute after the one before."""
    return {
        "id": str(uuid.uuid4()),
        "source_number": source_number,
        "destination_number": "07700900000",
        "message": text,
        "date_received": (datetime(2026, 12, 1, 10, tzinfo=UTC) + timedelta(minutes=next(_sent))).isoformat(),
    }


def test_notify_stop_then_start_toggles_the_number_in_e164(client, db):
    assert notify_post(client, "webhook_notify_inbound", notify_reply("STOP")).status_code == 200
    assert PhoneNumberStatus.objects.get(phone="+447700900123").opted_out_at is not None
    assert not phone_can_text("+447700900123")

    notify_post(client, "webhook_notify_inbound", notify_reply("yes"))
    assert phone_can_text("+447700900123")


def test_notify_inbound_needs_the_bearer_token(client, db):
    response = notify_post(client, "webhook_notify_inbound", notify_reply("STOP"), token="wrong")
    assert response.status_code == 403
    assert not PhoneNumberStatus.objects.exists()
