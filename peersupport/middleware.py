"""Request hygiene for every page, before and after the apps' own views."""

from __future__ import annotations

import logging
import time
from urllib.parse import unquote_plus

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from . import request_id
from .log_masking import mask_tokens

request_logger = logging.getLogger("peersupport.requests")


class RequestIdMiddleware:
    """Outermost: gives the request its id (``peersupport.request_id``), echoes it in the
    ``X-Request-ID`` response header, and logs one line per request to
    ``peersupport.requests`` (enabled with LOG_FORMAT=json): method, path with tokens
    masked, status, duration in ms, the user's id (never the e-mail address)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = request.request_id = request_id.from_header(request.META.get(request_id.META_KEY))
        token = request_id.current.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[request_id.HEADER] = rid
            if request_logger.isEnabledFor(logging.INFO):
                request_logger.info(
                    "%s %s %s",
                    request.method,
                    mask_tokens(request.path),
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": mask_tokens(request.path),
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                        "user_id": _user_id(request),
                    },
                )
            return response
        finally:
            request_id.current.reset(token)


def _user_id(request) -> int | None:
    # request.user is missing when a middleware above AuthenticationMiddleware answered
    # (static files, /healthz, the HTTPS redirect); by now the pages have loaded it.
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


class RejectNullCharactersMiddleware:
    """A NUL character in the path or query string is never meaningful, and
    PostgreSQL refuses it in a query: answer 400 before any view reads it,
    instead of a 500 from whichever view passes it to the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "\x00" in unquote_plus(query):
            return render(request, "400.html", status=400)
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages here are personal (a caregiver's details, who is coming, an
    invitation link), so no browser or proxy may keep a copy: every response a
    view did not give its own caching rule is sent with
    ``Cache-Control: no-store, private`` (ASVS 14.3.2). Static files are served
    by WhiteNoise above this middleware with their own long-lived headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
