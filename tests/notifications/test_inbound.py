"""The services behind the webhooks: opt-out, invalid numbers, delivery reports.
Each is idempotent: a repeated callback changes nothing more."""

from __future__ import annotations

import pytest

from notifications import inbound, phones
from notifications.models import Message, MessageStatus, PhoneNumberStatus
from tests.notifications.factories import PHONE, MessageFactory


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("+64215550101", "+64215550101"),
        ("447700900123", "+447700900123"),
        ("00447700900123", "+447700900123"),
        ("021 555 0101", "+64215550101"),
        ("+64 21 555 0101", "+64215550101"),
        ("", None),
        ("not a number", None),
        ("12", None),
    ],
)
def test_normalise_phone(raw, e164):
    assert phones.normalise_phone(raw) == e164


@pytest.mark.parametrize(
    ("text", "keyword"),
    [("STOP", "stop"), (" stopall\n", "stop"), ("Revoke", "stop"), ("unstop", "start"), ("OPTIN", "start")],
)
def test_reply_keywords(text, keyword):
    assert inbound.reply_keyword(text) == keyword


@pytest.mark.parametrize("text", ["stop please", "STOP!", "hello", ""])
def test_anything_else_is_not_a_keyword(text):
    assert inbound.reply_keyword(text) is None


def test_opt_out_is_idempotent(db):
    assert phones.sms_opt_out(PHONE) is True
    first = PhoneNumberStatus.objects.get(phone=PHONE).opted_out_at
    assert phones.sms_opt_out("021 555 0101") is False
    assert PhoneNumberStatus.objects.get(phone=PHONE).opted_out_at == first
    assert PhoneNumberStatus.objects.count() == 1


def test_opt_in_without_an_opt_out_changes_nothing(db):
    assert phones.sms_opt_in(PHONE) is False
    assert not PhoneNumberStatus.objects.exists()


def test_opt_in_does_not_clear_an_invalid_number(db):
    phones.mark_number_invalid(PHONE, "landline")
    phones.sms_opt_out(PHONE)
    assert phones.sms_opt_in(PHONE) is True
    assert not phones.phone_can_text(PHONE)


def test_mark_number_invalid_keeps_the_first_reason(db):
    assert phones.mark_number_invalid(PHONE, "Twilio 21211") is True
    assert phones.mark_number_invalid(PHONE, "Notify permanent-failure") is False
    assert PhoneNumberStatus.objects.get(phone=PHONE).invalid_reason == "Twilio 21211"


def test_phone_can_text(db):
    assert phones.phone_can_text(PHONE) is True
    assert phones.phone_can_text("not a number") is False
    phones.sms_opt_out(PHONE)
    assert phones.phone_can_text(PHONE) is False


@pytest.fixture
def message(caregiver):
    return MessageFactory(recipient=caregiver, to=PHONE, status=MessageStatus.SENT, provider_message_id="SM123")


def test_delivered_is_recorded_once(message):
    assert inbound.message_status_update(provider_message_id="SM123", status="delivered") is True
    message.refresh_from_db()
    delivered_at = message.delivered_at
    assert message.status == MessageStatus.DELIVERED and delivered_at is not None

    assert inbound.message_status_update(provider_message_id="SM123", status="delivered") is False
    message.refresh_from_db()
    assert message.delivered_at == delivered_at


def test_failed_is_final(message):
    inbound.message_status_update(provider_message_id="SM123", status="failed", error="Twilio: undelivered (30003)")
    assert inbound.message_status_update(provider_message_id="SM123", status="delivered") is False
    assert inbound.message_status_update(provider_message_id="SM123", status="sent") is False
    message.refresh_from_db()
    assert (message.status, message.status_reason) == (MessageStatus.FAILED, "Twilio: undelivered (30003)")


def test_sent_never_downgrades_and_only_moves_an_unsent_row(message):
    assert inbound.message_status_update(provider_message_id="SM123", status="sent") is False
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.SENDING)
    assert inbound.message_status_update(idempotency_key=message.idempotency_key, status="sent") is True
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.sent_at is not None


def test_a_suppressed_message_is_left_alone(message):
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.SUPPRESSED)
    assert inbound.message_status_update(provider_message_id="SM123", status="delivered") is False


def test_unknown_messages_are_ignored(message):
    assert inbound.message_status_update(provider_message_id="SM999", status="delivered") is False
    assert inbound.message_status_update(idempotency_key="nope", status="delivered") is False
    assert inbound.message_status_update(status="delivered") is False


def test_an_unknown_status_is_a_programming_error(message):
    with pytest.raises(ValueError, match="bogus"):
        inbound.message_status_update(provider_message_id="SM123", status="bogus")
