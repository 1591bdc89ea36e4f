"""Query budgets of the care map pages: the same for a few entries, reads and suggestions as for many."""

from __future__ import annotations

from datetime import time, timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.models import ReadKind, StaffRead
from directory import caremap
from directory.models import CareMapKind, Ring
from groups.models import Weekday
from tests.directory.factories import CareMapEntryFactory, ListingFactory
from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory
from tests.querycount import assert_constant_queries


def test_my_care_map_with_every_gap_open(signed_in, caregiver, social_worker, wellington, kinship):
    """Only occasional people on the map: every next step is looked for."""
    profile = caregiver.caregiver_profile
    profile.available_weekend = True
    profile.approved_on = timezone.localdate() - timedelta(days=21)  # may still be offered a buddy
    profile.save()
    profile.topics.set([kinship])
    caremap.share_start(owner=caregiver)
    CareMapEntryFactory(owner=caregiver, ring=Ring.OCCASIONAL)

    def add_rows():
        CareMapEntryFactory.create_batch(40, owner=caregiver, ring=Ring.OCCASIONAL)
        StaffRead.objects.bulk_create(
            [StaffRead(subject=caregiver, reader=social_worker, what=ReadKind.CARE_MAP) for _ in range(30)]
        )
        for _ in range(10):
            GroupFactory(region=wellington, weekday=Weekday.SATURDAY, meets_at=time(10))
            ListingFactory(region=wellington, topics=[kinship])
            EventFactory(region=wellington)

    # 1 session, 2 user, 3 the entries with their listings, 4 her profile with her social worker,
    # 5 groups that suit her, 6 her live buddy match, 7-8 whether she may have a buddy (buddies
    # reads her profile, then her matches), 9 listings on her topics, 10 the next event,
    # 11 the open share, 12 the reads with their readers, 13 the listings to link to,
    # 14 the groups to link to.
    assert_constant_queries(lambda: signed_in.get(reverse("caremap")), add_rows, expected=14)


def test_my_care_map_with_no_gaps(signed_in, caregiver, social_worker):
    CareMapEntryFactory(owner=caregiver, ring=Ring.CLOSE)
    CareMapEntryFactory(owner=caregiver, ring=Ring.REGULAR, kind=CareMapKind.GROUP)
    CareMapEntryFactory.create_batch(2, owner=caregiver, ring=Ring.OCCASIONAL, kind=CareMapKind.ORGANISATION)

    def add_rows():
        for ring in Ring.values:
            for kind in CareMapKind.values:
                CareMapEntryFactory.create_batch(5, owner=caregiver, ring=ring, kind=kind)

    # 1 session, 2 user, 3 the entries with their listings, 4 her profile with her social worker,
    # 5 the open share, 6 the reads, 7 the listings to link to, 8 the groups to link to.
    assert_constant_queries(lambda: signed_in.get(reverse("caremap")), add_rows, expected=8)


def test_the_shared_map_for_her_social_worker(client, caregiver, social_worker):
    client.force_login(social_worker)
    caremap.share_start(owner=caregiver)
    CareMapEntryFactory(owner=caregiver)
    url = reverse("caremap_shared", args=[caregiver.caregiver_profile.pk])

    def add_rows():
        for ring in Ring.values:
            CareMapEntryFactory.create_batch(20, owner=caregiver, ring=ring)

    # 1 session, 2 user, 3 TOTP, 4 staff profile (regions), 5 the caregiver on her caseload,
    # 6 her open share, 7 the read recorded, 8 the entries with their listings.
    assert_constant_queries(lambda: client.get(url), add_rows, expected=8)
