"""Keys for the cached HTML of event cards (the ``{% cache %}`` blocks on the Events
and My events pages).

A key is built from exactly the values a block shows, plus the language, so a cached
copy is reused only while every one of them is unchanged: nothing has to be
invalidated when an event is edited, a reply arrives or a region is renamed, and two
people who would see the same cards share one copy. Rendering twenty cards costs
several milliseconds; reading them back is one cache lookup. Forms (and their CSRF
tokens) never go inside these blocks.
"""

from __future__ import annotations

from django.utils import translation

from .models import RSVP, Event


def event_values(event: Event) -> tuple:
    """What an event's card shows about the event itself."""
    region = (event.region.name, event.region.timezone) if event.region_id else None
    return (
        event.pk,
        event.title,
        event.kind,
        event.venue_name,
        event.starts_at,
        event.ends_at,
        region,
        event.status,
        event.cancelled_reason,
        event.family_friendly,
        event.childminding,
        event.capacity,
    )


def event_list_key(events: list[Event]) -> str:
    """The Events page's cards: each event, places taken and the viewer's own reply."""
    return repr(
        (
            translation.get_language(),
            [(event_values(e), e.going_heads, e.my_response, e.my_waitlisted) for e in events],
        )
    )


def my_events_key(rsvps: list[RSVP]) -> str:
    """My events' cards: each event, the person's reply, and whether it can still change
    (replies close at a deadline, so that is part of the key, not a fixed property)."""
    return repr(
        (
            translation.get_language(),
            [
                (
                    event_values(r.event),
                    r.waitlisted,
                    r.adults,
                    r.children,
                    r.childminding_for,
                    r.heads,
                    r.event.is_open_for_replies,
                )
                for r in rsvps
            ],
        )
    )
