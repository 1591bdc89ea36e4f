"""Provider webhooks: signed Twilio requests and Notify callbacks with the bearer
token change opt-outs and outbox rows; anything unproven is 403."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from twilio.request_validator import RequestValidator

from notifications.models import Channel, Message, MessageStatus, PhoneNumberStatus
from notifications.phones import phone_can_text

TWILIO_TOKEN = "twilio-test-auth-token"
NOTIFY_TOKEN = "notify-callback-bearer-token"
PHONE = "+64215550101"


@pytest.fixture(autouse=True)
def _provider_secrets(settings):
    settings.TWILIO_AUTH_TOKEN = TWILIO_TOKEN
    settings.NOTIFY_CALLBACK_TOKEN = NOTIFY_TOKEN


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
    defaults = {
        "recipient": person,
        "channel": Channel.SMS,
        "kind": "event_reminder",
        "to": PHONE,
        "body": "Reminder: Coffee morning Wed 10am",
        "idempotency_key": f"test:{Message.objects.count()}:sms",
        "status": MessageStatus.SENT,
        "provider_message_id": "SM" + "a" * 32,
    }
    defaults.update(fields)
    return Message.objects.create(**defaults)


def inbound(body, phone=PHONE, **extra):
    return {"MessageSid": "SM" + "b" * 32, "AccountSid": "AC" + "0" * 32, "From": phone, "To": "+6435550100"} | {
        "Body": body,
        **extra,
    }


# --- Twilio inbound ------------------------------------------------------------


def test_stop_opts_the_number_out_and_answers_with_empty_twiml(client, settings, db):
    response = twilio_post(client, settings, "webhook_twilio_inbound", inbound("STOP"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    assert b"<Response/>" in response.content
    assert PhoneNumberStatus.objects.get(phone=PHONE).opted_out_at is not None
    assert not phone_can_text(PHONE)


def test_stop_then_start_toggles_the_number(client, settings, db):
    twilio_post(client, settings, "webhook_twilio_inbound", inbound("  unsubscribe "))
    assert not phone_can_text(PHONE)

    twilio_post(client, settings, "webhook_twilio_inbound", inbound("Start"))
    assert PhoneNumberStatus.objects.get(phone=PHONE).opted_out_at is None
    assert phone_can_text(PHONE)


def test_repeated_stop_keeps_the_first_time(client, settings, db):
    twilio_post(client, settings, "webhook_twilio_inbound", inbound("stop"))
    first = PhoneNumberStatus.objects.get(phone=PHONE).opted_out_at
    twilio_post(client, settings, "webhook_twilio_inbound", inbound("QUIT"))
    assert PhoneNumberStatus.objects.get(phone=PHONE).opted_out_at == first


@pytest.mark.parametrize("body", ["Stop it please", "See you there", "", "HELP"])
def test_other_replies_change_nothing(client, settings, db, body):
    response = twilio_post(client, settings, "webhook_twilio_inbound", inbound(body))
    assert response.status_code == 200
    assert not PhoneNumberStatus.objects.exists()


def test_twilio_advanced_opt_out_type_is_honoured(client, settings, db):
    twilio_post(client, settings, "webhook_twilio_inbound", inbound("Arrêt", OptOutType="STOP"))
    assert not phone_can_text(PHONE)


def test_signature_with_another_token_is_refused(client, settings, db):
    response = twilio_post(client, settings, "webhook_twilio_inbound", inbound("STOP"), token="someone-elses-token")
    assert response.status_code == 403
    assert not PhoneNumberStatus.objects.exists()


def test_tampered_body_is_refused(client, settings, db):
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(
        settings.SITE_URL + reverse("webhook_twilio_inbound"), inbound("Hello")
    )
    response = twilio_post(client, settings, "webhook_twilio_inbound", inbound("STOP"), signature=signature)
    assert response.status_code == 403
    assert not PhoneNumberStatus.objects.exists()


def test_signature_is_checked_against_site_url_not_the_request_host(client, settings, db):
    # The test client's host is "testserver"; Twilio signs the public address.
    wrong_url = "http://testserver" + reverse("webhook_twilio_inbound")
    response = twilio_post(client, settings, "webhook_twilio_inbound", inbound("STOP"), signed_url=wrong_url)
    assert response.status_code == 403


def test_missing_signature_is_refused(client, db):
    response = client.post(
        reverse("webhook_twilio_inbound"),
        data=urlencode(inbound("STOP")),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 403


def test_twilio_webhooks_refuse_everything_without_an_auth_token(client, settings, db):
    settings.TWILIO_AUTH_TOKEN = ""
    response = twilio_post(client, settings, "webhook_twilio_inbound", inbound("STOP"), token="")
    assert response.status_code == 403


# --- Twilio status ---------------------------------------------------------------


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


# --- GOV.UK Notify status --------------------------------------------------------


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


# --- GOV.UK Notify inbound --------------------------------------------------------


def notify_reply(text, source_number="447700900123"):
    return {
        "id": "3c3c7d68-0000-4000-8000-000000000001",
        "source_number": source_number,
        "destination_number": "07700900000",
        "message": text,
        "date_received": "2026-12-01T10:00:00.000000Z",
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
