"""What providers tell us: replies (STOP/START) and delivery reports.

Small services the webhooks call. Each is idempotent: a provider that repeats
a callback (they all retry) changes nothing the second time. Writes are
conditional updates, so two callbacks racing each other cannot undo one
another.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import phones
from .models import Channel, InboundReply, Message, MessageStatus
from .sending import email_fallback

logger = logging.getLogger(__name__)

# The standard keywords carriers and Twilio honour, matched on the whole reply.
STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"})
START_WORDS = frozenset({"START", "YES", "UNSTOP", "OPTIN"})

# A delivery report never changes these (a suppressed text was never handed over).
SETTLED_STATUSES = (MessageStatus.DELIVERED, MessageStatus.FAILED, MessageStatus.SUPPRESSED)


def reply_keyword(text: str) -> str | None:
    """Which keyword a reply is: "stop" (opt out), "start" (opt back in) or None."""
    word = (text or "").strip().upper()
    if word in STOP_WORDS:
        return "stop"
    if word in START_WORDS:
        return "start"
    return None


def reply_received(*, provider: str, provider_id: str, phone: str, text: str, sent_at: datetime | None = None) -> str:
    """A text someone sent us: act on STOP or START, once.

    1. Record the provider's id for the reply; one seen before (a retry, or a
       captured webhook replayed later) is ignored: "duplicate".
    2. STOP opts the number out, START back in, unless a later STOP/START has
       already counted (``sent_at``, when the provider says when it was sent).
    Returns what happened: "stop", "start", "ignored" or "duplicate".
    """
    if provider_id:
        try:
            with transaction.atomic():
                InboundReply.objects.create(provider=provider, provider_id=provider_id[:100])
        except IntegrityError:
            logger.info("Ignoring a repeated %s reply %s", provider, provider_id)
            return "duplicate"
    keyword = reply_keyword(text)
    if keyword == "stop":
        phones.sms_opt_out(phone, at=sent_at)
    elif keyword == "start":
        phones.sms_opt_in(phone, at=sent_at)
    return keyword or "ignored"


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
            email_fallback(message)
    elif status == MessageStatus.SENT:
        changed = current.filter(status__in=[MessageStatus.PENDING, MessageStatus.SENDING]).update(
            status=MessageStatus.SENT, sent_at=now, updated_at=now
        )
    else:
        raise ValueError(f"Unknown delivery status {status!r}")
    return bool(changed)
