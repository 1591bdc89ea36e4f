"""The facilitator's side: requests, meetings, the agreement, roles, attendance, health."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services as event_services
from events.models import Event
from groups import selectors, services
from groups.models import AgreementVersion, Group, Meeting, MeetingRole, MembershipStatus
from notifications.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitating(client, facilitator):
    client.force_login(facilitator.user)
    return client


def _local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_a_caregiver_facilitator_approves_a_request_and_the_person_is_told(facilitating, group, newcomer):
    membership = services.membership_request(group=group, user=newcomer, message="Kia ora")
    page = facilitating.get(reverse("group_requests", args=[group.pk])).content.decode()
    assert "Kia ora" in page
    response = facilitating.post(reverse("membership_decide", args=[group.pk, membership.pk]), {"decision": "approve"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert Message.objects.filter(recipient=newcomer, kind="group_request_approved").exists()


def test_declining(facilitating, group, newcomer):
    membership = services.membership_request(group=group, user=newcomer)
    facilitating.post(reverse("membership_decide", args=[group.pk, membership.pk]), {"decision": "decline"})
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.DECLINED
    assert Message.objects.filter(recipient=newcomer, kind="group_request_declined").exists()


def test_a_plain_member_cannot_approve(client, member, group, newcomer):
    membership = services.membership_request(group=group, user=newcomer)
    client.force_login(member.user)
    response = client.post(reverse("membership_decide", args=[group.pk, membership.pk]), {"decision": "approve"})
    assert response.status_code == 403


def test_scheduling_a_meeting_makes_an_event_for_the_members(facilitating, group, member):
    starts = timezone.now() + timedelta(days=5)
    data = {
        "starts_at": _local(starts),
        "ends_at": _local(starts + timedelta(hours=2)),
        "venue_name": "Aroha's place",
        "venue_address": "3 Example Street, Porirua",
        "repeat": 1,
    }
    response = facilitating.post(reverse("meeting_create", args=[group.pk]), data)
    assert response.status_code == 302
    meeting = Meeting.objects.get(group=group)
    assert Event.objects.visible_to(member.user).filter(pk=meeting.event_id).exists()


def test_a_meeting_in_the_past_or_ending_first_is_refused_next_to_the_field(facilitating, group):
    past = timezone.now() - timedelta(days=1)
    data = {"starts_at": _local(past), "ends_at": _local(past - timedelta(hours=1)), "venue_name": "x", "repeat": 1}
    response = facilitating.post(reverse("meeting_create", args=[group.pk]), data)
    errors = response.context["form"].errors
    assert "already passed" in errors["starts_at"][0]
    assert "end must be after" in errors["ends_at"][0]
    assert not Meeting.objects.exists()


def test_a_series_on_the_usual_schedule(facilitating, group):
    starts = timezone.now() + timedelta(days=2)
    data = {
        "starts_at": _local(starts),
        "ends_at": _local(starts + timedelta(hours=1)),
        "venue_name": "Café",
        "repeat": 4,
    }
    assert facilitating.post(reverse("meeting_create", args=[group.pk]), data).status_code == 302
    assert Meeting.objects.filter(group=group).count() == 4


def test_a_new_agreement_version_and_an_old_number_refused(facilitating, group):
    page = facilitating.get(reverse("agreement_edit", args=[group.pk]))
    assert page.context["form"].initial["number"] == 2
    assert facilitating.post(reverse("agreement_edit", args=[group.pk]), {"number": 2, "text": "v2"}).status_code == 302
    response = facilitating.post(reverse("agreement_edit", args=[group.pk]), {"number": 2, "text": "again"})
    assert "already exists" in response.context["form"].errors["number"][0]
    assert AgreementVersion.objects.filter(group=group).count() == 2


def test_roles_with_the_suggestion_of_who_has_not_hosted_for_longest(facilitating, group, meeting, member, facilitator):
    # The member hosted last time; the facilitator never has: suggested.
    earlier = services.meeting_create(
        group=group,
        by=facilitator.user,
        starts_at=timezone.now() + timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=1, hours=1),
        venue_name="Park",
    )
    MeetingRole.objects.create(meeting=earlier, role="host", user=member.user)
    response = facilitating.get(reverse("meeting_manage", args=[group.pk, meeting.pk]))
    assert response.context["suggestion"].user == facilitator.user
    response = facilitating.post(
        reverse("meeting_manage", args=[group.pk, meeting.pk]),
        {"form": "roles", "host": facilitator.user_id, "facilitator": "", "note_taker": member.user_id},
    )
    assert response.status_code == 302
    assert dict(MeetingRole.objects.filter(meeting=meeting).values_list("role", "user")) == {
        "host": facilitator.user_id,
        "note_taker": member.user_id,
    }


def test_attendance_after_the_meeting(facilitating, group, meeting, member, facilitator):
    Event.objects.filter(pk=meeting.event_id).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    response = facilitating.post(
        reverse("meeting_manage", args=[group.pk, meeting.pk]), {"form": "attendance", "attended": [member.user_id]}
    )
    assert response.status_code == 302
    assert dict(meeting.attendance.values_list("user", "attended")) == {
        member.user_id: True,
        facilitator.user_id: False,
    }


def test_health_flags_a_group_that_has_not_met(client, group, member, social_worker):
    Group.objects.filter(pk=group.pk).update(created_at=timezone.now() - timedelta(days=100))
    client.force_login(social_worker)
    page = client.get(reverse("group_detail", args=[group.pk])).content.decode()
    assert "has not met in 6 weeks" in page
    assert "Below the recommended size" in page


def test_the_manager_sees_health_figures_but_not_members(client, group, member, manager):
    client.force_login(manager)
    response = client.get(reverse("group_detail", args=[group.pk]))
    assert response.context["health"].members == 1
    assert client.get(reverse("group_members", args=[group.pk])).status_code == 403


def test_social_worker_creates_a_group_for_their_region(client, social_worker, wellington):
    client.force_login(social_worker)
    data = {
        "name": "Tawa teens group",
        "kind": "support",
        "theme": "teens",
        "region": wellington.pk,
        "area": "Tawa",
        "meeting_place": "on_site",
        "frequency": "monthly",
        "weekday": 2,
        "meets_at": "19:00",
        "duration_minutes": 90,
        "joining_policy": "request",
        "capacity": 10,
    }
    response = client.post(reverse("group_create"), data)
    assert response.status_code == 302
    created = Group.objects.get(name="Tawa teens group")
    assert created.is_evening and created.social_worker == social_worker
    assert created.current_agreement().number == 1


def test_hand_over(facilitating, group, member, facilitator):
    response = facilitating.post(reverse("facilitation_hand_over", args=[group.pk]), {"to": member.pk})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == "facilitator"


def test_editing_the_group_cannot_go_below_its_members(facilitating, group, member, facilitator):
    url = reverse("group_edit", args=[group.pk])
    data = {
        "name": group.name,
        "kind": group.kind,
        "theme": "",
        "area": "Titahi Bay",
        "meeting_place": group.meeting_place,
        "frequency": "fortnightly",
        "weekday": 2,
        "meets_at": "10:00",
        "duration_minutes": 90,
        "joining_policy": group.joining_policy,
        "capacity": 1,
    }
    response = facilitating.post(url, data)
    assert "already has 2 members" in response.context["form"].errors["capacity"][0]
    data["capacity"] = 8
    assert facilitating.post(url, data).status_code == 302
    group.refresh_from_db()
    assert (group.area, group.capacity, group.is_weekend, group.is_evening) == ("Titahi Bay", 8, False, False)


def test_members_say_whether_they_will_host(client, group, member, facilitator):
    client.force_login(member.user)
    client.post(reverse("group_hosting", args=[group.pk]), {"willing": "no"})
    member.refresh_from_db()
    assert not member.willing_to_host
    assert [m.user for m in selectors.host_suggestion(group)] == [facilitator.user]


def test_a_facilitator_cancels_a_meeting_and_the_people_going_are_told(facilitating, group, meeting, member):
    event_services.rsvp_submit(
        event=meeting.event, user=member.user, going=True, household=event_services.HouseholdReply()
    )
    url = reverse("meeting_manage", args=[group.pk, meeting.pk])
    response = facilitating.post(url, {"form": "cancel", "reason": ""})
    assert "required" in response.context["cancel_form"].errors["reason"][0]
    response = facilitating.post(url, {"form": "cancel", "reason": "The café is closed"})
    assert response.status_code == 302
    meeting.event.refresh_from_db()
    assert meeting.event.status == "cancelled"
    assert Message.objects.filter(recipient=member.user, kind="event_cancelled").exists()


@pytest.mark.parametrize("data", [{}, {"decision": ""}, {"decision": "maybe"}])
def test_a_decision_that_is_neither_button_changes_nothing(facilitating, group, newcomer, data):
    membership = services.membership_request(group=group, user=newcomer)
    response = facilitating.post(reverse("membership_decide", args=[group.pk, membership.pk]), data)
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REQUESTED
    assert not Message.objects.filter(recipient=newcomer).exists()
