"""Settings for the peer support portal, read from the environment.

Every value comes from an environment variable with a safe development default.
A value that cannot be understood stops the process with ImproperlyConfigured
instead of being silently replaced: a typo in production must not turn into
DEBUG on or a missing HTTPS redirect.

The only other settings module is ``settings_test`` (fast hashing, in-memory
mail), which imports this one.
"""

from __future__ import annotations

import os
import zoneinfo
from datetime import date, time, timedelta
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")


def env_int(name: str, default: int) -> int:
    return _env_number(name, default, int, "a whole number")


def env_float(name: str, default: float) -> float:
    return _env_number(name, default, float, "a number")


def _env_number(name: str, default, kind, what: str):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return kind(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not {what}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
# With DEBUG off an unset SECRET_KEY stays empty, as Django intends: anything that
# signs (sessions, CSRF, invitation links) refuses to run, the web and worker entry
# points refuse to start (peersupport/startup.py), and `check` says so. Offline
# commands that sign nothing (makemigrations, collectstatic in a build) still work.
MISSING_SECRET_KEY = (
    "SECRET_KEY must be set when DEBUG is off. "  # noqa: S105  (a message, not a secret)
    "On a developer's machine set DEBUG=true (make run does)."
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Demo staff accounts may skip MFA set-up, but only on a developer's machine:
# both DEBUG and this flag must be on (see accounts.middleware).
DEMO_SKIP_MFA = env_bool("DEMO_SKIP_MFA", False)

SITE_NAME = env_str("SITE_NAME", "Caregiver Peer Support")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if urlparse(SITE_URL).scheme not in {"http", "https"}:
    raise ImproperlyConfigured(f"SITE_URL={SITE_URL!r} must start with http:// or https://")

# The apps whose tables hold our data (the page cache's generations, the personal-data walk).
OUR_APPS = [
    *("accounts", "invitations", "groups", "buddies", "events", "notifications"),
    *("privacy", "feedback", "directory", "mydata"),
]
INSTALLED_APPS = [
    "peersupport.apps.PortalAdminConfig",
    "peersupport.apps.PortalConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates, for the project-level renderer below
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    *OUR_APPS,
    "demo",
]

MIDDLEWARE = [
    # Outermost: the request id (echoed as X-Request-ID) and the JSON request log line.
    "peersupport.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "peersupport.middleware.NoStoreMiddleware",
    # /healthz is answered here: before sessions, allauth and the MFA rule (peersupport/health.py).
    "peersupport.health.HealthCheckMiddleware",
    "peersupport.middleware.RejectNullCharactersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language before sign-in (the switcher's cookie, else the browser's); after it, the person's own.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After a person's POST, their cached pages are retired (peersupport/pagecache.py).
    "peersupport.pagecache.PersonGenerationMiddleware",
    "accounts.middleware.PersonLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffSessionTimeoutMiddleware",
    "accounts.middleware.RequireStaffMFAMiddleware",
]

ROOT_URLCONF = "peersupport.urls"
WSGI_APPLICATION = "peersupport.wsgi.application"
ASGI_APPLICATION = "peersupport.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "peersupport.navigation.navigation",
            ],
            # Site-wide tags for every app's templates, like crispy's own.
            "libraries": {
                "cached_forms": "peersupport.templatetags.cached_forms",
                "page_cache": "peersupport.templatetags.page_cache",
            },
        },
    },
    # Emails and texts are plain text: HTML escaping would turn "Kinship caregivers' kōrero"
    # into "&#x27;". notifications.services renders *.txt with this engine; the HTML
    # version of an email escapes the body once, in notifications/email.html.
    {
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"autoescape": False},
    },
]

