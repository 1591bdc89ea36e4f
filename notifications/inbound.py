"""What providers tell us: replies (STOP/START), bad numbers, delivery reports.

Small services the webhooks call. Each is idempotent: a provider that repeats
a callback (they all retry) changes nothing the second time. Writes are
conditional updates, so two callbacks racing each other cannot undo one
another.
"""

from __future__ import annotations

import logging

import phonenumbers
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Channel, Message, MessageStatus, PhoneNumberStatus

logger = logging.getLogger(__name__)

# The standard keywords carriers and Twilio honour, matched on the whole reply.
STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"})
START_WORDS = frozenset({"START", "YES", "UNSTOP", "OPTIN"})

# Used for national numbers such as 021 123 4567; providers normally send E.164.
DEFAULT_PHONE_REGION = "NZ"

# A delivery report never changes these (a suppressed text was never handed over).
SETTLED_STATUSES = (MessageStatus.DELIVERED, MessageStatus.FAILED, MessageStatus.SUPPRESSED)


def normalise_phone(raw: str) -> str | None:
    """E.164 (+447700900123) from what a provider sends: "+447700900123",
    "447700900123" (Notify), "00447700900123", or a national "021 123 4567".
    None if it cannot be a phone number."""
    raw = (raw or "").strip()
    digits = "".join(ch for ch in raw if ch.isdigit())
    if not digits:
        return None
    if raw.startswith("+"):
        candidate, region = "+" + digits, None
    elif digits.startswith("00"):
        candidate, region = "+" + digits[2:], None
    elif digits.startswith("0"):
        candidate, region = digits, DEFAULT_PHONE_REGION
    else:
        candidate, region = "+" + digits, None
    try:
        number = phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def reply_keyword(text: str) -> str | None:
    """Which keyword a reply is: "stop" (opt out), "start" (opt back in) or None."""
    word = (text or "").strip().upper()
    if word in STOP_WORDS:
        return "stop"
    if word in START_WORDS:
        return "start"
    return None


def _status_row(phone: str) -> PhoneNumberStatus | None:
    e164 = normalise_phone(phone)
    if e164 is None:
        logger.warning("Ignoring a report about an unreadable phone number")
        return None
    row, _ = PhoneNumberStatus.objects.get_or_create(phone=e164)
    return row


def sms_opt_out(phone: str) -> bool:
    """The number replied STOP: send it no more texts. True if this changed anything."""
    row = _status_row(phone)
    if row is None:
        return False
    now = timezone.now()
    changed = PhoneNumberStatus.objects.filter(pk=row.pk, opted_out_at__isnull=True).update(
        opted_out_at=now, updated_at=now
    )
    return bool(changed)


def sms_opt_in(phone: str) -> bool:
    """The number replied START: texts may go to it again. A number flagged
    invalid stays flagged; that is a different fact. True if this changed anything."""
    e164 = normalise_phone(phone)
    if e164 is None:
        return False
    changed = PhoneNumberStatus.objects.filter(phone=e164, opted_out_at__isnull=False).update(
        opted_out_at=None, updated_at=timezone.now()
    )
    return bool(changed)


def mark_number_invalid(phone: str, reason: str) -> bool:
    """A provider says the number cannot receive texts. The first reason is kept."""
    row = _status_row(phone)
    if row is None:
        return False
    now = timezone.now()
    changed = PhoneNumberStatus.objects.filter(pk=row.pk, invalid_at__isnull=True).update(
        invalid_at=now, invalid_reason=reason[:300], updated_at=now
    )
    return bool(changed)


def phone_can_text(phone: str) -> bool:
    """False if the number opted out or a provider called it invalid."""
    e164 = normalise_phone(phone)
    if e164 is None:
        return False
    row = PhoneNumberStatus.objects.filter(phone=e164).first()
    return row is None or row.can_text


def find_message(*, provider_message_id: str | None = None, idempotency_key: str | None = None) -> Message | None:
    """The outbox row a provider report is about: by the provider's id, else by our key."""
    if provider_message_id:
        message = Message.objects.filter(provider_message_id=provider_message_id).first()
        if message is not None:
            return message
    if idempotency_key:
        return Message.objects.filter(idempotency_key=idempotency_key).first()
    return None


def message_status_update(
    *, provider_message_id: str | None = None, idempotency_key: str | None = None, status: str, error: str = ""
) -> bool:
    """Apply a provider's delivery report to the outbox row it is about.

    ``status`` is ours: "delivered", "failed" or "sent". Delivered and failed
    are final and never change again; "sent" only moves a row that has not yet
    been recorded as sent (a late "queued"/"sent" report never downgrades).
    Returns True if the row changed; an unknown message is logged and ignored.
    """
    message = find_message(provider_message_id=provider_message_id, idempotency_key=idempotency_key)
    if message is None:
        logger.info("Delivery report for an unknown message %s / %s", provider_message_id, idempotency_key)
        return False

    now = timezone.now()
    current = Message.objects.filter(pk=message.pk).exclude(status__in=SETTLED_STATUSES)
    if status == MessageStatus.DELIVERED:
        changed = current.update(
            status=MessageStatus.DELIVERED,
            delivered_at=now,
            sent_at=Coalesce("sent_at", Value(now)),
            status_reason="",
            updated_at=now,
        )
    elif status == MessageStatus.FAILED:
        changed = current.update(status=MessageStatus.FAILED, status_reason=error[:300], updated_at=now)
        if changed and message.channel == Channel.SMS:
            # A text that never arrived is sent again by email (once).
            from .sending import email_fallback

            email_fallback(message)
    elif status == MessageStatus.SENT:
        changed = current.filter(status__in=[MessageStatus.PENDING, MessageStatus.SENDING]).update(
            status=MessageStatus.SENT, sent_at=now, updated_at=now
        )
    else:
        raise ValueError(f"Unknown delivery status {status!r}")
    return bool(changed)
