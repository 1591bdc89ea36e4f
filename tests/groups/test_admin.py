"""The groups admin: read-mostly, a group added there is made by groups.services."""

from __future__ import annotations

import pytest
from django.urls import reverse

from groups.models import Group, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


def test_a_group_added_in_the_admin_gets_its_agreement(superuser_client, superuser, wellington):
    data = {
        "name": "Admin-made group",
        "kind": "coffee",
        "theme": "",
        "region": wellington.pk,
        "area": "Porirua",
        "description": "",
        "meeting_place": "cafe",
        "frequency": "monthly",
        "weekday": 5,
        "meets_at": "18:30",
        "duration_minutes": 90,
        "joining_policy": "request",
        "capacity": 12,
        "hub_contact": "",
        "agreement_versions-TOTAL_FORMS": 0,
        "agreement_versions-INITIAL_FORMS": 0,
        "memberships-TOTAL_FORMS": 0,
        "memberships-INITIAL_FORMS": 0,
    }
    response = superuser_client.post(reverse("admin:groups_group_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    group = Group.objects.get(name="Admin-made group")
    assert group.current_agreement().number == 1 and group.is_evening


def test_memberships_are_read_only_in_the_admin(superuser_client, member):
    assert superuser_client.get(reverse("admin:groups_membership_add")).status_code == 403
    url = reverse("admin:groups_membership_change", args=[member.pk])
    assert superuser_client.post(url, {"status": "left"}).status_code == 403
    assert Membership.objects.get(pk=member.pk).status == "active"
