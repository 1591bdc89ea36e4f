"""Request hygiene for every page, before and after the apps' own views."""

from __future__ import annotations

from urllib.parse import unquote_plus

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers


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
