from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts import policy


class PortalAdminSite(admin.AdminSite):
    site_header = _("Caregiver Peer Support administration")
    site_title = _("Peer Support admin")

    def has_permission(self, request: HttpRequest) -> bool:
        return policy.can_use_admin(request.user)

    def login(self, request, extra_context=None):
        # Sign-in (with its MFA step and rate limits) happens only through allauth.
        return secure_admin_login(super().login)(request, extra_context)
