"""What we know about phone numbers: E.164 normalisation, STOP opt-outs, numbers
a provider called invalid.

Keyed by number because that is what providers report. Each write is a
conditional update, so a repeated or racing report changes nothing twice.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime

import phonenumbers
from django.db.models import Q
from django.utils import timezone

from .models import E164_REGEX, PhoneNumberStatus

logger = logging.getLogger(__name__)

# Used for national numbers such as 021 123 4567; providers normally send E.164.
DEFAULT_PHONE_REGION = "NZ"


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
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    # "Possible" allows a few lengths outside E.164's 7 to 15 digits (17 in Germany,
    # 6 in Iran), which PhoneNumberStatus's check constraint refuses.
    return e164 if re.fullmatch(E164_REGEX, e164) else None


def _status_row(phone: str) -> PhoneNumberStatus | None:
    e164 = normalise_phone(phone)
    if e164 is None:
        logger.warning("Ignoring a report about an unreadable phone number")
        return None
    row, _ = PhoneNumberStatus.objects.get_or_create(phone=e164)
    return row


def _not_superseded(at: datetime) -> Q:
    """Rows whose last STOP/START was sent before ``at``: a reply older than the latest
    one that counted (a late or replayed webhook) changes nothing."""
    return Q(opt_out_changed_at__isnull=True) | Q(opt_out_changed_at__lt=at)


def sms_opt_out(phone: str, *, at: datetime | None = None) -> bool:
    """The number replied STOP (sent at ``at``, default now): send it no more
    texts. True if this changed anything."""
    row = _status_row(phone)
    if row is None:
        return False
    now = timezone.now()
    at = at or now
    changed = PhoneNumberStatus.objects.filter(_not_superseded(at), pk=row.pk, opted_out_at__isnull=True).update(
        opted_out_at=now, opt_out_changed_at=at, updated_at=now
    )
    return bool(changed)


def sms_opt_in(phone: str, *, at: datetime | None = None) -> bool:
    """The number replied START (sent at ``at``, default now): texts may go to it
    again. A number flagged invalid stays flagged; that is a different fact.
    True if this changed anything."""
    e164 = normalise_phone(phone)
    if e164 is None:
        return False
    now = timezone.now()
    at = at or now
    changed = PhoneNumberStatus.objects.filter(_not_superseded(at), phone=e164, opted_out_at__isnull=False).update(
        opted_out_at=None, opt_out_changed_at=at, updated_at=now
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
