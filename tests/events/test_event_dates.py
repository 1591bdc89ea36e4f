"""Dates typed into event forms are range-checked next to the field (2000–2100).

Year 0001 used to be accepted: PostgreSQL stored a BC date psycopg2 could not
read back, and the Events page answered 500 for everyone who could see it.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from events.models import Audience, Event, EventKind, EventStatus
from tests.events.factories import EventFactory
from tests.events.helpers import form_data, local_input, next_local

RANGE_MESSAGE = "Enter a date between 2000 and 2100."


def new_event(region, **overrides) -> dict:
    starts = next_local(5, time(16), weeks=3)
    return {
        "title": "Whānau fun day",
        "kind": EventKind.FAMILY_FUN_DAY,
        "status": EventStatus.PUBLISHED,
        "audience": Audience.REGION,
        "region": region.pk,
        "starts_at": local_input(starts),
        "ends_at": local_input(starts + timedelta(hours=2)),
        "venue_name": "Hutt Park pavilion",
        "capacity": "60",
        **overrides,
    }


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("rsvp_deadline", "0001-01-01T00:00"),
        ("starts_at", "0001-01-01T00:00"),
        ("ends_at", "9999-12-31T23:59"),
        ("starts_at", "1999-12-31T10:00"),
        ("ends_at", "2101-01-01T10:00"),
    ],
)
def test_a_date_out_of_range_is_refused_next_to_the_field_on_create(client, social_worker, wellington, field, typed):
    client.force_login(social_worker)
    response = client.post(reverse("event_create") + "?kind=family_fun_day", new_event(wellington, **{field: typed}))
    assert response.status_code == 200
    assert RANGE_MESSAGE in response.context["form"].errors[field]
    assert Event.objects.count() == 0


def test_moving_an_event_to_year_1_is_refused_and_changes_nothing(client, social_worker, wellington):
    event = EventFactory(region=wellington, created_by=social_worker)
    before = (event.starts_at, event.ends_at, event.sequence)
    client.force_login(social_worker)
    form = client.get(reverse("event_edit", args=[event.pk])).context["form"]
    response = client.post(reverse("event_edit", args=[event.pk]), form_data(form, starts_at="0001-01-01T00:00"))
    assert response.status_code == 200
    assert response.context["form"].errors["starts_at"] == [RANGE_MESSAGE]
    event.refresh_from_db()
    assert (event.starts_at, event.ends_at, event.sequence) == before
    assert client.get(reverse("event_list")).status_code == 200


@pytest.mark.parametrize("field", ["date_from", "date_to"])
def test_the_events_filter_refuses_a_date_out_of_range(client, caregiver, field):
    client.force_login(caregiver)
    response = client.get(reverse("event_list"), {field: "0001-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [RANGE_MESSAGE]


def test_the_database_refuses_an_event_before_2000(wellington, social_worker):
    event = EventFactory(region=wellington, created_by=social_worker)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(
            starts_at=datetime(1999, 1, 1, tzinfo=UTC), ends_at=datetime(1999, 1, 1, 2, tzinfo=UTC)
        )
