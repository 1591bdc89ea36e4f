from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from . import policy


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
                "Before you can see caregivers' details, set up two-step verification with an authenticator app.",
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
