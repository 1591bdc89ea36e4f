"""Simultaneous RSVPs for the last places: real PostgreSQL connections in real threads."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from events import services
from events.models import RSVP
from tests.accounts.factories import CaregiverFactory
from tests.events.factories import EventFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI sets DATABASE_URL)"
)

RACERS = 6


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_racing_for_the_last_places_never_overfills_the_event(wellington, social_worker, round_):
    event = EventFactory(region=wellington, created_by=social_worker, capacity=6)
    first = CaregiverFactory(region=wellington).user
    services.rsvp_submit(
        event=event, user=first, going=True, household=services.HouseholdReply(adults=2, children_5_11=2)
    )
    racers = [CaregiverFactory(region=wellington).user for _ in range(RACERS)]  # 2 places left, 2 people each
    barrier = threading.Barrier(RACERS)
    errors: list[BaseException] = []

    def reply(user):
        try:
            barrier.wait(timeout=10)
            services.rsvp_submit(event=event, user=user, going=True, household=services.HouseholdReply(adults=2))
        except BaseException as exc:  # noqa: BLE001  (reported by the assertion below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=reply, args=(user,)) for user in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert event.heads_going() == 6
    replies = RSVP.objects.filter(event=event, user__in=racers)
    assert replies.filter(waitlisted=False).count() == 1
    assert replies.filter(waitlisted=True).count() == RACERS - 1
