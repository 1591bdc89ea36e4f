"""Secrets that travel in URLs are masked before anything is logged.

Invitation links, calendar feed addresses and allauth's password-reset and
email-confirmation keys each work as a password: anyone who reads them in a log
can accept the invitation or read the person's calendar. Django's own request
logging (``MaskTokensFilter``, in settings.LOGGING) and gunicorn's access log
(``MaskingGunicornLogger``, in peersupport/gunicorn.conf.py) both pass through
``mask_tokens``.

With ``LOG_FORMAT=json`` every line is one JSON object (``JsonFormatter``),
masked the same way: the message, every string field and the traceback.
"""

from __future__ import annotations

import json
import logging
import os
import re
from datetime import UTC, datetime

from gunicorn.glogging import Logger as GunicornLogger

MASK = "[masked]"

# (pattern, replacement): the path segments that carry a secret.
_TOKEN_PATHS = [
    (re.compile(r"(/invite/)[^/\s?\"]+/[^/\s?\"]+"), rf"\g<1>{MASK}/{MASK}"),
    (re.compile(r"(/calendar/)[^/\s?\"]+?(\.ics)"), rf"\g<1>{MASK}\g<2>"),
    (re.compile(r"(/accounts/password/reset/key/)[^/\s?\"]+"), rf"\g<1>{MASK}"),
    (re.compile(r"(/accounts/confirm-email/)[^/\s?\"]+"), rf"\g<1>{MASK}"),
]


def mask_tokens(text: str) -> str:
    for pattern, replacement in _TOKEN_PATHS:
        text = pattern.sub(replacement, text)
    return text


class MaskTokensFilter(logging.Filter):
    """Rewrites a record's message (and any request path it carries) with the secrets masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_tokens(message)
        if masked != message:
            record.msg, record.args = masked, None
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            # Django's error emails and some handlers read request.path from the record.
            record.request_path = mask_tokens(request.path)
        return True


# The attributes every LogRecord has; anything else on a record came from ``extra=``.
_RECORD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request_id, and the
    record's ``extra`` fields that are plain values (a request object is left out)."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_tokens(record.getMessage()),
            "request_id": getattr(record, "request_id", "") or "",
        }
        for key, value in vars(record).items():
            if key in _RECORD_ATTRIBUTES or key in line:
                continue
            if isinstance(value, str):
                line[key] = mask_tokens(value)
            elif value is None or isinstance(value, bool | int | float):
                line[key] = value
        if record.exc_info:
            line["exc"] = mask_tokens(self.formatException(record.exc_info))
        elif record.exc_text:
            line["exc"] = mask_tokens(record.exc_text)
        return json.dumps(line, ensure_ascii=False)


def json_logs() -> bool:
    """LOG_FORMAT=json (settings.py checks the value; gunicorn's master reads it before Django)."""
    return os.environ.get("LOG_FORMAT", "plain").strip().lower() == "json"


class MaskingGunicornLogger(GunicornLogger):
    """gunicorn's access log with the request line, path, query and referrer masked.

    With LOG_FORMAT=json the portal logs each request itself, as JSON with its request id
    (``peersupport.middleware.RequestIdMiddleware``), so gunicorn's access line is left
    out and its own messages (start-up, worker restarts) are JSON too.
    """

    def setup(self, cfg):
        super().setup(cfg)
        if json_logs():
            for handler in self.error_log.handlers:
                handler.setFormatter(JsonFormatter())

    def access(self, resp, req, environ, request_time):
        if not json_logs():
            super().access(resp, req, environ, request_time)

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q", "f"):
            if isinstance(atoms.get(key), str):
                atoms[key] = mask_tokens(atoms[key])
        for key, value in list(atoms.items()):
            if key.startswith("{") and key.endswith("}i") and isinstance(value, str):
                atoms[key] = mask_tokens(value)  # request headers such as {referer}i
        return atoms
