"""Fixtures shared by the groups test modules.

``group`` is a Wellington coffee group (by request, Saturday 6:30pm in Porirua) whose
social worker is the Wellington persona; ``member`` is the Wellington caregiver
persona as an active member who accepted the agreement; ``facilitator`` a caregiver
facilitating it.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from groups import services
from groups.models import MemberRole
from tests.accounts.factories import CaregiverFactory
from tests.groups.factories import GroupFactory, MembershipFactory


@pytest.fixture
def group(wellington, social_worker):
    return GroupFactory(region=wellington, social_worker=social_worker, created_by=social_worker)


@pytest.fixture
def member(group, caregiver):
    return MembershipFactory(group=group, user=caregiver)


@pytest.fixture
def facilitator(group, wellington):
    user = CaregiverFactory(region=wellington, user__first_name="Hine").user
    return MembershipFactory(group=group, user=user, role=MemberRole.FACILITATOR)


@pytest.fixture
def newcomer(wellington):
    return CaregiverFactory(region=wellington, user__first_name="Sione", available_weekend=True).user


@pytest.fixture
def meeting(group, social_worker, member):
    starts = timezone.now() + timedelta(days=10)
    return services.meeting_create(
        group=group,
        by=social_worker,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        venue_name="Café Kōwhai",
        venue_address="12 Kenepuru Drive, Porirua",
    )
