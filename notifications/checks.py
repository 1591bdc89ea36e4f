"""System checks for the SMS provider's settings.

Without its webhook secret a provider's STOP replies and delivery receipts are
refused (403) as unsigned, silently: people who replied STOP would still be
texted. Shown by every ``manage.py`` command and fatal to
``check --deploy --fail-level WARNING``. The SMS rate limit's settings are
checked for values that make no sense (a rate of 0 or less turns the limit off).
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register

TWILIO = "notifications.sms.TwilioSmsBackend"
NOTIFY = "notifications.sms.NotifySmsBackend"
# One check id per setting, so a warning can be looked up (and silenced) by name.
CHECK_IDS = {
    "TWILIO_ACCOUNT_SID": "notifications.W001",
    "TWILIO_FROM": "notifications.W002",
    "TWILIO_AUTH_TOKEN": "notifications.W003",
    "NOTIFY_API_KEY": "notifications.W004",
    "NOTIFY_SMS_TEMPLATE_ID": "notifications.W005",
    "NOTIFY_CALLBACK_TOKEN": "notifications.W006",
}


@register(Tags.compatibility)
def sms_provider_is_configured(app_configs, **kwargs):
    backend = settings.SMS_BACKEND
    required: dict[str, str] = {}
    if backend == TWILIO:
        required = {
            "TWILIO_ACCOUNT_SID": "texts cannot be sent",
            "TWILIO_FROM": "texts cannot be sent",
            "TWILIO_AUTH_TOKEN": "texts cannot be sent, and STOP replies and delivery receipts are refused",
        }
    elif backend == NOTIFY:
        required = {
            "NOTIFY_API_KEY": "texts cannot be sent",
            "NOTIFY_SMS_TEMPLATE_ID": "texts cannot be sent",
            "NOTIFY_CALLBACK_TOKEN": "STOP replies and delivery receipts are refused",
        }
    return [
        Warning(
            f"SMS_BACKEND is {backend.rsplit('.', 1)[-1]} but {name} is not set: {consequence}.",
            hint=f"Set {name} in the environment (see the README's production configuration).",
            id=CHECK_IDS[name],
        )
        for name, consequence in required.items()
        if not getattr(settings, name, "")
    ]


@register(Tags.compatibility)
def sms_rate_limit_makes_sense(app_configs, **kwargs):
    """SMS_RATE_PER_SECOND ≤ 0 turns the shared rate limiter off: the workers then send as
    fast as their threads allow and the provider answers 429s."""
    problems = []
    if settings.SMS_RATE_PER_SECOND <= 0:
        problems.append(
            Warning(
                f"SMS_RATE_PER_SECOND is {settings.SMS_RATE_PER_SECOND:g}: texts are sent without a rate limit.",
                hint="Set it to the rate your SMS provider allows (GOV.UK Notify: 50, i.e. 3,000 a minute per key).",
                id="notifications.W007",
            )
        )
    if settings.SMS_RATE_MAX_WAIT_SECONDS < 0:
        problems.append(
            Warning(
                f"SMS_RATE_MAX_WAIT_SECONDS is {settings.SMS_RATE_MAX_WAIT_SECONDS:g}: "
                "every text that cannot go at once is deferred.",
                hint="Use a few seconds (the default is 2).",
                id="notifications.W008",
            )
        )
    if settings.SMS_RATE_RECOVERY_SECONDS < 0:
        problems.append(
            Warning(
                f"SMS_RATE_RECOVERY_SECONDS is {settings.SMS_RATE_RECOVERY_SECONDS:g}.",
                hint="Use the seconds a slowed-down rate takes to climb back (the default is 60); 0 recovers at once.",
                id="notifications.W009",
            )
        )
    return problems
