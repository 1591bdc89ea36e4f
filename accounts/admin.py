from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import STAFF_ROLES, CaregiverProfile, Language, Region, StaffProfile, StaffRead, Topic, User
from .signout import staff_deactivate


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active", "is_superuser"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "role"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "role", "password1", "password2"]})]
    filter_horizontal = []
    actions = ["deactivate_staff"]

    @admin.action(description=_("Deactivate staff who are leaving (their audit trail is kept)"))
    def deactivate_staff(self, request, queryset):
        """Staff are never erased: what they read and decided keeps its author (issue 15)."""
        staff = list(queryset.filter(role__in=STAFF_ROLES, is_active=True))
        for person in staff:
            staff_deactivate(staff=person)
        self.message_user(
            request,
            ngettext(
                "%(n)d member of staff deactivated and signed out everywhere.",
                "%(n)d members of staff deactivated and signed out everywhere.",
                len(staff),
            )
            % {"n": len(staff)},
            messages.SUCCESS,
        )


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "timezone"]
    prepopulated_fields = {"slug": ["name"]}


admin.site.register(Language)
admin.site.register(Topic)


@admin.register(CaregiverProfile)
class CaregiverProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "region", "locality", "status", "caregiver_type", "social_worker"]
    list_filter = ["region", "status", "caregiver_type"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "locality"]
    list_select_related = ["user", "region", "social_worker"]
    raw_id_fields = ["user", "social_worker"]


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "job_title", "all_regions"]
    filter_horizontal = ["regions"]
    raw_id_fields = ["user"]


@admin.register(StaffRead)
class StaffReadAdmin(admin.ModelAdmin):
    """Looked at, never changed: the table is append-only in PostgreSQL too (migration 0007)."""

    list_display = ["at", "reader", "subject", "what", "object_id", "reason"]
    list_filter = ["what"]
    list_select_related = ["reader", "subject"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
