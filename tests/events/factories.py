from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from events.models import RSVP, Audience, Event, EventKind, EventStatus, Response
from tests.accounts.factories import RegionFactory, UserFactory


class EventFactory(factory.django.DjangoModelFactory):
    """A published regional event in Wellington, a fortnight away, 2 hours long."""

    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Coffee morning {n}")
    kind = EventKind.COFFEE_MORNING
    audience = Audience.REGION
    region = factory.SubFactory(RegionFactory, name="Wellington", slug="wellington")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    venue_name = "Community hall"
    venue_address = "1 Main Road, Lower Hutt"
    status = EventStatus.PUBLISHED
    created_by = factory.SubFactory(UserFactory)


class RSVPFactory(factory.django.DjangoModelFactory):
    """Written directly (bypassing the capacity rules): for setting up lists, not for testing the rules."""

    class Meta:
        model = RSVP

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    response = Response.GOING
    adults = 1
