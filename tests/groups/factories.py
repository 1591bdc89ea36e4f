from __future__ import annotations

from datetime import time, timedelta

import factory
from django.utils import timezone

from groups.models import (
    DEFAULT_AGREEMENT,
    AgreementVersion,
    Frequency,
    Group,
    GroupKind,
    JoiningPolicy,
    MeetingPlace,
    Membership,
    MembershipStatus,
    Weekday,
)
from tests.accounts.factories import CaregiverFactory, RegionFactory, UserFactory


class GroupFactory(factory.django.DjangoModelFactory):
    """A Wellington coffee group meeting monthly on Saturday at 6:30pm in a café in
    Porirua, joined by request, with version 1 of the default agreement."""

    class Meta:
        model = Group
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Porirua coffee group {n}")
    kind = GroupKind.COFFEE
    region = factory.SubFactory(RegionFactory, name="Wellington", slug="wellington")
    area = "Porirua"
    meeting_place = MeetingPlace.CAFE
    frequency = Frequency.MONTHLY
    weekday = Weekday.SATURDAY
    meets_at = time(18, 30)
    joining_policy = JoiningPolicy.BY_REQUEST
    capacity = 12
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def agreement(self, create, extracted, **kwargs):
        if create:
            AgreementVersion.objects.create(
                group=self, number=1, text=extracted or str(DEFAULT_AGREEMENT), created_by=self.created_by
            )


class MembershipFactory(factory.django.DjangoModelFactory):
    """An active member who has accepted the group's current agreement (written directly)."""

    class Meta:
        model = Membership

    group = factory.SubFactory(GroupFactory)
    user = factory.LazyAttribute(lambda o: CaregiverFactory(region=o.group.region).user)
    status = MembershipStatus.ACTIVE
    joined_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=60))
    agreement_version = factory.LazyAttribute(
        lambda o: o.group.current_agreement() if o.status == MembershipStatus.ACTIVE else None
    )
    agreement_accepted_at = factory.LazyAttribute(lambda o: o.joined_at if o.agreement_version else None)


def bulk_groups(region, created_by, n: int, members_each: int = 0) -> list[Group]:
    """Many groups (and members) quickly, for query budgets: bulk inserts, flags derived."""
    groups = [
        Group(
            name=f"Bulk group {i}",
            kind=GroupKind.SUPPORT,
            region=region,
            area="Lower Hutt",
            meeting_place=MeetingPlace.ON_SITE,
            weekday=i % 7,
            meets_at=time(10 + i % 10),
            created_by=created_by,
        )
        for i in range(n)
    ]
    for group in groups:
        group.derive_flags()
    groups = Group.objects.bulk_create(groups)
    AgreementVersion.objects.bulk_create(
        AgreementVersion(group=g, number=1, text="Be kind.", created_by=created_by) for g in groups
    )
    if members_each:
        people = [CaregiverFactory(region=region).user for _ in range(members_each)]
        Membership.objects.bulk_create(
            Membership(group=g, user=p, status=MembershipStatus.ACTIVE, joined_at=timezone.now())
            for g in groups
            for p in people
        )
    return groups
