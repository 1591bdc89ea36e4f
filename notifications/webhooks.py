"""Webhooks the SMS providers call: replies (STOP/START) and delivery reports.

They are public URLs with no session: each request proves where it came from
instead (Twilio signs with the account's auth token; Notify sends the bearer
token we gave it). Anything unproven is 403 and changes nothing. CSRF does not
apply (no cookies are involved), and the work itself is in ``inbound``.

Providers retry until they get a 2xx, so a report about a message we do not
know is answered 200 and ignored rather than refused.
"""

from __future__ import annotations

import hmac
import json
import logging
from datetime import UTC, datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.request_validator import RequestValidator

from . import inbound, phones
from .models import MessageStatus

logger = logging.getLogger(__name__)

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'

# Twilio's MessageStatus → ours. Others (accepted, queued, sending, scheduled…) change nothing.
TWILIO_STATUSES = {
    "sent": MessageStatus.SENT,
    "delivered": MessageStatus.DELIVERED,
    "undelivered": MessageStatus.FAILED,
    "failed": MessageStatus.FAILED,
    "canceled": MessageStatus.FAILED,
}
# Delivery error codes that mean the number itself cannot take texts
# (unknown handset, landline, invalid or non-mobile number), or it opted out.
TWILIO_INVALID_NUMBER_ERRORS = {"30005", "30006", "21211", "21614"}
TWILIO_OPTED_OUT_ERRORS = {"21610"}

NOTIFY_STATUSES = {
    "delivered": MessageStatus.DELIVERED,
    "permanent-failure": MessageStatus.FAILED,
    "temporary-failure": MessageStatus.FAILED,
    "technical-failure": MessageStatus.FAILED,
}


def _twilio_signed(request: HttpRequest) -> bool:
    """Check X-Twilio-Signature against the URL Twilio was given.

    Twilio signs the public URL it called, which we built from SITE_URL.
    Behind a proxy or load balancer ``request.build_absolute_uri()`` sees the
    inside of the connection (http://, an internal host or port) unless every
    forwarded header is trusted, and the signature would never match; SITE_URL
    is the address Twilio actually used.
    """
    token = settings.TWILIO_AUTH_TOKEN
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False
    url = settings.SITE_URL + request.get_full_path()
    return RequestValidator(token).validate(url, request.POST, signature)


def _notify_authorised(request: HttpRequest) -> bool:
    expected = settings.NOTIFY_CALLBACK_TOKEN
    given = request.headers.get("Authorization", "")
    if not expected or not given.startswith("Bearer "):
        return False
    return hmac.compare_digest(given.removeprefix("Bearer ").encode(), expected.encode())


@csrf_exempt
@require_POST
def twilio_inbound(request: HttpRequest) -> HttpResponse:
    """A text sent to our number. STOP and START words change whether we text them."""
    if not _twilio_signed(request):
        logger.warning("Refused an unsigned Twilio inbound webhook")
        return HttpResponseForbidden()
    # With Advanced Opt-Out Twilio has already recognised the keyword for us.
    opt_out_type = request.POST.get("OptOutType", "").upper()
    inbound.reply_received(
        provider="twilio",
        provider_id=request.POST.get("MessageSid", ""),
        phone=request.POST.get("From", ""),
        text=opt_out_type or request.POST.get("Body", ""),
    )
    return HttpResponse(EMPTY_TWIML, content_type="text/xml")


@csrf_exempt
@require_POST
def twilio_status(request: HttpRequest) -> HttpResponse:
    """A delivery report for a text we sent (the StatusCallback of each message)."""
    if not _twilio_signed(request):
        logger.warning("Refused an unsigned Twilio status webhook")
        return HttpResponseForbidden()
    message = inbound.find_message(provider_message_id=request.POST.get("MessageSid", ""))
    status = TWILIO_STATUSES.get(request.POST.get("MessageStatus", "").lower())
    if message is None or status is None:
        return HttpResponse()
    error_code = request.POST.get("ErrorCode", "")
    reason = f"Twilio: {request.POST['MessageStatus']}" + (f" (error {error_code})" if error_code else "")
    inbound.message_status_update(
        provider_message_id=message.provider_message_id,
        status=status,
        error=reason if status == MessageStatus.FAILED else "",
    )
    if error_code in TWILIO_INVALID_NUMBER_ERRORS:
        phones.mark_number_invalid(message.to, reason)
    elif error_code in TWILIO_OPTED_OUT_ERRORS:
        phones.sms_opt_out(message.to)
    return HttpResponse()


def _notify_json(request: HttpRequest) -> dict | None:
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None
    return payload if isinstance(payload, dict) else None


def _notify_time(value) -> datetime | None:
    """Notify's timestamps ("2026-12-02T09:00:00.000000Z"), or None when absent or unreadable."""
    parsed = parse_datetime(str(value)) if value else None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, UTC)
    return parsed


@csrf_exempt
@require_POST
def notify_status(request: HttpRequest) -> HttpResponse:
    """GOV.UK Notify's delivery receipt: {id, reference, status, to, …}."""
    if not _notify_authorised(request):
        logger.warning("Refused a Notify status callback without the right bearer token")
        return HttpResponseForbidden()
    payload = _notify_json(request)
    if payload is None or not (payload.get("id") or payload.get("reference")):
        return HttpResponseBadRequest("Expected JSON with id or reference.")
    notify_status_name = str(payload.get("status", ""))
    status = NOTIFY_STATUSES.get(notify_status_name)
    if status is None:
        return HttpResponse()
    message = inbound.find_message(provider_message_id=payload.get("id"), idempotency_key=payload.get("reference"))
    if message is None:
        return HttpResponse()
    inbound.message_status_update(
        idempotency_key=message.idempotency_key,
        status=status,
        error=f"Notify: {notify_status_name}" if status == MessageStatus.FAILED else "",
    )
    if notify_status_name == "permanent-failure":
        phones.mark_number_invalid(message.to, "Notify: permanent-failure")
    return HttpResponse()


@csrf_exempt
@require_POST
def notify_inbound(request: HttpRequest) -> HttpResponse:
    """GOV.UK Notify's received-text callback: {source_number, message, …}."""
    if not _notify_authorised(request):
        logger.warning("Refused a Notify inbound callback without the right bearer token")
        return HttpResponseForbidden()
    payload = _notify_json(request)
    if payload is None or not payload.get("source_number"):
        return HttpResponseBadRequest("Expected JSON with source_number.")
    # Notify's callback calls the text "message"; its received-texts API calls it "content".
    text = payload.get("message", payload.get("content", ""))
    inbound.reply_received(
        provider="notify",
        provider_id=str(payload.get("id", "")),
        phone=str(payload["source_number"]),
        text=str(text),
        sent_at=_notify_time(payload.get("date_received")),
    )
    return HttpResponse()
