"""The buddy profile's eligibility rule and the match's database guarantees."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from accounts.models import CaregiverStatus
from buddies.models import TRANSITIONS, BuddyProfile, MatchStatus, MatchWeights, months_ago
from tests.buddies.conftest import make_buddy
from tests.buddies.factories import MatchFactory

pytestmark = pytest.mark.django_db


def eligible_users():
    return set(BuddyProfile.objects.eligible().values_list("user_id", flat=True))


def test_a_willing_experienced_approved_buddy_is_eligible(buddy):
    assert eligible_users() == {buddy.pk}


def test_not_willing_paused_or_provisional_buddies_are_not_eligible(buddy, wellington):
    unwilling = make_buddy(wellington)
    BuddyProfile.objects.filter(user=unwilling).update(willing=False)
    paused = make_buddy(wellington)
    BuddyProfile.objects.filter(user=paused).update(paused=True)
    provisional = make_buddy(wellington)
    provisional.caregiver_profile.status = CaregiverStatus.PROVISIONAL
    provisional.caregiver_profile.save()
    assert eligible_users() == {buddy.pk}


def test_eighteen_months_caring_is_needed_and_configurable(wellington):
    today = timezone.localdate()
    just_enough = make_buddy(wellington, started_caring_on=months_ago(today, 18))
    too_new = make_buddy(wellington, started_caring_on=months_ago(today, 18) + timedelta(days=1))
    never_said = make_buddy(wellington, started_caring_on=None)
    assert eligible_users() == {just_enough.pk}
    with override_settings(BUDDY_MIN_MONTHS_CARING=12):
        assert eligible_users() == {just_enough.pk, too_new.pk}
    assert never_said.pk not in eligible_users()


def test_a_buddy_at_capacity_is_not_eligible(buddy):
    MatchFactory(buddy=buddy, status=MatchStatus.ACTIVE)
    assert eligible_users() == {buddy.pk}
    MatchFactory(buddy=buddy, status=MatchStatus.OFFERED)  # an open offer takes a place too
    assert eligible_users() == set()


def test_ended_declined_and_suggested_matches_do_not_count_against_capacity(buddy):
    for status in (MatchStatus.ENDED, MatchStatus.DECLINED, MatchStatus.SUGGESTED, MatchStatus.EXPIRED):
        MatchFactory(buddy=buddy, status=status)
    assert eligible_users() == {buddy.pk}
    assert BuddyProfile.objects.with_load().get(user=buddy).load == 0


@pytest.mark.parametrize("capacity", [0, 4])
def test_capacity_is_one_to_three(buddy, capacity):
    with pytest.raises(IntegrityError), transaction.atomic():
        BuddyProfile.objects.filter(user=buddy).update(capacity=capacity)


def test_the_database_refuses_an_unknown_status(buddy):
    match = MatchFactory(buddy=buddy)
    with pytest.raises(IntegrityError), transaction.atomic():
        type(match).objects.filter(pk=match.pk).update(status="married")


def test_a_caregiver_cannot_be_their_own_buddy(buddy):
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchFactory(buddy=buddy, new_caregiver=buddy)


def test_one_live_match_per_new_caregiver(buddy, new_carer, wellington):
    MatchFactory(new_caregiver=new_carer, buddy=buddy, status=MatchStatus.ACTIVE)
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchFactory(new_caregiver=new_carer, buddy=make_buddy(wellington), status=MatchStatus.OFFERED)
    # Past and queued matches are fine alongside it.
    MatchFactory(new_caregiver=new_carer, buddy=make_buddy(wellington), status=MatchStatus.DECLINED)
    MatchFactory(new_caregiver=new_carer, buddy=make_buddy(wellington), status=MatchStatus.ENDED)


def test_an_offer_has_a_deadline(buddy):
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchFactory(buddy=buddy, status=MatchStatus.OFFERED, offer_expires_at=None)


def test_only_the_lifecycle_moves_are_allowed():
    assert TRANSITIONS[MatchStatus.SUGGESTED] == {MatchStatus.OFFERED, MatchStatus.WITHDRAWN}
    assert TRANSITIONS[MatchStatus.ACTIVE] == {MatchStatus.ENDED}
    for final in (MatchStatus.ENDED, MatchStatus.DECLINED, MatchStatus.EXPIRED, MatchStatus.PASSED):
        assert TRANSITIONS[final] == frozenset()
    assert set(TRANSITIONS) == set(MatchStatus.values)


def test_months_ago_keeps_to_the_end_of_a_short_month():
    assert months_ago(date(2026, 8, 31), 18) == date(2025, 2, 28)
    assert months_ago(date(2026, 3, 15), -6) == date(2026, 9, 15)


def test_the_database_keeps_one_row_of_match_weights():
    # The engine reads the first row: a second one (the admin's "add", two first saves at
    # once) was kept and silently ignored.
    MatchWeights.objects.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchWeights.objects.create(place=9)
    assert MatchWeights.objects.count() == 1
