"""The admin writes through the same rules as the site: match statuses are read-only here
(``buddies.services`` moves them); buddy settings, ambassadors and the weights are edited."""

from django.contrib import admin

from .models import BuddyProfile, Enquiry, Match, MatchWeights


@admin.register(BuddyProfile)
class BuddyProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "willing", "capacity", "paused", "ambassador"]
    list_filter = ["willing", "paused", "ambassador"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    raw_id_fields = ["user"]


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ["new_caregiver", "buddy", "status", "started_on", "ended_at"]
    list_filter = ["status"]
    search_fields = ["new_caregiver__email", "buddy__email"]
    readonly_fields = [f.name for f in Match._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(MatchWeights)
class MatchWeightsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "place", "availability", "caregiver_type", "topics", "updated_at"]

    def has_add_permission(self, request):
        # One row (a database constraint): once it exists it is changed, not added again.
        return super().has_add_permission(request) and not MatchWeights.objects.exists()


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    list_display = ["first_name", "region", "outcome", "created_at"]
    list_filter = ["outcome", "region"]
    raw_id_fields = ["ambassador", "recorded_by"]
