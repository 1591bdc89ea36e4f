"""Joining and approving at once: decided under the group's lock, so a group never takes
more members than its capacity and one person never holds two requests (real
PostgreSQL, real threads)."""

from __future__ import annotations

import pytest
from django.db import connection

from groups import services
from groups.models import JoiningPolicy, Membership, MembershipStatus
from tests.accounts.factories import CaregiverFactory
from tests.groups.factories import GroupFactory
from tests.races import run_together

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI sets DATABASE_URL)"
)

PEOPLE = 5


def together(jobs) -> list[BaseException]:
    return run_together(jobs, refused=(services.GroupRefused,))


@pytest.mark.django_db(transaction=True)
def test_people_joining_an_open_group_at_once_never_overfill_it(wellington, social_worker):
    group = GroupFactory(region=wellington, created_by=social_worker, joining_policy=JoiningPolicy.OPEN, capacity=2)
    people = [CaregiverFactory(region=wellington).user for _ in range(PEOPLE)]
    errors = together([lambda u=u: services.membership_join(group=group, user=u, agreement_number=1) for u in people])
    assert errors == []
    assert Membership.objects.filter(group=group, status=MembershipStatus.ACTIVE).count() == 2


@pytest.mark.django_db(transaction=True)
def test_one_person_asking_twice_at_once_makes_one_request(wellington, social_worker):
    group = GroupFactory(region=wellington, created_by=social_worker)
    user = CaregiverFactory(region=wellington).user
    errors = together([lambda: services.membership_request(group=group, user=user) for _ in range(3)])
    assert errors == []
    assert Membership.objects.filter(group=group, user=user).count() == 1
