"""SMS backends, configured like Django's EMAIL_BACKEND (settings.SMS_BACKEND).

Every backend has one method, ``send(to=, body=, reference=)``. ``reference``
is the outbox row's idempotency key: it is handed to the provider where its
API has a field for it (GOV.UK Notify echoes it back in delivery callbacks),
and is only logged where it has none (Twilio).

A backend either returns an ``SmsResult`` with the provider's message id or
raises one of:

- ``SmsTransientError``: try again later (5xx, timeouts, connection
  errors). ``maybe_sent`` is true when the request may have reached the
  provider before it failed (a read timeout): neither provider de-duplicates,
  so a retry may send a second copy. Its subclass ``SmsRateLimited`` is a 429:
  we are sending faster than the account allows (the sender slows the shared
  rate limiter down, notifications/ratelimit.py).
- ``SmsPermanentError``: do not retry. ``invalid_number`` says the number
  cannot receive texts; ``opted_out`` says the recipient has unsubscribed at
  the provider.

A backend that can ask its provider whether a text was already sent also has
``lookup(reference=, to=, body=, since=) -> provider id | None``, used to
settle a send interrupted before its outcome was recorded (a killed worker)
without sending the text twice.

``rate_limit_account()`` names the provider account whose rate limit a send
counts against (an account or key *id*, never a secret): every worker sending
through the same account shares one token bucket.

The console, file and in-memory backends cover development and tests;
``TwilioSmsBackend`` and ``NotifySmsBackend`` are the real providers. Each
reads its settings when it is created, so a misconfigured provider fails
loudly the first time it is used rather than at import.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from notifications_python_client.errors import HTTPError as NotifyHTTPError
from notifications_python_client.errors import InvalidResponse as NotifyInvalidResponse
from notifications_python_client.notifications import NotificationsAPIClient
from twilio.base.exceptions import TwilioRestException, TwilioServiceException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client as TwilioClient

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmsResult:
    provider_id: str


class SmsError(Exception):
    """The provider did not take the text."""

    def __init__(self, message: str, *, code: str = "") -> None:
        super().__init__(message)
        self.code = code


class SmsTransientError(SmsError):
    """Try again later."""

    def __init__(self, message: str, *, code: str = "", maybe_sent: bool = False) -> None:
        super().__init__(message, code=code)
        self.maybe_sent = maybe_sent


class SmsRateLimited(SmsTransientError):
    """The provider answered 429: too many requests for this account (or sender)."""


class SmsPermanentError(SmsError):
    """Trying again will not help."""

    def __init__(self, message: str, *, code: str = "", invalid_number: bool = False, opted_out: bool = False) -> None:
        super().__init__(message, code=code)
        self.invalid_number = invalid_number
        self.opted_out = opted_out


# --- Segments -------------------------------------------------------------------

# GSM 03.38 basic character set (one septet each) and its extension table
# (an escape plus one septet: two each).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")


def is_gsm7(text: str) -> bool:
    """True if every character fits the GSM-7 alphabet (basic or extension)."""
    return all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text)


def sms_segments(text: str) -> int:
    """How many SMS parts ``text`` is sent as (0 for an empty text).

    GSM-7: 160 septets in one part, 153 per part when split; extension
    characters (€ [ ] { } ^ ~ | \\) take two. Any other character switches the
    whole text to UCS-2: 70 UTF-16 units in one part, 67 when split; a
    character outside the Basic Multilingual Plane (most emoji) takes two.
    A two-unit character is never split across parts, so parts are filled
    greedily rather than by dividing the total.
    """
    if is_gsm7(text):
        sizes = [2 if char in GSM7_EXTENSION else 1 for char in text]
        single, multi = 160, 153
    else:
        sizes = [2 if ord(char) > 0xFFFF else 1 for char in text]
        single, multi = 70, 67
    total = sum(sizes)
    if total == 0:
        return 0
    if total <= single:
        return 1
    parts, used = 1, 0
    for size in sizes:
        if used + size > multi:
            parts, used = parts + 1, 0
        used += size
    return parts


# --- Backends -------------------------------------------------------------------


class BaseSmsBackend:
    def send(self, *, to: str, body: str, reference: str) -> SmsResult:
        raise NotImplementedError

    def rate_limit_account(self) -> str:
        """Which of the provider's accounts a send counts against ("": one per backend class)."""
        return ""


