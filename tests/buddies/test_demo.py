"""The demo buddies: what the browser walk-through and the issue's checks rely on."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command

from accounts.models import Region, User
from buddies import batch, selectors
from buddies.models import BuddyProfile, Match, MatchStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo", stdout=io.StringIO(), verbosity=0)


def test_carer_is_an_eligible_buddy_with_room_who_ranks_highly_for_newcarer(seeded):
    carer = User.objects.get(email="carer@example.org")
    profile = BuddyProfile.objects.with_load().get(user=carer)
    assert BuddyProfile.objects.eligible().filter(user=carer).exists()
    assert profile.load < profile.capacity
    newcarer = User.objects.get(email="newcarer@example.org")
    suggestions = selectors.suggestions_for(newcarer)
    assert len(suggestions) == 3
    assert carer.pk in [s.candidate.user_id for s in suggestions]
    assert all(s.reasons for s in suggestions)


def test_there_are_stale_pairs_and_six_unmatched_new_caregivers_in_auckland(seeded):
    wellington = Region.objects.filter(name="Wellington")
    assert Match.objects.in_regions(wellington).stale(14).count() >= 2
    unmatched = selectors.unmatched_new_caregivers(Region.objects.filter(name="Auckland"), min_days=14)
    assert unmatched.count() >= 6
    assert Match.objects.filter(status=MatchStatus.ENDED).exclude(feedback_new="").exists()


def test_the_auckland_intake_gets_a_proposal_within_capacities(seeded):
    auckland = Region.objects.filter(name="Auckland")
    profiles = list(selectors.unmatched_new_caregivers(auckland))
    pool = selectors.candidates()
    proposals = batch.assign(selectors.seekers_for(profiles), pool, selectors.weights())
    assert len(proposals) >= 6 and all(p.suggestion for p in proposals)
    taken = Counter(p.suggestion.candidate.user_id for p in proposals)
    spare = {c.user_id: c.spare for c in pool}
    assert all(n <= spare[user_id] for user_id, n in taken.items())
