"""My events (``my_events``): its query budget. Replying and what the page then shows
are tested with the reply form (test_rsvp_edit.py)."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from events.models import RSVP, Event, EventStatus, Response
from tests.events.helpers import bulk_events
from tests.querycount import assert_constant_queries


def test_my_events_query_budget(client, caregiver, wellington, social_worker, five_events):
    client.force_login(caregiver)
    past = bulk_events(2, wellington, social_worker)
    Event.objects.filter(pk__in=[e.pk for e in past]).update(
        starts_at=timezone.now() - timedelta(days=10), ends_at=timezone.now() - timedelta(days=10, hours=-2)
    )
    # Five replies to start with: three upcoming (one from the fixture) and two past.
    RSVP.objects.bulk_create(RSVP(event=e, user=caregiver, response=Response.GOING) for e in [*five_events[1:3], *past])

    def add_rows():
        more = bulk_events(495, wellington, social_worker)
        RSVP.objects.bulk_create(
            RSVP(
                event=e,
                user=caregiver,
                response=Response.GOING,
                adults=2,
                children_0_4=1,
                waitlisted=i % 5 == 0,
                waitlisted_at=timezone.now() if i % 5 == 0 else None,
            )
            for i, e in enumerate(more)
        )
        Event.objects.filter(pk__in=[e.pk for e in more[:50]]).update(
            starts_at=timezone.now() - timedelta(days=30), ends_at=timezone.now() - timedelta(days=29)
        )
        Event.objects.filter(pk__in=[e.pk for e in more[50:60]]).update(
            status=EventStatus.CANCELLED, cancelled_reason="Rain", cancelled_at=timezone.now()
        )

    # 1 session, 2 user, 3 this person's replies, 4 their upcoming events with region
    # joined (by primary key), 5 the last ten past ones, 6 the calendar feed address.
    assert_constant_queries(lambda: client.get(reverse("my_events")), add_rows, expected=6)
