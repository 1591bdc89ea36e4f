"""Helpers for the accounts tests."""

from __future__ import annotations

from django.urls import reverse


def login(client, email: str, password: str):
    """Submit the sign-in form (``account_login``)."""
    return client.post(reverse("account_login"), {"login": email, "password": password})
