"""The group admin is read-mostly: a group added here is made by ``groups.services``
(with version 1 of its agreement), and its schedule and description can be edited.
Memberships, agreement versions, meetings, roles and attendance are read-only here:
the services are their only writers, so the capacity, agreement and invitee rules hold.
"""

from __future__ import annotations

from django.contrib import admin

from . import services
from .models import AgreementVersion, Attendance, Group, Meeting, MeetingRole, Membership


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ("user", "status", "role", "agreement_version", "joined_at")
    readonly_fields = fields


class AgreementInline(ReadOnlyInline):
    model = AgreementVersion
    fields = ("number", "created_by", "created_at")
    readonly_fields = fields


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region", "area", "frequency", "weekday", "meets_at", "joining_policy")
    list_filter = ("kind", "region", "joining_policy", "theme")
    search_fields = ("name", "area")
    readonly_fields = ("created_by", "created_at", "is_evening", "is_weekend")
    inlines = [AgreementInline, MembershipInline]

    def has_delete_permission(self, request, obj=None):
        # Meetings are events with replies: a group is closed, not deleted.
        return False

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            return
        fields = {f: form.cleaned_data[f] for f in form.cleaned_data if f not in ("created_by",)}
        created = services.group_create(created_by=request.user, **fields)
        obj.pk = created.pk
        obj.created_by = created.created_by


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "group", "status", "role", "agreement_version", "joined_at")
    list_filter = ("status", "role")
    list_select_related = ("user", "group", "agreement_version", "agreement_version__group")


@admin.register(AgreementVersion)
class AgreementVersionAdmin(ReadOnlyAdmin):
    list_display = ("group", "number", "created_by", "created_at")
    list_select_related = ("group", "created_by")


class MeetingRoleInline(ReadOnlyInline):
    model = MeetingRole
    fields = ("role", "user")
    readonly_fields = fields


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = ("user", "attended", "recorded_by", "recorded_at")
    readonly_fields = fields


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("event", "group")
    list_select_related = ("event", "group")
    inlines = [MeetingRoleInline, AttendanceInline]
