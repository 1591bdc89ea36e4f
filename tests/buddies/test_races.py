"""Races on real PostgreSQL with real threads: several new caregivers choosing the same
buddy's last place at once, and the expiry task racing the buddy's answer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from buddies import selectors, services
from buddies.models import Match, MatchStatus
from tests.buddies.conftest import make_buddy
from tests.buddies.factories import NewCaregiverFactory
from tests.races import run_together

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI sets DATABASE_URL)"
)

CHOOSERS = 5


def together(jobs) -> list[BaseException]:
    return run_together(jobs, refused=(services.MatchRefused,))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_choosers_racing_for_one_buddys_last_place_never_overfill_it(wellington, round_):
    popular = make_buddy(wellington, "Porirua", capacity=1)
    make_buddy(wellington, "Tawa", capacity=3)  # everyone's second choice, with room
    people = [NewCaregiverFactory(region=wellington, locality="Porirua").user for _ in range(CHOOSERS)]
    choices = {}
    for person in people:
        suggestions = selectors.suggestions_for(person)
        assert suggestions[0].candidate.user_id == popular.pk
        choices[person.pk] = suggestions

    def choose(person):
        return lambda: services.buddy_choose(
            new_caregiver=person, chosen=choices[person.pk][0], others=choices[person.pk][1:]
        )

    assert together([choose(p) for p in people]) == []
    assert Match.objects.filter(buddy=popular, status__in=["offered", "accepted", "active"]).count() == 1
    # Everyone else's offer went to their next choice (room for three of the four).
    assert Match.objects.filter(status=MatchStatus.OFFERED).count() == 4


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_the_expiry_task_racing_an_acceptance_settles_the_offer_once(wellington, round_):
    buddy = make_buddy(wellington, "Porirua")
    new = NewCaregiverFactory(region=wellington, locality="Porirua").user
    [first] = selectors.suggestions_for(new, limit=1)
    match = services.buddy_choose(new_caregiver=new, chosen=first, others=[])
    Match.objects.filter(pk=match.pk).update(offer_expires_at=timezone.now() + timedelta(milliseconds=300))
    match.refresh_from_db()

    def accept():
        services.offer_respond(match=match, accept=True)

    def expire():
        services.offers_expire(now=timezone.now() + timedelta(seconds=1))

    assert together([accept, expire, expire]) == []
    match.refresh_from_db()
    assert match.status in (MatchStatus.ACCEPTED, MatchStatus.EXPIRED)
    assert Match.objects.filter(new_caregiver=new).count() == 1
    assert buddy.pk == match.buddy_id
