"""The groups' demo data: what the walk-through and the issue's checks rely on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from groups import demo, selectors
from groups.models import Group, GroupKind, Meeting, MemberRole, Membership, MembershipStatus


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)


def test_groups_across_regions_and_kinds(seeded):
    assert Group.objects.count() >= 8
    assert set(Group.objects.values_list("region__name", flat=True)) == {"Wellington", "Auckland", "Canterbury"}
    assert set(Group.objects.values_list("kind", flat=True)) == set(GroupKind.values)


def test_the_named_caregivers(seeded):
    carer = User.objects.get(email="carer@example.org")
    mine = Membership.objects.filter(user=carer, status=MembershipStatus.ACTIVE)
    assert set(mine.values_list("group__name", flat=True)) == {demo.LOWER_HUTT_GROUP, demo.CONSTELLATION}
    hub = mine.get(group__name=demo.CONSTELLATION)
    assert hub.role == MemberRole.FACILITATOR
    assert hub.group.memberships.active().count() == 8  # the hub and 7 satellites
    assert not Membership.objects.filter(user__email="newcarer@example.org").exists()
    assert hub.group.hub_requests.count() == 2


def test_a_porirua_evening_group_suits_the_new_caregiver(seeded):
    porirua = Group.objects.get(name=demo.PORIRUA_GROUP)
    assert porirua.area == "Porirua" and porirua.is_evening and porirua.is_weekend
    profile = User.objects.get(email="newcarer@example.org").caregiver_profile
    suits = Group.objects.suiting(
        weekday_daytime=profile.available_weekday_daytime,
        weekday_evening=profile.available_weekday_evening,
        weekend=profile.available_weekend,
    )
    assert suits.filter(pk=porirua.pk).exists()
    assert Meeting.objects.filter(group=porirua, event__starts_at__gt=timezone.now()).exists()


def test_one_group_has_not_met_for_two_months_and_is_flagged(seeded):
    group = Group.objects.get(name=demo.NOT_MET_GROUP)
    health = selectors.group_health(group)
    assert health.not_met_recently
    assert health.last_met_at < timezone.now() - timedelta(days=55)
    worker = User.objects.get(email="worker@example.org")
    assert group in selectors.groups_not_met_for(worker)


def test_meetings_past_and_future_with_attendance(seeded):
    group = Group.objects.get(name=demo.LOWER_HUTT_GROUP)
    health = selectors.group_health(group)
    assert health.recent_meetings == 3 and health.average_attendance
    assert Meeting.objects.filter(group=group, event__starts_at__gt=timezone.now()).exists()