class ConsoleSmsBackend(BaseSmsBackend):
    def send(self, *, to: str, body: str, reference: str = "") -> SmsResult:
        sys.stdout.write(f"SMS to {to} ({reference}):\n{body}\n{'-' * 40}\n")
        sys.stdout.flush()
        return SmsResult(provider_id=f"console-{timezone.now().timestamp()}")


class FileSmsBackend(BaseSmsBackend):
    def send(self, *, to: str, body: str, reference: str = "") -> SmsResult:
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
        name = f"{stamp}-{uuid.uuid4().hex[:8]}"
        (folder / f"{name}.json").write_text(json.dumps({"to": to, "body": body, "reference": reference}))
        return SmsResult(provider_id=f"file-{name}")


class LocmemSmsBackend(BaseSmsBackend):
    """Keeps sent texts in ``LocmemSmsBackend.outbox`` for tests."""

    outbox: list[dict] = []

    def send(self, *, to: str, body: str, reference: str = "") -> SmsResult:
        LocmemSmsBackend.outbox.append({"to": to, "body": body, "reference": reference})
        return SmsResult(provider_id=f"locmem-{len(LocmemSmsBackend.outbox)}")


def _require(*names: str) -> dict[str, str]:
    values = {name: getattr(settings, name, "") for name in names}
    missing = [name for name, value in values.items() if not value]
    if missing:
        raise ImproperlyConfigured(f"SMS_BACKEND={settings.SMS_BACKEND} needs these settings: {', '.join(missing)}.")
    return values


# Twilio error codes: https://www.twilio.com/docs/api/errors
TWILIO_INVALID_NUMBER_CODES = {21211, 21614}  # not a valid phone number / not a mobile number
TWILIO_OPTED_OUT_CODES = {21610}  # the recipient replied STOP


class TwilioSmsBackend(BaseSmsBackend):
    """Twilio's Messages API through the official ``twilio`` package.

    Settings: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM (an E.164
    number, or a Messaging Service SID starting "MG"), TWILIO_API_BASE (empty
    for the real API; tests point it at a local fake), SMS_TIMEOUT.
    Delivery reports come back to the ``webhook_twilio_status`` URL.
    """

    def __init__(self) -> None:
        config = _require("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM")
        self.sender = config["TWILIO_FROM"]
        if not (self.sender.startswith("MG") or re.fullmatch(r"\+[1-9]\d{6,14}", self.sender)):
            raise ImproperlyConfigured(
                f"TWILIO_FROM={self.sender!r} must be an E.164 number (+6421…) or a Messaging Service SID (MG…)."
            )
        self.status_callback = settings.SITE_URL + reverse("webhook_twilio_status")
        self.client = TwilioClient(
            config["TWILIO_ACCOUNT_SID"],
            config["TWILIO_AUTH_TOKEN"],
            http_client=RedirectingTwilioHttpClient(api_base=settings.TWILIO_API_BASE, timeout=settings.SMS_TIMEOUT),
        )

    def send(self, *, to: str, body: str, reference: str) -> SmsResult:
        sender = {"messaging_service_sid": self.sender} if self.sender.startswith("MG") else {"from_": self.sender}
        try:
            message = self.client.messages.create(to=to, body=body, status_callback=self.status_callback, **sender)
        except (TwilioRestException, TwilioServiceException) as exc:
            # Not str(exc): it adds terminal colours when stderr is a TTY.
            detail = getattr(exc, "msg", None) or getattr(exc, "detail", None) or getattr(exc, "title", "")
            raise _classify_twilio(exc.status, exc.code, detail, reference) from exc
        except requests.RequestException as exc:
            raise _transient_from_requests(exc, "Twilio", reference) from exc
        logger.info("Twilio accepted %s as %s", reference, message.sid)
        return SmsResult(provider_id=message.sid)

    def rate_limit_account(self) -> str:
        # Twilio limits each sender (a number's or a Messaging Service's throughput) within an account.
        return f"{self.client.account_sid}:{self.sender}"

    def lookup(self, *, reference: str, to: str, body: str, since: datetime | None = None) -> str | None:
        """The sid of a text already sent to ``to`` with this ``body`` (since
        ``since``, e.g. the outbox row's creation), or None. Twilio keeps no
        reference of ours, so this is how a send interrupted before its outcome
        was recorded is told apart from one that never left."""
        try:
            recent = self.client.messages.list(to=to, limit=50, page_size=50)
        except (TwilioRestException, TwilioServiceException, requests.RequestException) as exc:
            raise SmsTransientError(f"Could not ask Twilio about {reference}: {type(exc).__name__}") from exc
        # Twilio's timestamps have whole seconds; allow for that and a little clock skew.
        earliest = since - timedelta(seconds=5) if since else None
        for message in recent:
            if message.body == body and (
                earliest is None or message.date_created is None or message.date_created >= earliest
            ):
                return message.sid
        return None


