"""Named personas shared by every test module.

A caregiver member of Wellington, a caregiver of another region (Auckland),
the social worker of Wellington, a social worker of Auckland, a manager of
all regions, a superuser with MFA, and the anonymous visitor.
"""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache

from accounts.models import Role
from tests.accounts.factories import CaregiverFactory, RegionFactory, UserFactory, add_totp, make_staff

# Playwright's sync API runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PERSONAS = [
    "anonymous",
    "caregiver",
    "caregiver_other_region",
    "social_worker",
    "social_worker_other_region",
    "manager",
]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def wellington(db):
    return RegionFactory(name="Wellington", slug="wellington")


@pytest.fixture
def auckland(db):
    return RegionFactory(name="Auckland", slug="auckland")


@pytest.fixture
def social_worker(wellington):
    return make_staff(
        role=Role.SOCIAL_WORKER, regions=[wellington], email="sw.wellington@example.org", first_name="Tom"
    )


@pytest.fixture
def social_worker_other_region(auckland):
    return make_staff(role=Role.SOCIAL_WORKER, regions=[auckland], email="sw.auckland@example.org")


@pytest.fixture
def manager(wellington, auckland):
    return make_staff(role=Role.MANAGER, regions=[], all_regions=True, email="manager@example.org")


@pytest.fixture
def caregiver(wellington, social_worker):
    """A caregiver in Wellington, on the Wellington social worker's caseload."""
    return CaregiverFactory(
        region=wellington, social_worker=social_worker, user__email="carer.wellington@example.org"
    ).user


@pytest.fixture
def caregiver_other_region(auckland, social_worker_other_region):
    return CaregiverFactory(
        region=auckland, social_worker=social_worker_other_region, user__email="carer.auckland@example.org"
    ).user


@pytest.fixture
def superuser(db):
    user = UserFactory(email="admin@example.org", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    add_totp(user)
    return user


@pytest.fixture
def personas(caregiver, caregiver_other_region, social_worker, social_worker_other_region, manager):
    return {
        "anonymous": None,
        "caregiver": caregiver,
        "caregiver_other_region": caregiver_other_region,
        "social_worker": social_worker,
        "social_worker_other_region": social_worker_other_region,
        "manager": manager,
    }


@pytest.fixture
def client_for(client, personas):
    """``client_for("social_worker")`` → the test client signed in as that persona."""

    def _client_for(name: str):
        client.logout()
        user = personas[name]
        if user is not None:
            client.force_login(user)
        return client

    return _client_for
