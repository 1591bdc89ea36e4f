from django.contrib import admin

from .models import RSVP, ChecklistItem, Event, EventInvitee, EventReminder, FollowUp


class EventReminderInline(admin.TabularInline):
    model = EventReminder
    extra = 0
    fields = ["minutes_before", "by_email", "by_sms", "due_at", "processed_at"]
    readonly_fields = ["due_at", "processed_at"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "region", "starts_at", "status", "capacity"]
    list_filter = ["status", "kind", "region"]
    search_fields = ["title", "venue_name"]
    readonly_fields = ["uid", "sequence"]
    raw_id_fields = ["created_by"]
    inlines = [EventReminderInline]

    def save_formset(self, request, form, formset, change):
        # Keep each reminder's due time in step with the event's start.
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, EventReminder):
                instance.reschedule()
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(RSVP)
class RSVPAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "response", "waitlisted", "adults", "attendance"]
    list_filter = ["response", "waitlisted"]
    list_select_related = ["event", "user"]
    raw_id_fields = ["event", "user", "checked_in_by"]


admin.site.register(EventInvitee, raw_id_fields=["event", "user"])
admin.site.register(FollowUp, raw_id_fields=["event", "caregiver", "by"])
admin.site.register(ChecklistItem, raw_id_fields=["event", "done_by"])
