"""Test-speed overrides only; everything else is the real settings module."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from .settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The real Celery worker started by tests/peersupport/test_celery_worker.py runs
# with these settings in its own process, where the in-memory outbox cannot be
# seen; that test passes TEST_EMAIL_BACKEND (the file backend) in the worker's env.
EMAIL_BACKEND = os.environ.get("TEST_EMAIL_BACKEND") or "django.core.mail.backends.locmem.EmailBackend"
# Likewise a worker process cannot be seen into: the fault tests
# (tests/notifications/test_faults.py) point it at a fake Twilio or Notify
# server with TEST_SMS_BACKEND (see FakeProvider.env()).
SMS_BACKEND = os.environ.get("TEST_SMS_BACKEND") or "notifications.sms.LocmemSmsBackend"
# Each test starts with an empty cache (tests/conftest.py); a per-process
# cache keeps rate-limit counts from leaking between tests. The Redis cache is
# exercised by its own tests.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests talk plain HTTP to the test client and the live server.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Serve static files straight from static/ without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Pages are rendered afresh in tests; the page cache has its own (tests/peersupport/test_page_cache.py).
PAGE_CACHE_SECONDS = 0
