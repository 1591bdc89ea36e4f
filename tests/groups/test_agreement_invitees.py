"""After an agreement change, a member who owes the new version is off the upcoming
meetings' invitee lists (the events app's meeting pages 404 for them) until they accept it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services as event_services
from events.models import RSVP, Event, EventInvitee, HouseholdReply
from groups import services
from notifications.models import Message
from tests.groups.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _invited(user, meeting) -> bool:
    return EventInvitee.objects.filter(event_id=meeting.event_id, user=user).exists()


def test_a_member_owing_the_new_agreement_loses_the_meeting_until_they_accept(client, member, meeting, social_worker):
    client.force_login(member.user)
    event_page = reverse("event_detail", args=[meeting.event_id])
    assert client.get(event_page).status_code == 200

    services.agreement_update(group=member.group, number=2, text="Version two", by=social_worker)

    assert not _invited(member.user, meeting)
    assert not Event.objects.visible_to(member.user).filter(pk=meeting.event_id).exists()
    assert client.get(event_page).status_code == 404
    assert client.get(reverse("rsvp_edit", args=[meeting.event_id])).status_code == 404

    response = client.post(reverse("group_agreement", args=[member.group.pk]), {"number": 2, "accept": "on"})
    assert response.status_code == 302
    assert _invited(member.user, meeting)
    assert client.get(event_page).status_code == 200


def test_their_reply_goes_and_frees_the_place_for_the_waitlist(member, meeting, facilitator, group):
    Event.objects.filter(pk=meeting.event_id).update(capacity=1)
    meeting.event.refresh_from_db()
    event_services.invitee_add(user=facilitator.user, event_ids=[meeting.event_id])
    event_services.rsvp_submit(event=meeting.event, user=member.user, going=True, household=HouseholdReply())
    waiting = event_services.rsvp_submit(
        event=meeting.event, user=facilitator.user, going=True, household=HouseholdReply()
    )
    assert waiting.waitlisted

    # The facilitator writes version 2 (so has accepted it); the member owes it.
    services.agreement_update(group=group, number=2, text="Version two", by=facilitator.user)

    assert not RSVP.objects.filter(event_id=meeting.event_id, user=member.user).exists()
    assert not RSVP.objects.get(event_id=meeting.event_id, user=facilitator.user).waitlisted
    assert Message.objects.filter(recipient=facilitator.user, kind="waitlist_promoted").exists()


def test_each_member_owing_it_is_told_once_and_only_those_who_replied_hear_about_replies(
    member, meeting, social_worker, group
):
    quiet = MembershipFactory(group=group)
    event_services.invitee_add(user=quiet.user, event_ids=[meeting.event_id])
    event_services.rsvp_submit(event=meeting.event, user=member.user, going=True, household=HouseholdReply())

    services.agreement_update(group=group, number=2, text="Version two", by=social_worker)

    told = Message.objects.filter(kind="group_agreement_changed", channel="email")
    assert set(told.values_list("recipient", flat=True)) == {member.user_id, quiet.user_id}
    replied = told.get(recipient=member.user)
    assert group.name in replied.subject
    assert reverse("group_agreement", args=[group.pk]) in replied.body
    assert "reply again" in replied.body
    assert "reply again" not in told.get(recipient=quiet.user).body


def test_a_member_never_accepted_is_not_told_again(group, newcomer, social_worker, meeting):
    services.membership_approve(membership=services.membership_request(group=group, user=newcomer), by=social_worker)
    services.agreement_update(group=group, number=2, text="Version two", by=social_worker)
    assert not Message.objects.filter(recipient=newcomer, kind="group_agreement_changed").exists()


def test_the_facilitator_who_writes_it_has_accepted_it_and_stays_invited(facilitator, member, meeting, group):
    event_services.invitee_add(user=facilitator.user, event_ids=[meeting.event_id])
    services.agreement_update(group=group, number=2, text="Version two", by=facilitator.user)
    facilitator.refresh_from_db()
    assert facilitator.agreement_version.number == 2
    assert _invited(facilitator.user, meeting)
    assert not _invited(member.user, meeting)
    assert not Message.objects.filter(recipient=facilitator.user, kind="group_agreement_changed").exists()


def test_a_meeting_scheduled_while_a_member_owes_it_invites_them_once_they_accept(member, group, social_worker):
    services.agreement_update(group=group, number=2, text="Version two", by=social_worker)
    starts = timezone.now() + timedelta(days=4)
    meeting = services.meeting_create(
        group=group, by=social_worker, starts_at=starts, ends_at=starts + timedelta(hours=1), venue_name="Park"
    )
    assert not _invited(member.user, meeting)
    services.agreement_accept(membership=member, number=2)
    assert _invited(member.user, meeting)


def test_past_meetings_keep_their_lists(member, meeting, group, social_worker):
    Event.objects.filter(pk=meeting.event_id).update(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=2, hours=-1)
    )
    services.agreement_update(group=group, number=2, text="Version two", by=social_worker)
    assert _invited(member.user, meeting)
