"""Texts people send back, through Twilio (``webhook_twilio_inbound``): STOP opts the number
out and START back in; only requests signed with our auth token over SITE_URL count."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from twilio.request_validator import RequestValidator

from notifications.models import PhoneNumberStatus
from notifications.phones import phone_can_text
from tests.notifications.factories import PHONE
from tests.notifications.helpers import TWILIO_TOKEN, twilio_post

pytestmark = pytest.mark.usefixtures("provider_secrets")


def inbound(body, phone=PHONE, **extra):
    """A reply as Twilio posts it; each has its own MessageSid, as real replies do."""
    return {
        "MessageSid": f"SM{uuid.uuid4().hex}",
        "AccountSid": "AC" + "0" * 32,
        "From": phone,
        "To": "+6435550100",
    } | {
        "Body": body,
        **extra,
    }


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
