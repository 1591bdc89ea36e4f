"""Query budgets: the Groups page, a group page and its members list issue the same
number of queries for a few groups and members as for many."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from groups import services
from groups.models import GroupKind, HubRequest, MemberRole, Membership, MembershipStatus
from tests.accounts.factories import CaregiverFactory
from tests.groups.factories import GroupFactory, MembershipFactory, bulk_groups
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_groups_page_budget_for_a_caregiver(client, caregiver, group, member, wellington, social_worker):
    client.force_login(caregiver)

    def add_rows():
        bulk_groups(wellington, social_worker, 60, members_each=5)

    # 1 session, 2 user, 3 caregiver profile (region and availability), 4 regions for the
    # filter's drop-down, 5 count for the paginator, 6 the page's group ids, 7 those groups
    # with region joined, member count and "my status" annotated.
    assert_constant_queries(lambda: client.get(reverse("group_list")), add_rows, expected=7)


def test_group_page_budget_for_a_member(client, caregiver, group, member, facilitator, wellington, social_worker):
    client.force_login(caregiver)
    url = reverse("group_detail", args=[group.pk])

    def add_rows():
        people = [CaregiverFactory(region=wellington).user for _ in range(30)]
        Membership.objects.bulk_create(
            Membership(group=group, user=p, status=MembershipStatus.ACTIVE, joined_at=timezone.now()) for p in people
        )
        for days in range(1, 9):
            starts = timezone.now() + timedelta(days=days)
            services.meeting_create(
                group=group, by=social_worker, starts_at=starts, ends_at=starts + timedelta(hours=1), venue_name="Café"
            )

    # 1 session, 2 user, 3 the group with region and social worker, 4 my membership,
    # 5 the current agreement (owed?), 6 the member count, 7 the next five meetings with
    # their events, 8 the facilitators with their users.
    assert_constant_queries(lambda: client.get(url), add_rows, expected=8)


def test_members_list_budget(client, caregiver, group, member, wellington):
    client.force_login(caregiver)
    url = reverse("group_members", args=[group.pk])

    def add_rows():
        people = [CaregiverFactory(region=wellington).user for _ in range(40)]
        Membership.objects.bulk_create(
            Membership(group=group, user=p, status=MembershipStatus.ACTIVE, joined_at=timezone.now()) for p in people
        )

    # 1 session, 2 user, 3 the group, 4 my membership, 5 the current agreement (owed?),
    # 6 the active members with their users.
    assert_constant_queries(lambda: client.get(url), add_rows, expected=6)


def test_requests_page_budget_for_a_caregiver_facilitator(client, group, facilitator, wellington):
    client.force_login(facilitator.user)
    url = reverse("group_requests", args=[group.pk])

    def add_rows():
        people = [CaregiverFactory(region=wellington).user for _ in range(30)]
        Membership.objects.bulk_create(Membership(group=group, user=p, request_message="Kia ora") for p in people)

    # 1 session, 2 user, 3 the group, 4 my membership, 5 the requests with their users.
    assert_constant_queries(lambda: client.get(url), add_rows, expected=5)


def test_meetings_page_budget(client, caregiver, group, member, social_worker):
    client.force_login(caregiver)
    url = reverse("group_meetings", args=[group.pk])

    def add_rows():
        for days in range(1, 11):
            starts = timezone.now() + timedelta(days=days)
            services.meeting_create(
                group=group, by=social_worker, starts_at=starts, ends_at=starts + timedelta(hours=1), venue_name="Café"
            )

    # 1 session, 2 user, 3 the group, 4 my membership, 5 the current agreement (owed?),
    # 6 upcoming meetings with their events, 7 past meetings with their events.
    assert_constant_queries(lambda: client.get(url), add_rows, expected=7)


def test_hub_request_log_budget_for_the_hub(client, wellington, social_worker):
    constellation = GroupFactory(
        region=wellington, kind=GroupKind.CONSTELLATION, social_worker=social_worker, created_by=social_worker
    )
    hub = MembershipFactory(
        group=constellation, user=CaregiverFactory(region=wellington).user, role=MemberRole.FACILITATOR
    )
    client.force_login(hub.user)
    url = reverse("hub_requests", args=[constellation.pk])
    day = timezone.localdate() + timedelta(days=3)

    def add_rows():
        satellites = [
            MembershipFactory(group=constellation, user=CaregiverFactory(region=wellington).user) for _ in range(8)
        ]
        HubRequest.objects.bulk_create(
            HubRequest(group=constellation, satellite=s.user, kind="advice", starts_on=day, message="Kia ora")
            for s in satellites
            for _ in range(3)
        )

    # 1 session, 2 user, 3 the group, 4 my membership (with its agreement), 5 the current
    # agreement (owed?), 6 the requests with their satellites, 7 the group again, through
    # the membership, for "is this the hub?".
    assert_constant_queries(lambda: client.get(url), add_rows, expected=7)


def test_meeting_manage_budget(client, group, facilitator, meeting, wellington):
    client.force_login(facilitator.user)
    url = reverse("meeting_manage", args=[group.pk, meeting.pk])

    def add_rows():
        people = [CaregiverFactory(region=wellington).user for _ in range(30)]
        Membership.objects.bulk_create(
            Membership(group=group, user=p, status=MembershipStatus.ACTIVE, joined_at=timezone.now()) for p in people
        )

    # 1 session, 2 user, 3 the group, 4 my membership, 5 the meeting with its event,
    # 6 the active members with their users, 7 the meeting's roles, 8 the host suggestion,
    # 9 who attended.
    assert_constant_queries(lambda: client.get(url), add_rows, expected=9)
