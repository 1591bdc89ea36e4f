"""GOV.UK Notify's delivery receipts (``webhook_notify_status``): found by id or reference,
a permanent failure flags the number; only callbacks with our bearer token count."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notifications.models import MessageStatus, PhoneNumberStatus
from notifications.phones import phone_can_text
from tests.notifications.factories import PHONE
from tests.notifications.helpers import NOTIFY_TOKEN, notify_post, sms_message

pytestmark = pytest.mark.usefixtures("provider_secrets")


def notify_receipt(message, status):
    return {
        "id": message.provider_message_id,
        "reference": message.idempotency_key,
        "to": message.to,
        "status": status,
        "notification_type": "sms",
    }


def test_notify_delivered_marks_the_message_delivered(client, caregiver):
    message = sms_message(caregiver, provider_message_id="1d5a2f0c-6a8e-4c43-9e2b-7f2f64f2a111")
    response = notify_post(client, "webhook_notify_status", notify_receipt(message, "delivered"))
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED


def test_notify_receipt_finds_the_message_by_reference(client, caregiver):
    # The worker may not have recorded Notify's id yet when the receipt arrives.
    message = sms_message(caregiver, provider_message_id="", status=MessageStatus.SENDING)
    payload = notify_receipt(message, "delivered") | {"id": "9b1d0c3e-0000-4000-8000-000000000000"}
    notify_post(client, "webhook_notify_status", payload)
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED


def test_notify_permanent_failure_fails_the_message_and_flags_the_number(client, caregiver):
    message = sms_message(caregiver, provider_message_id="1d5a2f0c-6a8e-4c43-9e2b-7f2f64f2a111")
    notify_post(client, "webhook_notify_status", notify_receipt(message, "permanent-failure"))

    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert "permanent-failure" in message.status_reason
    assert not phone_can_text(PHONE)
    assert PhoneNumberStatus.objects.get(phone=PHONE).invalid_at is not None


@pytest.mark.parametrize("status", ["temporary-failure", "technical-failure"])
def test_notify_other_failures_fail_the_message_but_not_the_number(client, caregiver, status):
    message = sms_message(caregiver, provider_message_id="1d5a2f0c-6a8e-4c43-9e2b-7f2f64f2a111")
    notify_post(client, "webhook_notify_status", notify_receipt(message, status))
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert phone_can_text(PHONE)


@pytest.mark.parametrize("token", [None, "wrong-token", NOTIFY_TOKEN + "x", ""])
def test_notify_callbacks_need_the_bearer_token(client, caregiver, token):
    message = sms_message(caregiver)
    response = notify_post(client, "webhook_notify_status", notify_receipt(message, "delivered"), token=token)
    assert response.status_code == 403
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_notify_callbacks_are_refused_when_no_token_is_configured(client, settings, caregiver):
    settings.NOTIFY_CALLBACK_TOKEN = ""
    message = sms_message(caregiver)
    response = notify_post(client, "webhook_notify_status", notify_receipt(message, "delivered"), token="")
    assert response.status_code == 403


def test_notify_status_rejects_a_body_that_is_not_json(client, db):
    response = client.post(
        reverse("webhook_notify_status"),
        data="not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {NOTIFY_TOKEN}"},
    )
    assert response.status_code == 400
