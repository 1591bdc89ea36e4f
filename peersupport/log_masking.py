"""Secrets that travel in URLs are masked before anything is logged.

Invitation links, calendar feed addresses and allauth's password-reset and
email-confirmation keys each work as a password: anyone who reads them in a log
can accept the invitation or read the person's calendar. Django's own request
logging (``MaskTokensFilter``, in settings.LOGGING) and gunicorn's access log
(``MaskingGunicornLogger``, in peersupport/gunicorn.conf.py) both pass through
``mask_tokens``.
"""

from __future__ import annotations

import logging
import re

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


class MaskingGunicornLogger(GunicornLogger):
    """gunicorn's access log with the request line, path, query and referrer masked."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q", "f"):
            if isinstance(atoms.get(key), str):
                atoms[key] = mask_tokens(atoms[key])
        for key, value in list(atoms.items()):
            if key.startswith("{") and key.endswith("}i") and isinstance(value, str):
                atoms[key] = mask_tokens(value)  # request headers such as {referer}i
        return atoms
