"""Read-only queries about events that other apps and the home pages use."""

from __future__ import annotations

from django.utils import timezone

from .models import RSVP, CalendarFeed, EventStatus, Response


def next_replies_for(user, *, limit: int = 3) -> list[RSVP]:
    """This person's next events they are going to (or waitlisted for), soonest first."""
    return list(
        RSVP.objects.filter(
            user=user,
            response=Response.GOING,
            event__ends_at__gt=timezone.now(),
            event__status=EventStatus.PUBLISHED,
        )
        .select_related("event", "event__region")
        .order_by("event__starts_at")[:limit]
    )


def calendar_feed_of(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()
