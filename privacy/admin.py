"""The discussion in the admin: only what carries no post text.

Posts, threads, reports and protected names are not registered: staff read posts only in
the moderation queue of a group they moderate, and protected names are digests nobody can
read. The moderation log is read-only (who, what, when, why); each group's retention
period can be changed here within RETENTION_MIN_MONTHS..RETENTION_MAX_MONTHS.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext

from .models import RETENTION_MAX_MONTHS, RETENTION_MIN_MONTHS, DiscussionSettings, ModerationLog


@admin.register(ModerationLog)
class ModerationLogAdmin(admin.ModelAdmin):
    list_display = ("at", "group", "action", "actor", "post_id_at_the_time", "reason")
    list_filter = ("action",)
    list_select_related = ("group", "actor")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DiscussionSettingsForm(forms.ModelForm):
    class Meta:
        model = DiscussionSettings
        fields = ("group", "retention_months")

    def clean_retention_months(self):
        months = self.cleaned_data["retention_months"]
        if not RETENTION_MIN_MONTHS <= months <= RETENTION_MAX_MONTHS:
            raise forms.ValidationError(
                gettext("Between %(least)s and %(most)s months.")
                % {"least": RETENTION_MIN_MONTHS, "most": RETENTION_MAX_MONTHS}
            )
        return months


@admin.register(DiscussionSettings)
class DiscussionSettingsAdmin(admin.ModelAdmin):
    form = DiscussionSettingsForm
    list_display = ("group", "retention_months")
    list_select_related = ("group",)
    raw_id_fields = ("group",)