# Widgets render through the site's templates, so templates/django/forms/ can replace a
# widget template Django ships (select.html: options inline, see the file).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database -------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
# Persistent connections outside DEBUG: a new PostgreSQL connection per request costs
# more than most pages (issue 9: 169 req/s instead of 588 for a bare signed-in view).
# Each web worker, Celery pool process or thread holds one (README, "Database connections").
# Health checks replace a connection the server closed before it is used. Behind
# PgBouncer in transaction mode set DB_CONN_MAX_AGE=0 and DB_DISABLE_SERVER_SIDE_CURSORS=true.
DB_CONN_MAX_AGE = env_int("DB_CONN_MAX_AGE", 0 if DEBUG else 60)
try:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=DB_CONN_MAX_AGE,
            conn_health_checks=True,
            disable_server_side_cursors=env_bool("DB_DISABLE_SERVER_SIDE_CURSORS", False),
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails a page (and /healthz) in seconds, not minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", env_int("DB_CONNECT_TIMEOUT", 5))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests that start a real worker process need the test database on disk.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
    # make run has a web server, a worker and beat writing to one file: wait for the lock.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Celery -----------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL and urlparse(REDIS_URL).scheme not in {"redis", "rediss"}:
    raise ImproperlyConfigured(f"REDIS_URL={REDIS_URL!r} must start with redis:// or rediss://")

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {
        # Longer than any send can take: a task not acknowledged within it is
        # delivered again. Retries are rows with due times (notifications/sending.py),
        # never countdowns, so nothing waits in Redis that long.
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    }
else:
    # Embedded default: no server needed. The filesystem transport lets a real
    # worker and beat run beside runserver on a developer's machine.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    _queue_dir = VAR_DIR / "celery" / "queue"
    _queue_dir.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "store_processed": False,
        # Exchange bindings; kombu's default is "control" relative to the
        # working directory, so a worker started elsewhere would not share them.
        "control_folder": str(VAR_DIR / "celery" / "control"),
    }

# Signed-in pages' main content is kept this many seconds per person (peersupport/pagecache.py):
# a change anyone saves shows at once, a bulk status update within this time. Needs the
# shared Redis cache (a per-process cache would miss the workers' changes), so 0 without it.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60 if REDIS_URL else 0)

CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Sends wait on the provider, not the CPU: they have their own queue, served by a worker
# with a thread pool (Procfile's "sender": -Q send -P threads, SEND_CONCURRENCY threads),
# while the default "celery" queue (beat's scans, reminders, clean-up) keeps the prefork
# worker. Email and texts both go through the send queue.
SEND_QUEUE = "send"
CELERY_TASK_ROUTES = {"notifications.sending.send_message": {"queue": SEND_QUEUE}}
# Celery's Django fix-up closes a task's database connection before and after every task
# (a new PostgreSQL connection per send) unless CELERY_DB_REUSE_MAX is set, and then
# counts tasks per process, not per thread: in a thread pool it would close whichever
# thread's connection reached the count and leave the others, broken or not. A count
# never reached turns it off; peersupport/celery.py applies Django's own per-request
# rule to each task instead (close_old_connections: DB_CONN_MAX_AGE, and a connection
# that failed is dropped), so every pool thread or process holds at most one connection.
CELERY_DB_REUSE_MAX = 2**62
# How often beat runs the notifications dispatcher (the fault tests shorten it).
NOTIFICATIONS_DISPATCH_EVERY_SECONDS = env_int("NOTIFICATIONS_DISPATCH_EVERY_SECONDS", 60)
CELERY_BEAT_SCHEDULE = {
    # Every row of RETENTION (below), once a day: accounts.tasks.apply_retention walks the registry
    # (accounts.personal_data) and records each rule's run for the operations page.
    "retention": {"task": "accounts.tasks.apply_retention", "schedule": 24 * 60 * 60, "options": {"expires": 60 * 60}},
    # Retries and lost tasks: outbox rows with due times, scanned every minute.
    "notifications-dispatch": {
        "task": "notifications.tasks.dispatch",
        "schedule": NOTIFICATIONS_DISPATCH_EVERY_SECONDS,
        # A tick that waited longer than its interval is dropped: the next one does the same work.
        "options": {"expires": max(NOTIFICATIONS_DISPATCH_EVERY_SECONDS - 5, 1)},
    },
    # Event reminders that have come due become outbox rows (events.reminders).
    "events-reminders": {
        "task": "events.tasks.send_due_reminders",
        "schedule": NOTIFICATIONS_DISPATCH_EVERY_SECONDS,
        "options": {"expires": max(NOTIFICATIONS_DISPATCH_EVERY_SECONDS - 5, 1)},
    },
    # Buddy offers unanswered after BUDDY_OFFER_HOURS pass to the caregiver's next choice.
    "buddies-expire-offers": {"task": "buddies.tasks.expire_offers", "schedule": 5 * 60, "options": {"expires": 290}},
    # Pairs past their planned end (BUDDY_MATCH_MONTHS) end as completed, with the invitation to buddy later.
    "buddies-complete-pairs": {"task": "buddies.tasks.complete_pairs", "schedule": 6 * 60 * 60},
    # Feedback surveys that have come due (after events, buddy rounds, group quarters, wellbeing
    # check-ins) become survey rows and one-click links in the outbox (feedback.services).
    "feedback-send-surveys": {
        "task": "feedback.tasks.send_due_surveys",
        "schedule": 15 * 60,
        "options": {"expires": 840},
    },
}