class RedirectingTwilioHttpClient(TwilioHttpClient):
    """Twilio's own HTTP client, sending to ``api_base`` (when set) instead of
    https://api.twilio.com. The twilio package builds absolute URLs from a
    hard-coded domain (api.twilio.com, or an edge/region variant), so swapping
    the scheme and host at the HTTP client, a documented argument of
    ``Client``, is the one small seam that works for every resource."""

    def __init__(self, *, api_base: str = "", timeout: float | None = None) -> None:
        super().__init__(timeout=timeout)
        self.api_base = api_base.rstrip("/")

    def request(self, method, url, *args, **kwargs):
        if self.api_base:
            parts = urlsplit(url)
            url = self.api_base + url.removeprefix(f"{parts.scheme}://{parts.netloc}")
        return super().request(method, url, *args, **kwargs)

    # The library logs every request and response at INFO, query strings (phone
    # numbers) included: keep that for when its logger is turned up to DEBUG.
    def log_request(self, kwargs) -> None:
        if self.logger.isEnabledFor(logging.DEBUG):
            super().log_request(kwargs)

    def log_response(self, status_code, response) -> None:
        if self.logger.isEnabledFor(logging.DEBUG):
            super().log_response(status_code, response)


def _classify_twilio(status: int, code, message: str, reference: str) -> SmsError:
    code = int(code) if str(code).isdigit() else None
    text = f"Twilio {status} error {code}: {message}"
    logger.warning("Twilio refused %s: %s", reference, text)
    if status == 429:
        return SmsRateLimited(text, code=str(code or status))
    if status >= 500:
        return SmsTransientError(text, code=str(code or status))
    return SmsPermanentError(
        text,
        code=str(code or status),
        invalid_number=code in TWILIO_INVALID_NUMBER_CODES,
        opted_out=code in TWILIO_OPTED_OUT_CODES,
    )


def _transient_from_requests(exc: Exception, provider: str, reference: str) -> SmsTransientError:
    # A read timeout means the request went out and no answer came back: the
    # provider may have sent the text. A connection error means it never arrived.
    maybe_sent = isinstance(exc, requests.ReadTimeout)
    logger.warning("%s unreachable for %s: %s", provider, reference, exc)
    return SmsTransientError(f"{provider} unreachable: {exc}", code=type(exc).__name__, maybe_sent=maybe_sent)


