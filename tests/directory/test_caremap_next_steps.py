"""Gaps in a care map, each with a next step from the portal's own data."""

from __future__ import annotations

from datetime import time, timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.models import CaregiverProfile
from buddies.models import MatchStatus
from directory import caremap
from directory.models import CareMapKind, Ring
from groups.models import Weekday
from tests.buddies.factories import ExperiencedCaregiverFactory, MatchFactory
from tests.directory.factories import CareMapEntryFactory, ListingFactory
from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory


def newly_approved(user) -> None:
    CaregiverProfile.objects.filter(user=user).update(approved_on=timezone.localdate() - timedelta(days=21))
    user.caregiver_profile.refresh_from_db()


def set_availability(user, *, weekend=False, evening=False, daytime=False):
    profile = user.caregiver_profile
    profile.available_weekend = weekend
    profile.available_weekday_evening = evening
    profile.available_weekday_daytime = daytime
    profile.save()


def titles(user) -> list[str]:
    return [step.title for step in caremap.next_steps(user, caremap.entries_of(user))]


def test_an_empty_map_suggests_a_group_a_buddy_listings_and_an_event(caregiver, wellington, auckland, kinship):
    newly_approved(caregiver)  # a buddy is offered in the first six months after approval
    set_availability(caregiver, weekend=True)
    caregiver.caregiver_profile.topics.set([kinship])
    GroupFactory(name="Saturday coffee", region=wellington, weekday=Weekday.SATURDAY, meets_at=time(10))
    GroupFactory(name="Tuesday morning tea", region=wellington, weekday=Weekday.TUESDAY, meets_at=time(10))
    GroupFactory(name="Auckland Saturday", region=auckland, weekday=Weekday.SATURDAY, meets_at=time(10))
    ListingFactory(name="Kinship carers", region=wellington, topics=[kinship])
    ListingFactory(name="Off topic", region=wellington)
    ListingFactory(name="Auckland kinship", region=auckland, topics=[kinship])
    EventFactory(title="Family fun day", region=wellington)
    assert titles(caregiver) == ["Saturday coffee", "Choose a buddy", "Kinship carers", "Family fun day"]


def test_the_page_shows_the_steps_with_their_reasons(signed_in, caregiver, wellington):
    group = GroupFactory(name="Saturday coffee", region=wellington, weekday=Weekday.SATURDAY, meets_at=time(10))
    html = signed_in.get(reverse("caremap")).content.decode()
    assert "There is no group on your map." in html
    assert f'href="{reverse("group_detail", args=[group.pk])}"' in html


def test_a_filled_map_has_no_gaps_to_suggest_for(caregiver, wellington, kinship):
    caregiver.caregiver_profile.topics.set([kinship])
    GroupFactory(region=wellington)
    ListingFactory(region=wellington, topics=[kinship])
    EventFactory(region=wellington)
    CareMapEntryFactory(owner=caregiver, ring=Ring.CLOSE)
    CareMapEntryFactory(owner=caregiver, kind=CareMapKind.GROUP, ring=Ring.REGULAR)
    CareMapEntryFactory.create_batch(2, owner=caregiver, kind=CareMapKind.ORGANISATION, ring=Ring.OCCASIONAL)
    assert titles(caregiver) == []


def test_what_is_on_the_map_already_is_not_suggested(caregiver, wellington, kinship):
    caregiver.caregiver_profile.topics.set([kinship])
    on_map = ListingFactory(name="Already there", region=wellington, topics=[kinship])
    ListingFactory(name="Another one", region=wellington, topics=[kinship])
    CareMapEntryFactory(owner=caregiver, kind=CareMapKind.ORGANISATION, label="Them", listing=on_map)
    assert "Already there" not in titles(caregiver) and "Another one" in titles(caregiver)


def test_with_a_buddy_the_buddy_is_suggested_for_the_close_ring(caregiver, wellington):
    buddy = ExperiencedCaregiverFactory(region=wellington, user__first_name="Hine").user
    MatchFactory(new_caregiver=caregiver, buddy=buddy, status=MatchStatus.ACTIVE)
    assert "Hine, your buddy" in titles(caregiver)
    CareMapEntryFactory(owner=caregiver, ring=Ring.CLOSE)
    assert "Hine, your buddy" not in titles(caregiver)
