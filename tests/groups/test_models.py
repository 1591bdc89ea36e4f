"""The database's guarantees for groups, memberships and agreement versions."""

from __future__ import annotations

from datetime import time

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from groups.models import (
    AgreementVersion,
    Group,
    GroupKind,
    MeetingRole,
    MeetingRoleKind,
    MemberRole,
    Membership,
    MembershipStatus,
    Weekday,
)
from tests.groups.factories import GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _fails(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_evening_and_weekend_flags_are_derived_on_save(group):
    assert group.is_evening and group.is_weekend
    group.weekday, group.meets_at = Weekday.TUESDAY, time(10)
    group.save()
    group.refresh_from_db()
    assert not group.is_evening and not group.is_weekend


def test_the_database_refuses_flags_that_do_not_match_the_time(group):
    _fails(lambda: Group.objects.filter(pk=group.pk).update(is_evening=False))
    _fails(lambda: Group.objects.filter(pk=group.pk).update(is_weekend=False))


def test_capacity_must_be_positive(group):
    _fails(lambda: Group.objects.filter(pk=group.pk).update(capacity=0))


def test_one_current_membership_per_person_and_group(member):
    _fails(lambda: Membership.objects.create(group=member.group, user=member.user))


def test_a_person_who_left_can_ask_again(member):
    member.status, member.ended_at = MembershipStatus.LEFT, timezone.now()
    member.save()
    Membership.objects.create(group=member.group, user=member.user)
    assert Membership.objects.filter(group=member.group, user=member.user).count() == 2


def test_an_active_membership_has_a_joining_time(group, caregiver):
    _fails(lambda: Membership.objects.create(group=group, user=caregiver, status=MembershipStatus.ACTIVE))


def test_a_request_cannot_be_a_facilitator(group, caregiver):
    _fails(lambda: Membership.objects.create(group=group, user=caregiver, role=MemberRole.FACILITATOR))


def test_one_agreement_version_number_per_group(group, social_worker):
    _fails(lambda: AgreementVersion.objects.create(group=group, number=1, text="x", created_by=social_worker))
    _fails(lambda: AgreementVersion.objects.create(group=group, number=0, text="x", created_by=social_worker))


def test_one_person_per_role_per_meeting(meeting, member, facilitator):
    MeetingRole.objects.create(meeting=meeting, role=MeetingRoleKind.HOST, user=member.user)
    _fails(lambda: MeetingRole.objects.create(meeting=meeting, role=MeetingRoleKind.HOST, user=facilitator.user))


def test_size_guidance_by_kind(wellington):
    urban = GroupFactory(region=wellington)
    rural = GroupFactory(region=wellington, rural=True)
    constellation = GroupFactory(region=wellington, kind=GroupKind.CONSTELLATION)
    assert urban.size_guidance == (5, 12)
    assert rural.size_guidance == (3, 12)
    assert constellation.size_guidance == (6, 10)
    assert "at least 5" in urban.size_problem(4)
    assert rural.size_problem(4) is None
    assert "at most 10" in constellation.size_problem(11)


def test_members_are_shown_by_first_name_only(member):
    member.user.first_name, member.user.last_name = "Aroha", "Ngata"
    assert member.display_name == "Aroha"


def test_membership_factory_accepts_the_current_agreement(group):
    membership = MembershipFactory(group=group)
    assert membership.has_accepted(group.current_agreement())
