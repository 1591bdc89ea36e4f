"""The admin writes events through ``events.services``, like the site: a new event
gets its checklist and default reminders, an edit reschedules the reminders,
bumps the calendar SEQUENCE, promotes the waitlist and tells the people going,
and cancelling is an action that tells them too. RSVPs are read-only here:
``events.services`` is their only writer, so the capacity rules hold.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.contrib.admin.helpers import ActionForm
from django.db import models
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import services
from .models import RSVP, ChecklistItem, Event, EventInvitee, EventReminder, EventStatus, FollowUp

# Compared with the stored row as well as the form's changed fields, like the
# site's event_edit: anything that can move the real start or the places.
WATCHED_FIELDS = (*services.ATTENDEE_FIELDS, "capacity")

CANCEL_HELP = _("To cancel, use the “Cancel selected events” action on the list of events: it tells everyone going.")


def _is_open(event: Event | None) -> bool:
    # Like the site: a cancelled event is not edited any more.
    return event is None or event.status != EventStatus.CANCELLED


class EventAdminForm(forms.ModelForm):
    """The admin makes the fields from the model; this adds the site's rules."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields:
            self.fields["status"].choices = [c for c in EventStatus.choices if c[0] != EventStatus.CANCELLED]
            self.fields["status"].help_text = CANCEL_HELP

    def clean_capacity(self):
        capacity = self.cleaned_data.get("capacity")
        if self.instance.pk is not None and capacity is not None:
            # The admin's change view is one transaction: holding the event's lock from this
            # check to the save keeps a reply from slipping in between (a reply takes the same
            # lock), so the answer is this message, not a refusal at save time (a server error).
            Event.objects.select_for_update().filter(pk=self.instance.pk).first()
        problem = self.instance.capacity_problem(capacity)
        if problem:
            raise forms.ValidationError(problem)
        return capacity


class EventActionForm(ActionForm):
    reason = forms.CharField(label=_("Reason for cancelling"), required=False)


class EventReminderInline(admin.TabularInline):
    model = EventReminder
    extra = 0
    fields = ["minutes_before", "by_email", "by_sms", "due_at", "processed_at"]
    readonly_fields = ["due_at", "processed_at"]

    def has_add_permission(self, request, obj):
        return _is_open(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _is_open(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _is_open(obj) and super().has_delete_permission(request, obj)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventAdminForm
    action_form = EventActionForm
    actions = ["cancel_events"]
    list_display = ["title", "kind", "region", "starts_at", "status", "capacity"]
    list_filter = ["status", "kind", "region"]
    search_fields = ["title", "venue_name"]
    readonly_fields = ["uid", "sequence", "created_by", "cancelled_reason", "cancelled_at"]
    inlines = [EventReminderInline]
    # Like the site's form, and without Django 5's warning about the default scheme.
    formfield_overrides = {models.URLField: {"widget": widgets.AdminURLFieldWidget, "assume_scheme": "https"}}

    def get_inlines(self, request, obj):
        # A new event gets the default reminders from event_create; change them once it is saved.
        return self.inlines if obj is not None else []

    def has_change_permission(self, request, obj=None):
        return _is_open(obj) and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        """Through the site's services (the admin wraps this in one transaction with the inlines).

        1. New: ``event_create`` (checklist, default reminders), as the signed-in superuser.
        2. Edit: what changed is the form's changed fields plus the watched stored values
           that differ; ``event_update`` reschedules reminders, bumps SEQUENCE, promotes
           the waitlist and tells the people going.
        """
        if not change:
            fields = {name: getattr(obj, name) for name in form.cleaned_data}
            event = services.event_create(created_by=request.user, **fields)
            # The admin carries on with the object it built (log entry, redirect).
            obj.pk = event.pk
            obj.refresh_from_db()
            return
        stored = Event.objects.get(pk=obj.pk)
        changed = list({*form.changed_data, *(n for n in WATCHED_FIELDS if getattr(obj, n) != getattr(stored, n))})
        services.event_update(event=obj, changed=changed)
        if services.tells_people_going(obj, changed):
            self.message_user(request, gettext("Everyone going or waitlisted has been told about the change."))

    def save_formset(self, request, form, formset, change):
        # Keep each reminder's due time in step with the event's start.
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, EventReminder):
                instance.reschedule()
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()

    @admin.action(description=_("Cancel selected events and tell everyone going"), permissions=["change"])
    def cancel_events(self, request, queryset):
        reason = request.POST.get("reason", "").strip()
        if not reason:
            self.message_user(
                request,
                gettext(
                    "Type the reason for cancelling next to the action (everyone going is told it), then run it again."
                ),
                messages.ERROR,
            )
            return
        cancelled = 0
        for event in queryset.exclude(status=EventStatus.CANCELLED):
            services.event_cancel(event=event, reason=reason)
            cancelled += 1
        self.message_user(
            request,
            ngettext(
                "Cancelled %(n)d event. Everyone going or waitlisted has been told.",
                "Cancelled %(n)d events. Everyone going or waitlisted has been told.",
                cancelled,
            )
            % {"n": cancelled},
            messages.SUCCESS,
        )


@admin.register(RSVP)
class RSVPAdmin(admin.ModelAdmin):
    """Read-only: a reply written by hand would skip the capacity and waitlist rules."""

    list_display = ["event", "user", "response", "waitlisted", "adults", "attendance"]
    list_filter = ["response", "waitlisted", "attendance"]
    search_fields = ["event__title", "user__email", "user__first_name", "user__last_name"]
    list_select_related = ["event", "user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(EventInvitee, raw_id_fields=["event", "user"])
admin.site.register(FollowUp, raw_id_fields=["event", "caregiver", "by"])
admin.site.register(ChecklistItem, raw_id_fields=["event", "done_by"])
