"""Helpers for the events tests: New Zealand times, form data, calendar files, and
rows in bulk for the query budgets (the same number of queries for 5 rows as for 500)."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time, timedelta

from django import forms
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.models import Role, User
from events.models import RSVP, Audience, Event, EventKind, EventStatus, Response
from notifications.models import Message
from tests.accounts.factories import CaregiverFactory

NZ = zoneinfo.ZoneInfo("Pacific/Auckland")
INPUT = "%Y-%m-%dT%H:%M"


def next_local(weekday: int, at: time, *, weeks: int = 1, tz=NZ) -> datetime:
    """The given weekday (Monday = 0) at ``at`` local time, at least ``weeks`` weeks ahead, as an aware datetime."""
    today = timezone.localdate(timezone=tz)
    day = today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks)
    return datetime.combine(day, at, tzinfo=tz)


def local_input(value: datetime, tz=NZ) -> str:
    """How a datetime-local input sends ``value``: local wall time, to the minute."""
    return value.astimezone(tz).strftime(INPUT)


def next_year(month: int, day: int) -> date:
    return date(timezone.localdate().year + 1, month, day)


def at(when, hours: int = 2) -> dict:
    # Whole minutes, as the form stores them: calendar times have no microseconds.
    return {"starts_at": when, "ends_at": when + timedelta(hours=hours)}


def form_data(form: forms.Form, **overrides) -> dict:
    """What a browser would submit for ``form`` as rendered (its initial values), with ``overrides``."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
        elif isinstance(value, datetime):
            data[name] = local_input(value)
        else:
            data[name] = "" if value is None else value
    for name, value in overrides.items():
        if value is None or value is False:  # an unticked box is not sent
            data.pop(name, None)
        elif value is True:
            data[name] = "on"
        elif isinstance(value, datetime):
            data[name] = local_input(value)
        else:
            data[name] = value
    return data


def edit_data(client, event, **overrides) -> dict:
    """The edit form as the page renders it, with ``overrides`` typed in."""
    form = client.get(reverse("event_edit", args=[event.pk])).context["form"]
    return form_data(form, **overrides)


def reply(**overrides) -> dict:
    """A caregiver's reply form: going, two adults and three children, two of them childminded."""
    data = {
        "going": "yes",
        "adults": "2",
        "children_0_4": "1",
        "children_5_11": "2",
        "children_12_17": "0",
        "childminding_for": "2",
        "dietary": "One vegetarian",
        "access_needs": "",
    }
    data.update(overrides)
    return data


def messages_of(kind: str) -> list[tuple[str, str]]:
    return sorted(Message.objects.filter(kind=kind).values_list("recipient__email", "channel"))


def carer(region, first_name, last_name="Tane", **profile) -> User:
    return CaregiverFactory(region=region, user__first_name=first_name, user__last_name=last_name, **profile).user


# --- Calendar files ------------------------------------------------------------------


def vevents(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    return calendar.walk("VEVENT")


def by_summary(response) -> dict:
    return {str(item["SUMMARY"]): item for item in vevents(response)}


def feed_response(client, token: str):
    return client.get(reverse("calendar_feed", args=[token]))


# --- Rows in bulk, for the query budgets ---------------------------------------------


def bulk_events(n: int, region, created_by, **fields) -> list[Event]:
    start = timezone.now() + timedelta(days=3)
    defaults = {
        "kind": EventKind.COFFEE_MORNING,
        "audience": Audience.REGION,
        "region": region,
        "venue_name": "Community hall",
        "status": EventStatus.PUBLISHED,
        "created_by": created_by,
        "capacity": 50,
    }
    return Event.objects.bulk_create(
        Event(
            title=f"Bulk event {i}",
            starts_at=start + timedelta(hours=i),
            ends_at=start + timedelta(hours=i + 2),
            **{**defaults, **fields},
        )
        for i in range(n)
    )


def bulk_caregivers(n: int) -> list[User]:
    return User.objects.bulk_create(
        User(email=f"bulk{i}@example.org", first_name=f"Bulk{i}", last_name="Carer", role=Role.CAREGIVER)
        for i in range(n)
    )


def many_replies(event, n: int) -> None:
    """``n`` replies of every kind: going with children and diets, waitlisted, not going."""
    users = bulk_caregivers(n)
    RSVP.objects.bulk_create(
        RSVP(
            event=event,
            user=user,
            response=Response.NOT_GOING if i % 7 == 0 else Response.GOING,
            adults=1,
            children_5_11=i % 3,
            childminding_for=min(i % 3, 1),
            dietary="Vegetarian" if i % 4 == 0 else "",
            waitlisted=i % 7 == 1,
            waitlisted_at=timezone.now() if i % 7 == 1 else None,
        )
        for i, user in enumerate(users)
    )
