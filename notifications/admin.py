from django.contrib import admin

from .models import Message, PhoneNumberStatus


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "channel", "recipient", "status", "attempts"]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["idempotency_key", "provider_message_id", "to"]
    list_select_related = ["recipient"]

    # The outbox is written by the portal only: a message edited by hand could be
    # sent twice, and saving a row back (even unchanged) could overwrite what a
    # worker has just recorded on it.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PhoneNumberStatus)
class PhoneNumberStatusAdmin(admin.ModelAdmin):
    list_display = ["phone", "opted_out_at", "invalid_at", "invalid_reason"]
    search_fields = ["phone"]
