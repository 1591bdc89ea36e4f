"""``/healthz`` for load balancers: is this web process able to serve pages?

It checks what every page or send needs: the database, the cache (Redis: login
rate limits) and the Celery broker (Redis: every email and text), each with a
short timeout. 200 ``{"status": "ok", ...}`` when all answer; 503 naming the
components that did not. No login, no personal data, nothing written.

``HealthCheckMiddleware`` answers it near the top of the middleware stack, before
sessions, allauth and the MFA rule, so a check never reads or writes a session,
is never redirected to sign-in or MFA set-up, and is answered whatever Host header
the load balancer sends (it probes an instance by its address, which is not in
ALLOWED_HOSTS; the answer holds no URL a forged Host could poison). It sits
below SecurityMiddleware, whose HTTPS redirect settings.SECURE_REDIRECT_EXEMPT
skips for this path, and below NoStoreMiddleware, which adds ``Cache-Control:
no-store``. The URL is also in peersupport/urls.py for ``reverse()``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

import redis
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from .celery import app as celery_app

logger = logging.getLogger(__name__)

PATH = "/healthz"
# Seconds to wait for Redis before calling it down. The database uses connect_timeout
# (settings.DATABASES); a load balancer usually waits about five seconds in all.
TIMEOUT_SECONDS = 1.0

_redis_clients: dict[str, redis.Redis] = {}


def redis_client(url: str) -> redis.Redis:
    """A client with short timeouts, one per URL and process (its pool reconnects after a Redis restart)."""
    client = _redis_clients.get(url)
    if client is None:
        client = redis.Redis.from_url(url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS)
        _redis_clients[url] = client
    return client


def is_redis_url(url: str) -> bool:
    return url.startswith(("redis://", "rediss://"))


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache() -> None:
    if isinstance(caches["default"], RedisCache):
        location = settings.CACHES["default"]["LOCATION"]
        for url in re.split("[;,]", location) if isinstance(location, str) else location:  # as Django splits it
            redis_client(url).ping()
    # A local-memory cache (development, tests) is always there.


def check_broker() -> None:
    url = settings.CELERY_BROKER_URL
    if is_redis_url(url):
        redis_client(url).ping()
        return
    # Other transports (the filesystem one of `make run`): kombu's own check.
    with celery_app.connection_for_write(url) as conn:
        conn.ensure_connection(max_retries=1, timeout=TIMEOUT_SECONDS)


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
}


def run_checks() -> dict[str, bool]:
    """{component: reachable}. A failure is logged with its error, which the response leaves out."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:
            logger.warning("health check failed: %s unreachable: %s", name, exc)
            results[name] = False
        else:
            results[name] = True
    return results


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    results = run_checks()
    failed = [name for name, ok in results.items() if not ok]
    body = {
        "status": "unavailable" if failed else "ok",
        "checks": {n: "ok" if ok else "down" for n, ok in results.items()},
    }
    if failed:
        body["failed"] = failed
    return JsonResponse(body, status=503 if failed else 200)


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path == PATH:
            return healthz(request)
        return self.get_response(request)
