"""How long events keeps follow-up notes and calendar addresses (settings.RETENTION)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import RetentionRule, register_retention

from .models import CalendarFeed, FollowUp


def blank_old_follow_up_notes(now: datetime) -> int:
    cutoff = now - settings.RETENTION["events.follow_up_notes"]
    return FollowUp.objects.filter(at__lt=cutoff).exclude(note="").update(note="")


def delete_unused_calendar_feeds(now: datetime) -> int:
    """An address no calendar app has fetched for the period, made before it and whose owner
    has not signed in since, is unused: a secret address to someone's whereabouts should not
    outlive their interest."""
    cutoff = now - settings.RETENTION["events.calendar_feeds"]
    not_fetched = Q(last_used_at__lt=cutoff) | Q(last_used_at__isnull=True)
    idle = Q(user__last_login__lt=cutoff) | Q(user__last_login__isnull=True)
    _total, per_model = CalendarFeed.objects.filter(not_fetched, idle, created_at__lt=cutoff).delete()
    return per_model.get(CalendarFeed._meta.label, 0)


register_retention(
    RetentionRule(
        key="events.follow_up_notes",
        model="events.FollowUp",
        action=_("the note blanked; method and outcome stay"),
        counted_from=_("when the follow-up was made"),
        apply=blank_old_follow_up_notes,
    )
)
register_retention(
    RetentionRule(
        key="events.calendar_feeds",
        model="events.CalendarFeed",
        action=_("the address deleted (it stops working; a new one can be made on My events)"),
        counted_from=_(
            "when it was made, last fetched by a calendar app or its owner last signed in, whichever is latest"
        ),
        apply=delete_unused_calendar_feeds,
    )
)
