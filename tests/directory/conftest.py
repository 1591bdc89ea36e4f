"""Fixtures shared by the directory tests: a small directory across two regions."""

from __future__ import annotations

import pytest

from accounts.models import Topic
from directory.models import ListingAudience, ListingKind
from tests.directory.factories import CourseFactory, ListingFactory


@pytest.fixture
def signed_in(client, caregiver):
    client.force_login(caregiver)
    return client


@pytest.fixture
def staff(client, social_worker):
    client.force_login(social_worker)
    return client


@pytest.fixture
def kinship(db):
    return Topic.objects.create(name="Kinship care")


@pytest.fixture
def teens(db):
    return Topic.objects.create(name="Caring for teenagers")


@pytest.fixture
def directory_rows(wellington, auckland, kinship, teens):
    """Wellington listings, an Auckland one, a national helpline, a retired one."""
    return {
        "whanau": ListingFactory(
            name="Whānau Kinship Carers Wellington",
            summary="Support groups and advice for grandparents and whānau raising tamariki.",
            region=wellington,
            audience=ListingAudience.KINSHIP,
            topics=[kinship],
        ),
        "teen": ListingFactory(
            name="Teen Foster Network", region=wellington, audience=ListingAudience.FOSTER, topics=[teens]
        ),
        "course": CourseFactory(name="Trauma-informed caring course", region=wellington),
        "auckland": ListingFactory(name="Tāmaki Caregivers Hub", region=auckland),
        "helpline": ListingFactory(
            name="Caregiver Helpline",
            kind=ListingKind.HELPLINE,
            region=None,
            phone="0800 000 200",
            opening_hours="24/7",
        ),
        "retired": ListingFactory(name="Closed service", region=wellington, retired_at="2025-01-01T00:00:00Z"),
    }
