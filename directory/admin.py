"""Read-only in the admin: listings are curated on the site, through directory.services
(stamps, the one-current-name rule); the admin is for looking things up."""

from django.contrib import admin
from django.db import models

from .models import Listing, TrainingCompletion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Listing)
class ListingAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "region", "audience", "last_checked", "retired_at")
    list_filter = ("kind", "audience", "region", "retired_at")
    search_fields = ("name", "summary")
    list_select_related = ("region",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(TrainingCompletion)
class TrainingCompletionAdmin(ReadOnlyAdmin):
    list_display = ("user", "listing", "completed_on")
    list_select_related = ("user", "listing")
    search_fields = ("listing__name",)
    raw_id_fields = ("user", "listing")
