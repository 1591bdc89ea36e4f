"""A group's facilitators (caregivers too) and its region's social workers change a meeting's
time or place with the scheduling form and its checks; events tells the people going."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services as event_services
from events.models import Event, HouseholdReply
from groups import services
from notifications.models import Message

pytestmark = pytest.mark.django_db


def _local(dt, group) -> str:
    return timezone.localtime(dt, group.region.tzinfo).strftime("%Y-%m-%dT%H:%M")


def _data(group, starts, hours=2, **extra) -> dict:
    return {
        "starts_at": _local(starts, group),
        "ends_at": _local(starts + timedelta(hours=hours), group),
        "venue_name": "Park pavilion",
        "venue_address": "Aotea Lagoon, Porirua",
        **extra,
    }


@pytest.fixture
def facilitating(client, facilitator):
    client.force_login(facilitator.user)
    return client


def test_a_caregiver_facilitator_moves_a_meeting_and_the_people_going_are_told(facilitating, group, meeting, member):
    event_services.rsvp_submit(event=meeting.event, user=member.user, going=True, household=HouseholdReply())
    page = facilitating.get(reverse("meeting_edit", args=[group.pk, meeting.pk]))
    assert page.status_code == 200
    # The form shows the stored time in the region's time, as it is typed.
    assert f'value="{_local(meeting.event.starts_at, group)}"' in page.content.decode()
    assert "repeat" not in page.context["form"].fields
    sequence = meeting.event.sequence

    starts = meeting.event.starts_at + timedelta(days=1)
    response = facilitating.post(reverse("meeting_edit", args=[group.pk, meeting.pk]), _data(group, starts))

    assert response.status_code == 302
    event = Event.objects.get(pk=meeting.event_id)
    assert event.starts_at == starts.replace(second=0, microsecond=0)
    assert event.venue_name == "Park pavilion"
    assert event.sequence == sequence + 1
    assert Message.objects.filter(recipient=member.user, kind="event_changed").exists()


def test_the_region_social_worker_edits_too(client, social_worker, group, meeting):
    client.force_login(social_worker)
    starts = meeting.event.starts_at + timedelta(hours=1)
    response = client.post(reverse("meeting_edit", args=[group.pk, meeting.pk]), _data(group, starts))
    assert response.status_code == 302
    assert Event.objects.get(pk=meeting.event_id).venue_name == "Park pavilion"


def test_a_time_in_the_past_or_an_end_before_the_start_is_refused_next_to_the_field(facilitating, group, meeting):
    before = Event.objects.get(pk=meeting.event_id)
    past = timezone.now() - timedelta(days=1)
    response = facilitating.post(reverse("meeting_edit", args=[group.pk, meeting.pk]), _data(group, past, hours=-1))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "already passed" in errors["starts_at"][0]
    assert "end must be after" in errors["ends_at"][0]
    body = response.content.decode()
    assert "error-summary" in body and "Park pavilion" in body  # what was typed is kept
    after = Event.objects.get(pk=meeting.event_id)
    assert (after.starts_at, after.venue_name, after.sequence) == (before.starts_at, before.venue_name, before.sequence)


def test_a_plain_member_may_not(client, member, group, meeting):
    client.force_login(member.user)
    starts = meeting.event.starts_at + timedelta(days=1)
    assert client.post(reverse("meeting_edit", args=[group.pk, meeting.pk]), _data(group, starts)).status_code == 403
    assert Event.objects.get(pk=meeting.event_id).venue_name == "Café Kōwhai"


def test_a_cancelled_meeting_cannot_be_changed(facilitating, group, meeting):
    services.meeting_cancel(meeting=meeting, reason="Storm")
    url = reverse("meeting_edit", args=[group.pk, meeting.pk])
    response = facilitating.post(url, _data(group, meeting.event.starts_at + timedelta(days=1)))
    assert response["Location"] == reverse("meeting_manage", args=[group.pk, meeting.pk])
    assert Event.objects.get(pk=meeting.event_id).venue_name == "Café Kōwhai"


def test_the_service_refuses_a_meeting_cancelled_meanwhile(group, meeting):
    """The form was drawn before another facilitator cancelled: checked again under the lock."""
    services.meeting_cancel(meeting=meeting, reason="Storm")
    starts = timezone.now() + timedelta(days=3)
    with pytest.raises(services.GroupRefused, match="cancelled"):
        services.meeting_update(
            meeting=meeting, starts_at=starts, ends_at=starts + timedelta(hours=1), venue_name="Elsewhere"
        )
    assert Event.objects.get(pk=meeting.event_id).status == "cancelled"


def test_nothing_changed_tells_nobody(group, meeting, member):
    event_services.rsvp_submit(event=meeting.event, user=member.user, going=True, household=HouseholdReply())
    event = meeting.event
    services.meeting_update(
        meeting=meeting,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        venue_name=event.venue_name,
        venue_address=event.venue_address,
    )
    assert not Message.objects.filter(kind="event_changed").exists()
    assert Event.objects.get(pk=event.pk).sequence == event.sequence


def test_the_meeting_pages_link_to_the_change(facilitating, group, meeting):
    url = reverse("meeting_edit", args=[group.pk, meeting.pk])
    assert url in facilitating.get(reverse("group_meetings", args=[group.pk])).content.decode()
    assert url in facilitating.get(reverse("meeting_manage", args=[group.pk, meeting.pk])).content.decode()
