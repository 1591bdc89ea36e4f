"""Helpers for the webhook tests: requests signed as Twilio signs them, Notify
callbacks with the bearer token, and texts already sent for them to report on."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.urls import reverse
from twilio.request_validator import RequestValidator

from notifications.models import Message, MessageStatus
from tests.notifications.factories import MessageFactory

TWILIO_TOKEN = "twilio-test-auth-token"
NOTIFY_TOKEN = "notify-callback-bearer-token"


def twilio_post(client, settings, name, params, *, token=TWILIO_TOKEN, signed_url=None, signature=None):
    """POST ``params`` as Twilio does: form-encoded, signed over SITE_URL + path."""
    path = reverse(name)
    if signature is None:
        signature = RequestValidator(token).compute_signature(signed_url or settings.SITE_URL + path, params)
    return client.post(
        path,
        data=urlencode(params),
        content_type="application/x-www-form-urlencoded",
        headers={"X-Twilio-Signature": signature},
    )


def notify_post(client, name, payload, *, token=NOTIFY_TOKEN):
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return client.post(reverse(name), data=json.dumps(payload), content_type="application/json", headers=headers)


def sms_message(person, **fields) -> Message:
    """A reminder text to ``PHONE`` that the provider has accepted (sent, with its id)."""
    defaults = {"status": MessageStatus.SENT, "provider_message_id": "SM" + "a" * 32}
    return MessageFactory(recipient=person, **(defaults | fields))
