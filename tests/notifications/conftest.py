"""Fixtures for the notifications tests: the fake SMS providers live in fakes.py
so that scripts and fault tests outside pytest can use them too."""

from tests.notifications.fakes import fake_notify, fake_twilio  # noqa: F401
