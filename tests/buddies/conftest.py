"""Fixtures for the buddies tests: a new caregiver in Porirua (Wellington region) on the
Wellington social worker's caseload, and buddies near and far."""

from __future__ import annotations

import pytest

from tests.buddies.factories import BuddyProfileFactory, ExperiencedCaregiverFactory, NewCaregiverFactory


@pytest.fixture
def new_carer(wellington, social_worker):
    return NewCaregiverFactory(
        region=wellington,
        locality="Porirua",
        social_worker=social_worker,
        available_weekday_evening=True,
        user__first_name="Aroha",
        user__email="new.porirua@example.org",
    ).user


def make_buddy(region, locality="Porirua", capacity=2, **profile):
    user = ExperiencedCaregiverFactory(region=region, locality=locality, **profile).user
    BuddyProfileFactory(user=user, capacity=capacity)
    return user


@pytest.fixture
def buddy(wellington):
    return make_buddy(
        wellington, "Porirua", available_weekday_evening=True, user__first_name="Mere", user__last_name="Kauwhata"
    )


@pytest.fixture
def buddies(wellington, auckland, buddy):
    """Mere in Porirua, three more in the Wellington region and one in Auckland."""
    return [
        buddy,
        make_buddy(wellington, "Lower Hutt", user__first_name="Hine"),
        make_buddy(wellington, "Johnsonville", user__first_name="Sam"),
        make_buddy(wellington, "Karori", user__first_name="Ana"),
        make_buddy(auckland, "Manukau", user__first_name="Tui"),
    ]
