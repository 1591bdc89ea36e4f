"""Fixtures for the notifications tests: the fake SMS providers live in fakes.py
so that scripts and fault tests outside pytest can use them too."""

import pytest
import redis
from django.conf import settings as django_settings

from notifications import ratelimit
from tests.notifications.fakes import fake_notify, fake_twilio  # noqa: F401
from tests.notifications.helpers import NOTIFY_TOKEN, TWILIO_TOKEN


@pytest.fixture
def provider_secrets(settings):
    """The webhooks' secrets: Twilio's auth token (signatures) and Notify's bearer token."""
    settings.TWILIO_AUTH_TOKEN = TWILIO_TOKEN
    settings.NOTIFY_CALLBACK_TOKEN = NOTIFY_TOKEN


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with full SMS rate-limit buckets (none slowed down by an earlier 429)."""
    ratelimit._local_buckets.clear()
    if django_settings.REDIS_URL:
        client = redis.Redis.from_url(django_settings.REDIS_URL)
        keys = list(client.scan_iter(f"{ratelimit.KEY_PREFIX}:*"))
        if keys:
            client.delete(*keys)
        client.close()
