"""Invitations are made on the site (Invitations → Invite a caregiver), whose form
checks the address and the region. The admin shows them, and revokes or resends
them through ``invitations.services`` like the site, so a new link is always
emailed through the outbox.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Invitation


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "region", "invited_by", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["region"]
    search_fields = ["email"]
    list_select_related = ["region", "invited_by"]
    actions = ["revoke", "resend"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke selected invitations (their links stop working)"))
    def revoke(self, request, queryset):
        for invitation in queryset:
            services.invitation_revoke(invitation=invitation)
        self.message_user(request, gettext("The links of the selected invitations no longer work."), messages.SUCCESS)

    @admin.action(description=_("Send selected invitations again with a fresh link"))
    def resend(self, request, queryset):
        sent, joined = [], []
        # Newest first, and one email per address: each resend revokes the links before it.
        for invitation in queryset.select_related("region", "social_worker").order_by("-created_at", "-pk"):
            if invitation.accepted_at:
                joined.append(invitation.email)
            elif invitation.email not in sent:
                services.invitation_resend(invitation=invitation, by=request.user)
                sent.append(invitation.email)
        if sent:
            self.message_user(
                request, gettext("A new link was sent to %(emails)s.") % {"emails": ", ".join(sent)}, messages.SUCCESS
            )
        if joined:
            self.message_user(
                request,
                gettext("Already joined, not sent: %(emails)s.") % {"emails": ", ".join(joined)},
                messages.WARNING,
            )
