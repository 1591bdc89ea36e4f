"""A signed-in page's main content, rendered once and shown again until something changes.

A person moving between their pages, reloading one, or coming back to it a minute
later sees what they saw, rendered from Redis instead of a dozen ORM queries and a
few hundred template nodes (issue 9: the busiest pages cost 5-20 times the bare
signed-in view without it). Only what is inside ``{% block content %}`` is kept;
the header, navigation and flash messages around it are rendered on every request.

A view opts in with ``"page_cache": True`` in its context and keeps its queries lazy
(``accounts.lazy``), so that a hit runs none of them. The key (``page_key``) holds
what the content may depend on:

- the person (their id and role) and the language;
- the address with its query string (filters, page number);
- the CSRF secret of the browser (a cached form's token stays valid for it alone);
- the minute (``PAGE_CACHE_SECONDS``): a write that sends no signal (a queryset
  ``update()``, such as a delivery status arriving from the provider) shows within
  that time at most, and "upcoming" moves on with the clock.

The content is stored with the two generations it was drawn under and used only
while both are still current (read with it in one MGET):

- the **site generation**, bumped whenever any row of ours is saved or deleted
  (``post_save``/``post_delete``/``m2m_changed``, at once and again on commit), so
  another person's reply or a social worker's change shows on the next request;
- the **person's generation**, bumped after every POST they make (middleware), so
  whatever they just did shows, however it was written (bulk or ``update()``).

Access rules still run on every request: the view's decorators and any
``get_<thing>_for_user`` come before the template, and the key is per person, so
one person's page is never shown to another.

Off when ``PAGE_CACHE_SECONDS`` is 0 (the tests' default, and the embedded default
without Redis, where the web and worker processes share no cache).
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.middleware.csrf import get_token
from django.utils import translation

SITE_KEY = "pagecache:site"
clock = time.time  # the buckets' clock; tests hold it still
OUR_APPS = frozenset(settings.OUR_APPS)


def person_key(pk: int) -> str:
    return f"pagecache:person:{pk}"


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not there yet (or evicted): any fresh value retires the old keys
        cache.set(key, time.time_ns(), None)


def bump_site(**_) -> None:
    """Retire every cached page now and again when the transaction commits: a page
    rendered from the rows before the commit may have been stored in between."""
    if not settings.PAGE_CACHE_SECONDS:
        return
    _bump(SITE_KEY)
    transaction.on_commit(lambda: _bump(SITE_KEY))


def bump_person(pk: int) -> None:
    if settings.PAGE_CACHE_SECONDS:
        _bump(person_key(pk))


def bump_people(pks) -> None:
    """Retire these people's pages, in one round trip (a page of 300 replies read by staff)."""
    if settings.PAGE_CACHE_SECONDS and pks:
        fresh = time.time_ns()
        cache.set_many({person_key(pk): fresh for pk in pks if pk is not None}, None)


def row_changed(sender, **kwargs) -> None:
    """Receiver for post_save, post_delete and m2m_changed from every model.

    A model that changes no one else's pages says so with ``page_cache_site_wide = False``
    (a staff read: the caregiver read is told through ``bump_people``)."""
    if sender._meta.app_label in OUR_APPS and getattr(sender, "page_cache_site_wide", True):
        bump_site()


def page_key(request) -> str | None:
    """The cache key of this request's content, or None when it must not be cached."""
    user = getattr(request, "user", None)
    if not settings.PAGE_CACHE_SECONDS or request.method != "GET" or user is None or not user.is_authenticated:
        return None
    # Every signed-in page has a form (sign out): the browser's CSRF secret, made now if it
    # has none yet (the response then sets its cookie, as the form would have).
    get_token(request)
    csrf_secret = request.META["CSRF_COOKIE"]
    parts = [
        str(user.pk),
        user.role,
        translation.get_language() or "",
        request.get_full_path(),
        csrf_secret,
        str(int(time.time() // settings.PAGE_CACHE_SECONDS)),
    ]
    return "pagecache:page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def lookup(request) -> tuple[str | None, tuple, dict | None]:
    """(key, the generations now, the stored parts if drawn under them), read once per
    request in one round trip (MGET): the generations are stored with the parts rather
    than hashed into the key, so that reading both takes one."""
    if not hasattr(request, "_page_cache"):
        key = page_key(request)
        generations, parts = (None, None), None
        if key is not None:
            person = person_key(request.user.pk)
            found = cache.get_many([SITE_KEY, person, key])
            generations = (found.get(SITE_KEY), found.get(person))
            stored = found.get(key)
            if stored is not None and stored[0] == generations:
                parts = stored[1]
        request._page_cache = (key, generations, parts)
    return request._page_cache


def store(request, parts: dict) -> None:
    key, generations, _ = lookup(request)
    # Twice the bucket: a key is only read within its own bucket, then left to expire.
    cache.set(key, (generations, parts), 2 * settings.PAGE_CACHE_SECONDS)


class PersonGenerationMiddleware:
    """After a POST (or any unsafe method) by a signed-in person, retire their cached pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                bump_person(user.pk)
        return response