# --- Authentication ---------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
# allauth's defaults, written out so they are visible: failed logins are
# limited per IP and per account. They live in the cache, which is Redis in
# production so that every web process shares the counts.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"

INVITATION_VALID_DAYS = 14

# --- Internationalisation -------------------------------------------------
# Every user-facing string goes through Django's translation functions; locale/mi holds te reo
# Māori (make messages; its glossary in locale/mi/GLOSSARY.md). A person's language is theirs
# (User.language, accounts.middleware.PersonLanguageMiddleware) for pages, emails and texts;
# before sign-in, the footer's switcher (a cookie) or the browser's preference (LocaleMiddleware).
LANGUAGE_CODE = "en-nz"
# Each language named in itself, as a switcher should show it whatever the page's language.
LANGUAGES = [("en-nz", "English"), ("mi", "Te reo Māori")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Pacific/Auckland")
if TIME_ZONE not in zoneinfo.available_timezones():
    raise ImproperlyConfigured(f"TIME_ZONE={TIME_ZONE!r} is not a known time zone.")
USE_I18N = True
USE_TZ = True

# --- Static files ------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email and SMS -------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Caregiver Peer Support <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where reports from the accessibility statement's form go (a team's shared mailbox).
ACCESSIBILITY_CONTACT_EMAIL = env_str("ACCESSIBILITY_CONTACT_EMAIL", "accessibility@localhost")
# The date the accessibility statement was last reviewed (shown on it).
ACCESSIBILITY_REVIEWED_ON = env_str("ACCESSIBILITY_REVIEWED_ON", "2026-12-02")
try:
    date.fromisoformat(ACCESSIBILITY_REVIEWED_ON)
except ValueError:
    raise ImproperlyConfigured(
        f"ACCESSIBILITY_REVIEWED_ON={ACCESSIBILITY_REVIEWED_ON!r} must be a date: YYYY-MM-DD"
    ) from None

# Event reminders: (minutes before the start, channels). Each event gets its own
# copy when it is created, which staff can change in the admin.
EVENT_REMINDERS = [(7 * 24 * 60, ("email",)), (24 * 60, ("email", "sms"))]
# Buddies (issue 11): a buddy has cared at least this long; an offer waits this long for an
# answer; a pair runs this long by default; staff follow up after this many quiet days.
BUDDY_MIN_MONTHS_CARING = env_int("BUDDY_MIN_MONTHS_CARING", 18)
BUDDY_OFFER_HOURS = env_int("BUDDY_OFFER_HOURS", 72)
BUDDY_MATCH_MONTHS = env_int("BUDDY_MATCH_MONTHS", 6)
BUDDY_FOLLOW_UP_DAYS = env_int("BUDDY_FOLLOW_UP_DAYS", 14)
NOTIFICATIONS_MAX_ATTEMPTS = env_int("NOTIFICATIONS_MAX_ATTEMPTS", 8)
NOTIFICATIONS_RETRY_BASE_SECONDS = env_int("NOTIFICATIONS_RETRY_BASE_SECONDS", 30)
# Capped far below the broker's visibility timeout, although retries are rows, not ETAs.
NOTIFICATIONS_RETRY_MAX_SECONDS = env_int("NOTIFICATIONS_RETRY_MAX_SECONDS", 30 * 60)
# A pending row queued more than a minute ago whose task is not among those still waiting
# in the send queue (a backlog of 10,000 reminders takes minutes at the provider's rate:
# those are not queued twice) is queued again: its task was lost with Redis or a killed
# worker (a second task would be harmless: the claim decides who sends). A row stuck in
# "sending" for 45 seconds (past 3 × SMS_TIMEOUT + SMS_RATE_MAX_WAIT_SECONDS, the longest
# a send can take) is reconciled with the provider before any resend. Together with the
# dispatcher's interval they bound how long a killed worker or a Redis restart can hold
# a message back.
NOTIFICATIONS_REQUEUE_AFTER_SECONDS = env_int("NOTIFICATIONS_REQUEUE_AFTER_SECONDS", 60)
NOTIFICATIONS_STUCK_AFTER_SECONDS = env_int("NOTIFICATIONS_STUCK_AFTER_SECONDS", 45)
NOTIFICATIONS_HOURLY_CAP = env_int("NOTIFICATIONS_HOURLY_CAP", 6)


def env_quiet_hours(name: str, default: str):
    """ "21:00-08:00" → (time(21), time(8)); "off" → None (no quiet hours)."""
    raw = env_str(name, default).strip()
    if raw.lower() == "off":
        return None
    try:
        start, end = (time.fromisoformat(part.strip()) for part in raw.split("-"))
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} must look like 21:00-08:00, or be off.") from None
    return start, end


