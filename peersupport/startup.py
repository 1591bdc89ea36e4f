"""Checks made when a long-running process starts (web, worker, beat).

Settings that are only needed to serve people (SECRET_KEY) are checked here
rather than when settings are imported, so that offline commands such as
makemigrations run on a bare checkout, while a web or worker process with a
missing key stops at once instead of failing on its first request.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key() -> None:
    try:
        key = settings.SECRET_KEY  # Django raises here when it is empty
    except ImproperlyConfigured:
        key = ""
    if not key:
        raise ImproperlyConfigured(settings.MISSING_SECRET_KEY)
