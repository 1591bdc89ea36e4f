"""Read-only queries about events that other apps and the home pages use."""

from __future__ import annotations

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from notifications.models import Channel, Message, MessageStatus

from .models import HEAD_FIELDS, RSVP, CalendarFeed, Event, EventStatus, Response


def going_replies_of(user) -> dict[int, RSVP]:
    """This person's replies saying they are going (or waitlisted), by event id.

    Read alone, through the replies' user index; the events are then read by primary key
    (upcoming_of, past_of). As one join, PostgreSQL walked the events' primary key from
    the first event ever to the last one this person replied to."""
    replies = RSVP.objects.filter(user=user, response=Response.GOING).only(*REPLY_CARD_FIELDS).order_by()
    return {reply.event_id: reply for reply in replies}


# What the cards on My events and the home page show, and nothing more: these pages load every
# reply a person has made, and building full rows was most of their cost.
REPLY_CARD_FIELDS = (
    "event_id",
    "user_id",
    "response",
    *HEAD_FIELDS,
    "childminding_for",
    "dietary",
    "access_needs",
    "waitlisted",
)
EVENT_CARD_FIELDS = (
    "title", "kind", "venue_name", "starts_at", "ends_at", "region", "status", "cancelled_reason",
    "family_friendly", "childminding", "capacity", "rsvp_deadline",
)  # fmt: skip


def _with_events(replies: dict[int, RSVP], events) -> list[RSVP]:
    shown = []
    for event in events:
        reply = replies[event.pk]
        reply.event = event
        shown.append(reply)
    return shown


def upcoming_of(replies: dict[int, RSVP], *, published_only: bool = False, limit: int | None = None) -> list[RSVP]:
    """The replies' events that have not ended, soonest first."""
    events = (
        Event.objects.filter(pk__in=list(replies), ends_at__gt=timezone.now())
        .select_related("region")
        .only(*EVENT_CARD_FIELDS, "region__name", "region__timezone")
    )
    if published_only:
        events = events.filter(status=EventStatus.PUBLISHED)
    events = events.order_by("starts_at", "pk")
    return _with_events(replies, events[:limit] if limit else events)


def past_of(replies: dict[int, RSVP], *, limit: int) -> list[RSVP]:
    """The replies' events that have ended, latest first."""
    events = (
        Event.objects.filter(pk__in=list(replies), ends_at__lte=timezone.now())
        .select_related("region")
        .only(*EVENT_CARD_FIELDS, "region__name", "region__timezone")
    )
    return _with_events(replies, events.order_by("-starts_at", "-pk")[:limit])


def next_replies_for(user, *, limit: int = 3) -> list[RSVP]:
    """This person's next events they are going to (or waitlisted for), soonest first."""
    return upcoming_of(going_replies_of(user), published_only=True, limit=limit)


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


def failed_text_recipients(latest: dict[tuple[int, str], str]) -> list[int]:
    """The people whose latest text did not arrive, from ``latest_delivery``'s answer."""
    return [
        user for (user, channel), status in latest.items() if channel == Channel.SMS and status == MessageStatus.FAILED
    ]


def upcoming_visible_to(user, *, limit: int = 3) -> list[Event]:
    """Published events this person may see that have not ended, soonest first (for
    other apps' suggestions, such as the care map's next steps): one query."""
    events = Event.objects.visible_to(user).upcoming().filter(status=EventStatus.PUBLISHED).select_related("region")
    return list(events.order_by("starts_at", "pk")[:limit])