# No texts at night in the recipient's time zone; they wait until the end (not dropped).
SMS_QUIET_HOURS = env_quiet_hours("SMS_QUIET_HOURS", "21:00-08:00")

# The privacy guard on every free text a caregiver writes that others read (RSVP notes,
# join-request messages, buddy feedback...): accounts.free_text calls this callable, so
# events, groups and buddies need not import privacy. Empty: nothing is checked.
FREE_TEXT_GUARD = env_str("FREE_TEXT_GUARD", "privacy.free_text.check")

# SMS providers sit behind a backend interface like EMAIL_BACKEND.
SMS_BACKEND = env_str("SMS_BACKEND", "notifications.sms.ConsoleSmsBackend")
SMS_FILE_PATH = env_str("SMS_FILE_PATH", str(VAR_DIR / "sms"))
# Seconds to wait for a provider's API before treating the send as failed (and retried).
SMS_TIMEOUT = env_int("SMS_TIMEOUT", 10)
# The provider's rate limit, honoured by one token bucket per provider account shared by
# every worker (in Redis: notifications/ratelimit.py). GOV.UK Notify documents 3,000
# messages a minute per API key (50 a second); Twilio's depends on the sender (a long
# code about 1 a second, toll-free 3, a short code 100, a Messaging Service the sum of
# its numbers): set it to what your account allows. Without REDIS_URL (development) each
# process has a bucket of its own.
SMS_RATE_PER_SECOND = env_float("SMS_RATE_PER_SECOND", 50)
# A send waits at most this long for its turn; beyond that the text goes back to pending
# for a moment (no attempt counted) and its thread takes the next task, rather than a
# pool of threads all sleeping on the bucket.
SMS_RATE_MAX_WAIT_SECONDS = env_float("SMS_RATE_MAX_WAIT_SECONDS", 2)
# A 429 from the provider halves the bucket's rate (not below 1 a second); it climbs back
# to SMS_RATE_PER_SECOND in a straight line over this many seconds.
SMS_RATE_RECOVERY_SECONDS = env_float("SMS_RATE_RECOVERY_SECONDS", 60)
# notifications.sms.TwilioSmsBackend. TWILIO_FROM is an E.164 number or a
# Messaging Service SID (MG…). TWILIO_API_BASE is empty for the real API; tests
# point it at a local fake. The auth token also verifies Twilio's webhooks.
TWILIO_ACCOUNT_SID = env_str("TWILIO_ACCOUNT_SID")
TWILIO_AUTH_TOKEN = env_str("TWILIO_AUTH_TOKEN")
TWILIO_FROM = env_str("TWILIO_FROM")
TWILIO_API_BASE = env_str("TWILIO_API_BASE")
# notifications.sms.NotifySmsBackend (GOV.UK Notify). The template's body is
# ((body)). NOTIFY_CALLBACK_TOKEN is the bearer token set on Notify's callbacks.
NOTIFY_API_KEY = env_str("NOTIFY_API_KEY")
NOTIFY_SMS_TEMPLATE_ID = env_str("NOTIFY_SMS_TEMPLATE_ID")
NOTIFY_BASE_URL = env_str("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
NOTIFY_CALLBACK_TOKEN = env_str("NOTIFY_CALLBACK_TOKEN")


# --- Retention: how long we keep things -------------------------------------------------------
# One table (README, "How long we keep things"): key → how long a kind of record is kept before
# its rule acts. Each key has exactly one rule in its app's retention.py (accounts.personal_data,
# checked by tests/peersupport/test_retention.py); accounts.tasks.apply_retention runs them all
# daily. Periods are counted from the moment named in the rule (written, ended, expired...).
# NZ Privacy Act IPP 9 and UK GDPR art. 5(1)(e): nothing personal is kept longer than needed.
def env_days(name: str, default: int) -> timedelta:
    days = env_int(name, default)
    if days < 0:
        raise ImproperlyConfigured(f"{name}={days} must not be negative.")
    return timedelta(days=days)


# Facilitators choose each group's discussion retention (privacy.DiscussionSettings, 12 months
# unless changed) within these months; the upper bound is also the posts' row below.
PRIVACY_RETENTION_MIN_MONTHS = env_int("PRIVACY_RETENTION_MIN_MONTHS", 1)
PRIVACY_RETENTION_MAX_MONTHS = env_int("PRIVACY_RETENTION_MAX_MONTHS", 24)
if not 1 <= PRIVACY_RETENTION_MIN_MONTHS <= PRIVACY_RETENTION_MAX_MONTHS <= 120:
    raise ImproperlyConfigured("PRIVACY_RETENTION_MIN_MONTHS..PRIVACY_RETENTION_MAX_MONTHS must lie within 1..120.")
RETENTION = {
    # notifications.Message: body and address (email or phone number) blanked 30 days after the
    # message was written; the status row stays (what was sent when, for delivery questions).
    "notifications.message_bodies": env_days("NOTIFICATIONS_RETENTION_DAYS", 30),
    # privacy.Post: deleted (an audit row each, without text) after its group's own period
    # (privacy.DiscussionSettings); this is the upper bound, whatever a group's row says.
    "privacy.posts": timedelta(days=30 * PRIVACY_RETENTION_MAX_MONTHS),
    # privacy.Report: a resolved report (who reported which post, why) deleted a year after it was resolved.
    "privacy.reports": env_days("RETENTION_REPORTS_DAYS", 365),
    # privacy.ModerationLog: who moderated (actor) set to none and the reason blanked after two
    # years; the action and date stay, so counts of held and hidden posts remain.
    "privacy.moderation_log": env_days("RETENTION_MODERATION_LOG_DAYS", 730),
    # feedback.Answer: the written text of a survey answer blanked a year after it was submitted;
    # the scores stay for the reports.
    "feedback.answer_text": env_days("RETENTION_SURVEY_TEXT_DAYS", 365),
    # events.FollowUp: the staff member's note blanked 180 days after the call; method and outcome stay.
    "events.follow_up_notes": env_days("RETENTION_FOLLOW_UP_NOTES_DAYS", 180),
    # events.CalendarFeed: the secret calendar address deleted when no calendar app has fetched
    # it and its owner has not signed in for 180 days; they can make a new one on My events.
    "events.calendar_feeds": env_days("RETENTION_CALENDAR_FEEDS_DAYS", 180),
    # invitations.Invitation: deleted 90 days after it was accepted, revoked or expired
    # (name, email and region of someone who may never have joined).
    "invitations.invitations": env_days("RETENTION_INVITATIONS_DAYS", 90),
    # django.contrib.sessions Session: deleted once expired (what clearsessions does).
    "accounts.sessions": timedelta(0),
    # accounts.StaffRead: an audit trail, kept seven years; then subject set to none and the
    # reason blanked (the only change its trigger allows), who read what kind and when stay.
    "accounts.staff_reads": env_days("RETENTION_STAFF_READS_DAYS", 7 * 365),
    # admin.LogEntry: the admin's change history (it names the rows it changed) deleted after two years.
    "accounts.admin_log": env_days("RETENTION_ADMIN_LOG_DAYS", 730),
    # mydata.DataExport: the document deleted (set to none, status expired) 24 hours after it was ready.
    "mydata.export_files": timedelta(hours=24),
    # mydata.ClosureRequest: the social worker's reason for declining blanked 180 days after the decision.
    "mydata.decline_reasons": env_days("RETENTION_DECLINE_REASONS_DAYS", 180),
    # buddies.Match: the pair's written feedback blanked a year after the pair ended; fit and dates stay.
    "buddies.pair_feedback": env_days("RETENTION_BUDDY_FEEDBACK_DAYS", 365),
    # buddies.Enquiry: first name, cultural background and note blanked a year after the outcome
    # was recorded (someone who is not a user); region, household and outcome stay for counts.
    "buddies.enquiries": env_days("RETENTION_ENQUIRIES_DAYS", 365),
    # groups.Membership: a join request's message blanked a year after it was asked, once answered.
    "groups.join_messages": env_days("RETENTION_JOIN_MESSAGES_DAYS", 365),
}
# The other models that point at a person are kept as long as the account and erased or
# anonymised when it is closed (mydata, README "Closing an account"): why each needs no clock.
RETENTION_KEPT = {
    "accounts.User": "the account itself",
    "accounts.CaregiverProfile": "the caregiver's own profile, used while they take part",
    "accounts.StaffProfile": "the staff member's role and regions",
    "account.EmailAddress": "signing in",
    "mfa.Authenticator": "signing in (staff second factor)",
    "groups.Group": "the group itself (its social worker and creator are staff)",
    "groups.AgreementVersion": "which agreement members accepted (written by staff)",
    "groups.MeetingRole": "who hosts a meeting, shown to members",
    "groups.Attendance": "attendance counts in reports",
    "groups.HubRequest": "between groups, answered by staff: no caregiver's details",
    "buddies.BuddyProfile": "the buddy's own settings",
    "buddies.CheckIn": "no notes: contact type, date and topic, for the follow-up list",
    "events.Event": "the event itself (created by staff)",
    "events.EventInvitee": "who was invited, for the follow-up list",
    "events.RSVP": "head counts and attendance of past events",
    "events.ChecklistItem": "staff's preparation, no caregiver's details",
    "notifications.PhoneNumberStatus": "opt-outs (STOP) must be honoured for as long as we send texts",
    "privacy.Thread": "deleted with its last post",
    "privacy.ProtectedName": "the caregiver's own protected names (hashes only)",
    "privacy.ReadMarker": "deleted with its thread",
    "feedback.Invitation": "response rates in reports",
    "feedback.Response": "the caregiver's own answers, shown to them; the text has its own row",
    "directory.Listing": "a service's listing (edited by staff)",
    "directory.TrainingCompletion": "the caregiver's own training record",
    "directory.CareMapEntry": "the caregiver's own care map",
    "directory.CareMapShare": "the caregiver's consent to share their care map",
}
# The operations page warns when the retention task has not run for this long (it runs daily).
RETENTION_LATE_AFTER = timedelta(days=2)

# --- Security ------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe instances over plain HTTP: /healthz answers them instead of redirecting.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Login rate limits count failures per client IP. Behind a proxy every request
# comes from the proxy's address, so one person's typos would lock everyone
# out: say how many proxies append to X-Forwarded-For, or which header carries
# the client's address. The deploy check accounts.E003 insists on one of them.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("TRUSTED_CLIENT_IP_HEADER") or None

# Sessions. Staff see many caregivers' details, so their sessions end after
# 30 minutes without a request and 12 hours after signing in, whatever the
# "remember me" box said (accounts.middleware.StaffSessionTimeoutMiddleware).
# Caregivers keep Django's two weeks when they ask to be remembered.
STAFF_SESSION_IDLE_SECONDS = env_int("STAFF_SESSION_IDLE_SECONDS", 30 * 60)
STAFF_SESSION_MAX_SECONDS = env_int("STAFF_SESSION_MAX_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 14 * 24 * 60 * 60)

# A strict Content Security Policy in every mode, so development shows the same
# breakage production would: everything is served by the portal itself and no
# inline script runs. data: images are the QR code of the MFA set-up page.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- Logging -------------------------------------------------------------------
# plain: one readable line per message. json: one JSON object per line (for a log
# collector), with one line per request and per Celery task, each carrying the request
# id that also travels into the tasks a request queues (peersupport/request_id.py).
LOG_FORMAT = env_str("LOG_FORMAT", "plain").strip().lower()
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} must be plain or json.")
# The request and task lines: in plain format gunicorn's access log and Celery's own lines say it.
_STRUCTURED_LEVEL = "INFO" if LOG_FORMAT == "json" else "WARNING"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "peersupport.log_masking.JsonFormatter"},
    },
    # Invitation links and calendar addresses are secrets: masked in every log line.
    "filters": {
        "mask_tokens": {"()": "peersupport.log_masking.MaskTokensFilter"},
        "request_id": {"()": "peersupport.request_id.RequestIdFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "mask_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Django's own loggers (404 warnings, runserver's access lines) log paths: through the same handler.
    "loggers": {
        "django": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO"), "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "peersupport.requests": {"handlers": ["console"], "level": _STRUCTURED_LEVEL, "propagate": False},
        "peersupport.tasks": {"handlers": ["console"], "level": _STRUCTURED_LEVEL, "propagate": False},
    },
}
if LOG_FORMAT == "json":
    # Keep this configuration in workers (Celery would replace the root handler with its
    # own plain one), and let the "peersupport.tasks" line replace Celery's "received" and
    # "succeeded" lines; failures are still logged, as errors.
    CELERY_WORKER_HIJACK_ROOT_LOGGER = False
    LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}
    LOGGING["loggers"]["celery.worker.strategy"] = {"level": "WARNING"}
