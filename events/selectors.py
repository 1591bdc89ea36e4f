"""Read-only queries about events that other apps and the home pages use."""

from __future__ import annotations

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from notifications.models import Message

from .models import RSVP, CalendarFeed, Event, EventStatus, Response


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


def latest_delivery(event: Event, people: QuerySet) -> dict[tuple[int, str], str]:
    """{(user id, channel): status} of the latest message about ``event`` to each of
    ``people`` (a queryset of user ids) on each channel.

    One row per person and channel comes back (the first of each partition, newest
    first), however many confirmations, reminders and changes the event has sent."""
    newest_first = [F("created_at").desc(), F("pk").desc()]
    rank = Window(RowNumber(), partition_by=[F("recipient_id"), F("channel")], order_by=newest_first)
    latest = (
        Message.objects.filter(event=event, recipient__in=people)
        .annotate(rank=rank)
        .filter(rank=1)
        .order_by()
        .values_list("recipient_id", "channel", "status")
    )
    return {(recipient, channel): status for recipient, channel, status in latest}
