"""Constellations: satellites ask the hub (sleepover, short break, advice, social activity)
with dates; the hub answers; the group's social worker reads the log; the hub's
out-of-hours contact is for the constellation's households only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import GroupKind, HubRequest, HubRequestStatus, MemberRole
from notifications.models import Message
from tests.accounts.factories import CaregiverFactory
from tests.groups.factories import GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def constellation(wellington, social_worker):
    return GroupFactory(
        region=wellington,
        name="Hutt constellation",
        kind=GroupKind.CONSTELLATION,
        social_worker=social_worker,
        created_by=social_worker,
        hub_contact="Aroha 021 000 0001",
    )


@pytest.fixture
def hub(constellation, wellington):
    user = CaregiverFactory(region=wellington, user__first_name="Aroha").user
    return MembershipFactory(group=constellation, user=user, role=MemberRole.FACILITATOR)


@pytest.fixture
def satellite(constellation, caregiver):
    return MembershipFactory(group=constellation, user=caregiver)


def _ask(client, constellation, **overrides):
    data = {"kind": "sleepover", "starts_on": (timezone.localdate() + timedelta(days=5)).isoformat(), "ends_on": ""}
    data.update(overrides)
    return client.post(reverse("hub_requests", args=[constellation.pk]), data)


def test_a_satellite_asks_and_the_hub_is_told(client, constellation, hub, satellite):
    client.force_login(satellite.user)
    assert _ask(client, constellation, message="Sat night if possible").status_code == 302
    request = HubRequest.objects.get()
    assert (request.kind, request.satellite) == ("sleepover", satellite.user)
    message = Message.objects.get(recipient=hub.user)
    assert message.kind == "hub_request_new"
    assert "Sat night" not in message.body  # the details stay on the portal


def test_dates_in_the_past_or_backwards_are_refused_next_to_the_field(client, constellation, hub, satellite):
    client.force_login(satellite.user)
    response = _ask(client, constellation, starts_on=(timezone.localdate() - timedelta(days=1)).isoformat())
    assert "already passed" in response.context["form"].errors["starts_on"][0]
    start = timezone.localdate() + timedelta(days=5)
    response = _ask(client, constellation, starts_on=start.isoformat(), ends_on=(start - timedelta(days=1)).isoformat())
    assert "on or after" in response.context["form"].errors["ends_on"][0]
    assert not HubRequest.objects.exists()


def test_the_hub_answers_once_and_the_satellite_is_told(client, constellation, hub, satellite):
    client.force_login(satellite.user)
    _ask(client, constellation)
    request = HubRequest.objects.get()
    client.force_login(hub.user)
    url = reverse("hub_request_answer", args=[constellation.pk, request.pk])
    assert client.post(url, {"decision": "agree", "answer": "Yes, drop off at 4pm"}).status_code == 302
    request.refresh_from_db()
    assert request.status == HubRequestStatus.AGREED
    assert Message.objects.filter(recipient=satellite.user, kind="hub_request_answered").count() == 1
    client.post(url, {"decision": "decline"})
    request.refresh_from_db()
    assert request.status == HubRequestStatus.AGREED


def test_a_satellite_cannot_answer_and_sees_only_their_own(client, constellation, hub, satellite, wellington):
    other = MembershipFactory(group=constellation)
    client.force_login(other.user)
    _ask(client, constellation)
    client.force_login(satellite.user)
    response = client.get(reverse("hub_requests", args=[constellation.pk]))
    assert response.context["requests"] == []
    request = HubRequest.objects.get()
    url = reverse("hub_request_answer", args=[constellation.pk, request.pk])
    assert client.post(url, {"decision": "agree"}).status_code == 403


def test_the_social_worker_reads_the_log(client, constellation, hub, satellite, social_worker):
    client.force_login(satellite.user)
    _ask(client, constellation)
    client.force_login(social_worker)
    response = client.get(reverse("hub_requests", args=[constellation.pk]))
    assert len(response.context["requests"]) == 1
    assert response.context["form"] is None


def test_the_hubs_contact_is_for_the_constellation_only(client, constellation, hub, satellite, newcomer):
    client.force_login(satellite.user)
    assert "021 000 0001" in client.get(reverse("group_detail", args=[constellation.pk])).content.decode()
    client.force_login(newcomer)
    assert "021 000 0001" not in client.get(reverse("group_detail", args=[constellation.pk])).content.decode()
    assert client.get(reverse("hub_requests", args=[constellation.pk])).status_code == 404


def test_other_groups_have_no_hub(client, member):
    client.force_login(member.user)
    assert client.get(reverse("hub_requests", args=[member.group.pk])).status_code == 404
