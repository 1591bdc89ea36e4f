"""Groups on the home pages: the social worker's "has not met in 6 weeks" list for their
regions, and the manager's health figures by region (figures only, no names)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from groups import services
from groups.models import Group
from tests.groups.factories import GroupFactory

pytestmark = pytest.mark.django_db


def _age(group: Group, days: int) -> None:
    Group.objects.filter(pk=group.pk).update(created_at=timezone.now() - timedelta(days=days))


def _met(meeting, days_ago: int) -> None:
    starts = timezone.now() - timedelta(days=days_ago)
    Event.objects.filter(pk=meeting.event_id).update(starts_at=starts, ends_at=starts + timedelta(hours=1))


def test_social_worker_home_lists_their_groups_that_have_not_met(
    client, social_worker, group, meeting, wellington, auckland
):
    _age(group, 100)
    _met(meeting, 50)
    recent = GroupFactory(region=wellington, name="Met last week")
    _age(recent, 100)
    new = GroupFactory(region=wellington, name="Brand new")  # given time to start
    elsewhere = GroupFactory(region=auckland, name="Auckland quiet group")
    _age(elsewhere, 100)
    last_week = services.meeting_create(
        group=recent,
        by=social_worker,
        starts_at=timezone.now() + timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=1, hours=1),
        venue_name="Café",
    )
    _met(last_week, 7)
    client.force_login(social_worker)
    response = client.get(reverse("home"))
    assert [g.name for g in response.context["quiet_groups"]] == [group.name]
    assert new.name not in response.content.decode()


def test_manager_home_shows_group_health_by_region_without_names(client, manager, group, member, meeting):
    _age(group, 100)
    _met(meeting, 50)
    member.user.first_name = "Rawiri"
    member.user.save()
    client.force_login(manager)
    response = client.get(reverse("home"))
    (row,) = response.context["group_figures"]
    assert row == {"name": "Wellington", "groups": 1, "monthly": 0, "not_met": 1, "size": 1}
    assert member.user.first_name not in response.content.decode()