class NotifySmsBackend(BaseSmsBackend):
    """GOV.UK Notify through ``notifications-python-client``.

    Settings: NOTIFY_API_KEY, NOTIFY_SMS_TEMPLATE_ID (a template whose whole
    body is ``((body))``), NOTIFY_BASE_URL, SMS_TIMEOUT. ``reference`` is sent
    as Notify's ``reference`` and comes back in its delivery callbacks; Notify
    does not de-duplicate on it.
    """

    def __init__(self) -> None:
        config = _require("NOTIFY_API_KEY", "NOTIFY_SMS_TEMPLATE_ID", "NOTIFY_BASE_URL")
        key = config["NOTIFY_API_KEY"]
        # A Notify key is "<name>-<service id>-<secret>", both ids UUIDs.
        uuid_re = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
        if not re.fullmatch(rf".+-{uuid_re}-{uuid_re}", key):
            raise ImproperlyConfigured(
                "NOTIFY_API_KEY does not look like a GOV.UK Notify API key (name-serviceid-secret)."
            )
        self.template_id = config["NOTIFY_SMS_TEMPLATE_ID"]
        # Notify's limit is per API key; the key without its secret (the last 36 characters) names it.
        self.key_id = key[:-37]
        self.client = NotificationsAPIClient(key, base_url=config["NOTIFY_BASE_URL"], timeout=settings.SMS_TIMEOUT)

    def send(self, *, to: str, body: str, reference: str) -> SmsResult:
        try:
            response = self.client.send_sms_notification(
                phone_number=to, template_id=self.template_id, personalisation={"body": body}, reference=reference
            )
        except NotifyInvalidResponse as exc:
            # A 2xx we could not read: Notify probably accepted the text.
            raise SmsTransientError(f"Notify answered without JSON: {exc}", maybe_sent=True) from exc
        except NotifyHTTPError as exc:
            if exc.response is None:  # connection refused, timeout: the client reports these as 503
                raise _transient_from_requests(exc.__cause__ or exc, "Notify", reference) from exc
            raise _classify_notify(exc.status_code, exc.message, reference) from exc
        logger.info("Notify accepted %s as %s", reference, response["id"])
        return SmsResult(provider_id=response["id"])

    def lookup(self, *, reference: str, to: str = "", body: str = "", since: datetime | None = None) -> str | None:
        """The id of the text Notify holds with our ``reference``, or None if it never arrived."""
        try:
            found = self.client.get_all_notifications(reference=reference, template_type="sms")
        except (NotifyHTTPError, NotifyInvalidResponse) as exc:
            raise SmsTransientError(f"Could not ask Notify about {reference}: {exc}") from exc
        notifications = found.get("notifications") or []
        return notifications[0]["id"] if notifications else None

    def rate_limit_account(self) -> str:
        return self.key_id


def _classify_notify(status: int, errors, reference: str) -> SmsError:
    """Notify errors are ``[{"error": "ValidationError", "message": "phone_number Not a UK mobile number"}]``."""
    errors = errors if isinstance(errors, list) else [{"error": "", "message": str(errors)}]
    text = f"Notify {status}: " + "; ".join(f"{e.get('error')}: {e.get('message')}" for e in errors)
    logger.warning("Notify refused %s: %s", reference, text)
    if status == 429:
        return SmsRateLimited(text, code=str(status))
    if status >= 500:
        return SmsTransientError(text, code=str(status))
    invalid_number = any(
        e.get("error") == "ValidationError" and str(e.get("message", "")).startswith("phone_number") for e in errors
    )
    return SmsPermanentError(text, code=str(status), invalid_number=invalid_number)


# The settings a backend reads when it is created: a change (tests) makes a new one.
_BACKEND_SETTINGS = (
    "SMS_BACKEND",
    "SMS_TIMEOUT",
    "SMS_FILE_PATH",
    "SITE_URL",
    "TWILIO_ACCOUNT_SID",
    "TWILIO_AUTH_TOKEN",
    "TWILIO_FROM",
    "TWILIO_API_BASE",
    "NOTIFY_API_KEY",
    "NOTIFY_SMS_TEMPLATE_ID",
    "NOTIFY_BASE_URL",
)
_per_thread = threading.local()


def get_sms_backend() -> BaseSmsBackend:
    """The configured backend, one per thread: each thread of the send worker reuses its
    own, and with it the provider's HTTP session (kept-alive connections: no TLS handshake
    per text). One per thread because a requests session is not safe to share between threads."""
    config = tuple(getattr(settings, name, None) for name in _BACKEND_SETTINGS)
    cached = getattr(_per_thread, "backend", None)
    if cached is None or cached[0] != config:
        cached = (config, import_string(settings.SMS_BACKEND)())
        _per_thread.backend = cached
    return cached[1]
