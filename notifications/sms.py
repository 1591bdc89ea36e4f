"""SMS backends, configured like Django's EMAIL_BACKEND (settings.SMS_BACKEND).

Real providers (Twilio, GOV.UK Notify) and the outbox arrive with the
notifications issue; these three cover development and tests.
"""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmsResult:
    provider_id: str


class BaseSmsBackend:
    def send(self, *, to: str, body: str) -> SmsResult:
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    def send(self, *, to: str, body: str) -> SmsResult:
        sys.stdout.write(f"SMS to {to}:\n{body}\n{'-' * 40}\n")
        sys.stdout.flush()
        return SmsResult(provider_id=f"console-{timezone.now().timestamp()}")


class FileSmsBackend(BaseSmsBackend):
    def send(self, *, to: str, body: str) -> SmsResult:
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
        (folder / f"{stamp}.json").write_text(json.dumps({"to": to, "body": body}))
        return SmsResult(provider_id=f"file-{stamp}")


class LocmemSmsBackend(BaseSmsBackend):
    """Keeps sent texts in ``LocmemSmsBackend.outbox`` for tests."""

    outbox: list[dict] = []

    def send(self, *, to: str, body: str) -> SmsResult:
        LocmemSmsBackend.outbox.append({"to": to, "body": body})
        return SmsResult(provider_id=f"locmem-{len(LocmemSmsBackend.outbox)}")


def get_sms_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()
