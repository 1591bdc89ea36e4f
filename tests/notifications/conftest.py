"""Fixtures for the notifications tests: the fake SMS providers live in fakes.py
so that scripts and fault tests outside pytest can use them too."""

import pytest

from tests.notifications.fakes import fake_notify, fake_twilio  # noqa: F401
from tests.notifications.helpers import NOTIFY_TOKEN, TWILIO_TOKEN


@pytest.fixture
def provider_secrets(settings):
    """The webhooks' secrets: Twilio's auth token (signatures) and Notify's bearer token."""
    settings.TWILIO_AUTH_TOKEN = TWILIO_TOKEN
    settings.NOTIFY_CALLBACK_TOKEN = NOTIFY_TOKEN
