"""iCalendar output: a file per event and each caregiver's "My events" feed.

The same event always has the same UID; SEQUENCE goes up whenever it changes
(``events.services``), so calendar apps update the entry instead of adding a
second one, and a cancelled event arrives as STATUS:CANCELLED.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import CalendarFeed, Event, EventStatus


def feed_path(feed: CalendarFeed) -> str:
    return reverse("calendar_feed", kwargs={"token": feed.token})


def render_events(events: Iterable[Event], *, request=None) -> bytes:
    cal = Calendar()
    cal.add("prodid", f"-//{settings.SITE_NAME}//Events//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", settings.SITE_NAME)
    for event in events:
        cal.add_component(_component(event, request))
    return cal.to_ical()


def _component(event: Event, request) -> CalendarEvent:
    url = reverse("event_detail", kwargs={"pk": event.pk})
    url = request.build_absolute_uri(url) if request else f"{settings.SITE_URL}{url}"
    item = CalendarEvent()
    item.add("uid", f"event-{event.uid}@peersupport")
    item.add("sequence", event.sequence)
    item.add("dtstamp", timezone.now())
    item.add("last-modified", event.updated_at)
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    cancelled = event.status == EventStatus.CANCELLED
    summary = gettext("Cancelled: %(title)s") % {"title": event.title} if cancelled else event.title
    item.add("summary", summary)
    location = ", ".join(part for part in (event.venue_name, event.venue_address) if part)
    if location:
        item.add("location", location)
    description = event.description
    if cancelled:
        description = gettext("Cancelled: %(reason)s") % {"reason": event.cancelled_reason} + f"\n\n{description}"
    details = gettext("Details and your reply: %(url)s") % {"url": url}
    item.add("description", f"{description}\n\n{details}".strip())
    item.add("url", url)
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return item
