"""Signing in (``account_login``): by email, wrong passwords refused with a message, and
failed attempts rate-limited per account (counted in Redis in production)."""

from __future__ import annotations

import os
import uuid

import pytest
from django.urls import reverse

from tests.accounts.factories import PASSWORD
from tests.accounts.helpers import login


def test_caregiver_signs_in_with_email_and_lands_home(client, caregiver):
    response = login(client, caregiver.email.upper(), PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert home.templates[0].name == "home/caregiver.html"


def test_wrong_password_is_refused_with_a_message(client, caregiver):
    response = login(client, caregiver.email, "wrong password")
    assert response.status_code == 200
    assert "not correct" in str(response.context["form"].errors).lower()
    assert "_auth_user_id" not in client.session


def _assert_rate_limited_after_five_failures(client, email: str) -> None:
    for _ in range(5):
        assert login(client, email, "wrong password").status_code == 200
    # Even the right password is refused now: the account is protected for a while.
    response = login(client, email, PASSWORD)
    assert response.status_code == 200
    assert "too many failed login attempts" in response.content.decode().lower()
    assert "_auth_user_id" not in client.session


def test_failed_logins_are_rate_limited_per_account(client, caregiver):
    _assert_rate_limited_after_five_failures(client, caregiver.email)


def test_other_accounts_are_not_locked_by_someone_elses_failures(client, caregiver, caregiver_other_region):
    _assert_rate_limited_after_five_failures(client, caregiver.email)
    assert login(client, caregiver_other_region.email, PASSWORD).status_code == 302


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (set in CI)")
def test_rate_limits_are_counted_in_redis(client, caregiver, settings):
    """Production keeps the counts in Redis so every web process sees them."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"test-{uuid.uuid4()}",
            "TIMEOUT": 600,
        }
    }
    _assert_rate_limited_after_five_failures(client, caregiver.email)
