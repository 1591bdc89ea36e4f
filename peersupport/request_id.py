"""One id per request, carried into every log line and into the tasks the request queues.

The id comes from the incoming ``X-Request-ID`` header when a proxy or load
balancer set a well-formed one (so its logs and ours can be joined), otherwise
it is made here. ``peersupport.middleware.RequestIdMiddleware`` sets it for a
request and echoes it in the response; ``peersupport.celery`` puts it in the
headers of each task published while it is set, and sets it again in the
worker while that task runs. ``RequestIdFilter`` adds it to every log record.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
# Letters, digits and ._- only: nothing that could break a log line or a header.
_WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{8,128}")

current: ContextVar[str | None] = ContextVar("request_id", default=None)


def new() -> str:
    return uuid.uuid4().hex


def from_header(value: str | None) -> str:
    """The incoming id if it is well formed, else a new one."""
    if value and _WELL_FORMED.fullmatch(value):
        return value
    return new()


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` (empty outside a request or task) for the formatters.

    Django logs a 4xx or 5xx response ("Not Found: /x/") after the middleware has
    returned, so for records that carry the request the id is read from the request.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            request = getattr(record, "request", None)
            record.request_id = current.get() or getattr(request, "request_id", "") or ""
        return True
