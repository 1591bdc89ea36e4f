"""The demo directory: 30+ made-up listings across the regions, numbers in 0800 000 xxx."""

from __future__ import annotations

import re

from accounts import demo as accounts_demo
from directory import demo as directory_demo
from directory.models import CareMapEntry, CareMapKind, Listing, ListingKind, TrainingCompletion


def test_demo_listings_across_the_regions_and_again_without_duplicates(db):
    accounts = accounts_demo.seed()
    kwargs = {"regions": accounts.regions, "manager": accounts.manager, "workers": accounts.workers}
    assert directory_demo.seed(**kwargs) >= 30
    first = (Listing.objects.count(), TrainingCompletion.objects.count())
    directory_demo.seed(**kwargs)
    assert (Listing.objects.count(), TrainingCompletion.objects.count()) == first
    assert first[0] >= 30 and first[1] == 2

    assert set(Listing.objects.exclude(region=None).values_list("region__name", flat=True)) == set(accounts.regions)
    assert Listing.objects.filter(region=None).exists()
    for kind in ListingKind.values:
        assert Listing.objects.filter(kind=kind).exists(), kind
    for phone in Listing.objects.exclude(phone="").values_list("phone", flat=True):
        assert re.fullmatch(r"0800 000 \d{3}", phone), phone
    helplines = Listing.objects.filter(kind=ListingKind.HELPLINE)
    assert all(listing.opening_hours for listing in helplines)
    assert Listing.objects.filter(name=directory_demo.KINSHIP_SERVICE, region__name="Wellington").exists()
    assert Listing.objects.needs_recheck().exists()


def test_demo_care_map_for_carer_is_made_once(db):
    accounts = accounts_demo.seed()
    kwargs = {"regions": accounts.regions, "manager": accounts.manager, "workers": accounts.workers}
    directory_demo.seed(**kwargs)
    directory_demo.seed(**kwargs)
    entries = CareMapEntry.objects.filter(owner__email=accounts_demo.CARER_EMAIL)
    assert entries.count() == len(directory_demo.CARER_MAP)
    assert set(entries.values_list("ring", flat=True)) == {"close", "regular", "occasional"}
    assert entries.get(kind=CareMapKind.ORGANISATION).listing is not None
    assert not CareMapEntry.objects.exclude(owner__email=accounts_demo.CARER_EMAIL).exists()
