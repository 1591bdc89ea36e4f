from __future__ import annotations

import pytest

from groups.models import AgreementVersion, MemberRole
from tests.accounts.factories import CaregiverFactory
from tests.groups.factories import GroupFactory, MembershipFactory


@pytest.fixture
def group(wellington, social_worker, caregiver):
    """A Wellington group: the caregiver persona is a member, Hine facilitates, Sina is a member."""
    group = GroupFactory(region=wellington, social_worker=social_worker, created_by=social_worker)
    MembershipFactory(group=group, user=caregiver)
    return group


@pytest.fixture
def facilitator(group):
    user = CaregiverFactory(region=group.region, user__first_name="Hine", user__email="hine@example.org").user
    MembershipFactory(group=group, user=user, role=MemberRole.FACILITATOR)
    return user


@pytest.fixture
def other_member(group):
    user = CaregiverFactory(region=group.region, user__first_name="Sina", user__email="sina@example.org").user
    MembershipFactory(group=group, user=user)
    return user


@pytest.fixture
def new_agreement(group, social_worker):
    return AgreementVersion.objects.create(
        group=group, number=2, text="Be kind, keep it private.", created_by=social_worker
    )
