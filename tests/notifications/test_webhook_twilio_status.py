"""Twilio's delivery reports (``webhook_twilio_status``): delivered, failed with the error code,
a landline flags the number; a late report never downgrades; unsigned reports are refused."""

from __future__ import annotations

import pytest

from notifications.models import MessageStatus, PhoneNumberStatus
from notifications.phones import phone_can_text
from tests.notifications.factories import PHONE
from tests.notifications.helpers import sms_message, twilio_post

pytestmark = pytest.mark.usefixtures("provider_secrets")


def status_params(message, status, error_code=None):
    params = {"MessageSid": message.provider_message_id, "MessageStatus": status, "To": message.to}
    if error_code:
        params["ErrorCode"] = error_code
    return params


def test_delivered_report_marks_the_message_delivered(client, settings, caregiver):
    message = sms_message(caregiver)
    response = twilio_post(client, settings, "webhook_twilio_status", status_params(message, "delivered"))

    assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    assert message.delivered_at is not None


def test_a_late_sent_report_does_not_downgrade_a_delivered_message(client, settings, caregiver):
    message = sms_message(caregiver)
    twilio_post(client, settings, "webhook_twilio_status", status_params(message, "delivered"))
    message.refresh_from_db()
    delivered = (message.status, message.delivered_at, message.updated_at)

    for late in ["sent", "queued", "delivered"]:
        twilio_post(client, settings, "webhook_twilio_status", status_params(message, late))
    message.refresh_from_db()
    assert (message.status, message.delivered_at, message.updated_at) == delivered


@pytest.mark.parametrize("status", ["undelivered", "failed"])
def test_undelivered_marks_the_message_failed_with_the_error_code(client, settings, caregiver, status):
    message = sms_message(caregiver)
    twilio_post(client, settings, "webhook_twilio_status", status_params(message, status, "30003"))

    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert "30003" in message.status_reason
    # Unreachable (phone off) says nothing about the number itself.
    assert phone_can_text(PHONE)


def test_landline_error_flags_the_number(client, settings, caregiver):
    message = sms_message(caregiver)
    twilio_post(client, settings, "webhook_twilio_status", status_params(message, "undelivered", "30006"))
    number = PhoneNumberStatus.objects.get(phone=PHONE)
    assert number.invalid_at is not None
    assert "30006" in number.invalid_reason


def test_status_for_an_unknown_message_is_ignored(client, settings, caregiver):
    message = sms_message(caregiver)
    params = status_params(message, "delivered") | {"MessageSid": "SM" + "f" * 32}
    response = twilio_post(client, settings, "webhook_twilio_status", params)
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_unsigned_status_report_is_refused(client, settings, caregiver):
    message = sms_message(caregiver)
    response = twilio_post(
        client, settings, "webhook_twilio_status", status_params(message, "delivered"), token="wrong-token"
    )
    assert response.status_code == 403
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
