"""Read-only queries about events that other apps and the home pages use."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, F, Q, QuerySet, Sum, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from notifications.models import Channel, Message, MessageStatus

from .models import HEAD_FIELDS, RSVP, Attendance, Audience, CalendarFeed, Event, EventStatus, FollowUp, Response


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


def people_on_replies_page(event: Event, page_number, page_size: int) -> list[int]:
    """The caregivers the staff replies page shows (events.views.event_rsvps), by user id:
    this page of the households going, everyone whose text did not arrive, the waitlist
    and those not going. For a page drawn from the page cache, whose reads are recorded too."""
    going = event.rsvps.confirmed().order_by("user__first_name", "user__last_name", "pk")
    page = Paginator(going.values_list("user_id", flat=True), page_size).get_page(page_number)
    failed = failed_text_recipients(latest_delivery(event, event.rsvps.confirmed().values("user_id")))
    others = event.rsvps.filter(Q(response=Response.NOT_GOING) | Q(waitlisted=True)).values_list("user_id", flat=True)
    return [*page.object_list, *failed, *others]


def upcoming_visible_to(user, *, limit: int = 3) -> list[Event]:
    """Published events this person may see that have not ended, soonest first (for
    other apps' suggestions, such as the care map's next steps): one query."""
    events = Event.objects.visible_to(user).upcoming().filter(status=EventStatus.PUBLISHED).select_related("region")
    return list(events.order_by("starts_at", "pk")[:limit])


# --- For feedback surveys and managers' reports (feedback/) -------------------------------


def events_ended_between(start, end) -> QuerySet[Event]:
    """Published events (not group meetings: groups are asked quarterly) that ended in [start, end)."""
    return (
        Event.objects.filter(status=EventStatus.PUBLISHED, ends_at__gte=start, ends_at__lt=end)
        .exclude(audience=Audience.GROUP)
        .select_related("region")
        .order_by("ends_at", "pk")
    )


def came_and_missed(event: Event) -> tuple[list, list]:
    """(people who came, people who held a place and did not come). When nobody was checked
    in at the event, everyone holding a place is taken to have come."""
    rsvps = list(event.rsvps.confirmed().select_related("user__caregiver_profile").order_by("pk"))
    checked = any(r.attendance for r in rsvps)
    # Replies kept for the counts after their caregiver closed their account have nobody to ask.
    rsvps = [r for r in rsvps if r.user_id is not None]
    came = [r.user for r in rsvps if not checked or r.attendance == Attendance.ATTENDED]
    missed = [r.user for r in rsvps if checked and r.attendance != Attendance.ATTENDED]
    return came, missed


def participation_by_region(region_ids: list[int], start, end) -> dict[int, dict]:
    """{region id: figures} for events (not group meetings: the groups report has those) that
    started in [start, end) and were not cancelled: ``events`` held, households that said
    ``going`` (RSVPs holding a place), households checked in as ``attended``, ``no_shows``,
    distinct ``families`` that attended, ``children`` in attending households, children
    ``childminded``. One query."""
    attended = Q(rsvps__attendance=Attendance.ATTENDED, rsvps__response=Response.GOING)
    children = sum((F(f"rsvps__{name}") for name in HEAD_FIELDS[2:]), F(f"rsvps__{HEAD_FIELDS[1]}"))
    rows = (
        Event.objects.filter(region_id__in=region_ids, starts_at__gte=start, starts_at__lt=end)
        .exclude(status=EventStatus.CANCELLED)
        .exclude(audience=Audience.GROUP)
        .values("region_id")
        .order_by("region_id")
        .annotate(
            events=Count("pk", distinct=True),
            going=Count("rsvps", filter=Q(rsvps__response=Response.GOING, rsvps__waitlisted=False)),
            attended=Count("rsvps", filter=attended),
            no_shows=Count("rsvps", filter=Q(rsvps__attendance=Attendance.NO_SHOW)),
            # A reply kept after its caregiver closed their account (user none) is one family more.
            families=Count("rsvps__user", filter=attended, distinct=True)
            + Count("rsvps", filter=attended & Q(rsvps__user__isnull=True)),
            children=Coalesce(Sum(children, filter=attended), 0),
            childminded=Coalesce(Sum("rsvps__childminding_for", filter=attended), 0),
        )
    )
    return {row.pop("region_id"): row for row in rows}


def follow_ups_by_staff(region_ids: list[int], start, end) -> dict[int, int]:
    """{staff user id: follow-up calls, texts and emails logged} about events in the regions, in [start, end)."""
    rows = (
        FollowUp.objects.filter(event__region_id__in=region_ids, at__gte=start, at__lt=end)
        .values("by_id")
        .order_by("by_id")
        .annotate(n=Count("pk"))
    )
    return {row["by_id"]: row["n"] for row in rows}
