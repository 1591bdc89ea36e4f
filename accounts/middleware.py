from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from . import policy
from .signals import SEEN_AT, SIGNED_IN_AT

# Record activity at most this often, so a busy page does not write the session on every request.
SEEN_RESOLUTION_SECONDS = 60


class StaffSessionTimeoutMiddleware:
    """Staff sessions end after STAFF_SESSION_IDLE_SECONDS without a request and
    STAFF_SESSION_MAX_SECONDS after sign-in (ASVS 7.3.1, 7.3.2), even with
    "remember me": a shared office computer left signed in must not keep
    caregivers' details open. Caregivers keep the ordinary session length.

    Both clocks start when the person signs in (``accounts.signals``); a
    session from before this rule starts them at its next request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if policy.needs_mfa(user):
            now = int(time.time())
            session = request.session
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)
            seen_at = session.get(SEEN_AT, now)
            idle = now - seen_at > settings.STAFF_SESSION_IDLE_SECONDS
            too_long = now - signed_in_at > settings.STAFF_SESSION_MAX_SECONDS
            if idle or too_long:
                logout(request)
                messages.info(request, _timeout_message(idle=idle))
                return redirect_to_login(request.get_full_path())
            if now - session.get(SEEN_AT, 0) >= SEEN_RESOLUTION_SECONDS:
                session[SEEN_AT] = now
        return self.get_response(request)


def _timeout_message(*, idle: bool) -> str:
    if idle:
        minutes = settings.STAFF_SESSION_IDLE_SECONDS // 60
        return ngettext(
            "You were signed out after %(n)d minute without activity. Please sign in again.",
            "You were signed out after %(n)d minutes without activity. Please sign in again.",
            minutes,
        ) % {"n": minutes}
    hours = settings.STAFF_SESSION_MAX_SECONDS // 3600
    return ngettext(
        "You were signed out because you signed in more than %(n)d hour ago. Please sign in again.",
        "You were signed out because you signed in more than %(n)d hours ago. Please sign in again.",
        hours,
    ) % {"n": hours}


class RequireStaffMFAMiddleware:
    """Social workers, managers and superusers set up two-step verification
    (TOTP) before they reach any page with caregiver data.

    Until they have, every page except the account pages (where MFA is set
    up, and sign-out) sends them to the TOTP set-up page. On a developer's
    machine the demo may skip this, but only when DEBUG *and* DEMO_SKIP_MFA
    are both on.
    """

    allowed_prefixes = ("/accounts/", "/static/", "/invite/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            policy.needs_mfa(user)
            and not (settings.DEBUG and settings.DEMO_SKIP_MFA)
            and not request.path.startswith(self.allowed_prefixes)
            and not policy.has_mfa(user)
        ):
            messages.info(
                request,
                gettext(
                    "Before you can see caregivers' details, set up two-step verification with an authenticator app."
                ),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


class PersonLanguageMiddleware:
    """A signed-in person sees the site in the language they chose (``User.language``),
    on any device. Before sign-in, Django's LocaleMiddleware has already picked the
    language from the switcher's cookie or the browser's own preference."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
