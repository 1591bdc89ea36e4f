from django.contrib import admin

from .models import Invitation


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "region", "invited_by", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["region"]
    search_fields = ["email"]
    readonly_fields = ["uid", "sent_at", "accepted_at", "accepted_user"]
    raw_id_fields = ["invited_by", "social_worker"]
