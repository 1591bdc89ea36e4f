"""groups.services: joining, approval (told through the outbox), the versioned agreement,
leaving, and meetings as events whose invitees follow membership."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from events import services as event_services
from events.models import Audience, Event, EventStatus
from groups import services
from groups.models import AgreementVersion, JoiningPolicy, Meeting, MembershipStatus
from notifications.models import Message
from tests.groups.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_request_waits_for_a_facilitator(group, newcomer):
    membership = services.membership_request(group=group, user=newcomer, message="Kia ora")
    assert membership.status == MembershipStatus.REQUESTED
    assert membership.request_message == "Kia ora"


def test_a_second_request_while_one_is_pending_is_refused(group, newcomer):
    services.membership_request(group=group, user=newcomer)
    with pytest.raises(services.GroupRefused, match="already asked"):
        services.membership_request(group=group, user=newcomer)


def test_joining_a_full_group_is_refused(group, newcomer, member):
    group.capacity = 1
    group.save()
    with pytest.raises(services.GroupRefused, match="full"):
        services.membership_request(group=group, user=newcomer)


def test_invitation_only_groups_take_no_requests(group, newcomer):
    group.joining_policy = JoiningPolicy.BY_INVITATION
    group.save()
    with pytest.raises(services.GroupRefused, match="invitation"):
        services.membership_request(group=group, user=newcomer)


def test_approval_makes_a_member_and_tells_them_through_the_outbox(group, newcomer, social_worker, meeting):
    membership = services.membership_request(group=group, user=newcomer)
    services.membership_approve(membership=membership, by=social_worker)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.agreement_version is None  # accepted on the next visit
    message = Message.objects.get(recipient=newcomer)
    assert message.kind == "group_request_approved"
    assert group.name in message.subject
    # The meeting (its time and place) is visible only once they accept the agreement.
    assert not Event.objects.visible_to(newcomer).filter(pk=meeting.event_id).exists()
    services.agreement_accept(membership=membership, number=1)
    assert Event.objects.visible_to(newcomer).filter(pk=meeting.event_id).exists()


def test_approving_twice_is_refused_and_tells_once(group, newcomer, social_worker):
    membership = services.membership_request(group=group, user=newcomer)
    services.membership_approve(membership=membership, by=social_worker)
    with pytest.raises(services.GroupRefused, match="already been answered"):
        services.membership_approve(membership=membership, by=social_worker)
    assert Message.objects.filter(recipient=newcomer).count() == 1


def test_declining_tells_the_person(group, newcomer, social_worker):
    membership = services.membership_request(group=group, user=newcomer)
    services.membership_decline(membership=membership, by=social_worker)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.DECLINED
    assert Message.objects.get(recipient=newcomer).kind == "group_request_declined"


def test_joining_an_open_group_accepts_the_agreement_read(group, newcomer):
    group.joining_policy = JoiningPolicy.OPEN
    group.save()
    membership = services.membership_join(group=group, user=newcomer, agreement_number=1)
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.agreement_version.number == 1


def test_joining_with_an_old_agreement_is_refused(group, newcomer, social_worker):
    group.joining_policy = JoiningPolicy.OPEN
    group.save()
    services.agreement_update(group=group, number=2, text="New text", by=social_worker)
    with pytest.raises(services.GroupRefused, match="agreement changed"):
        services.membership_join(group=group, user=newcomer, agreement_number=1)


def test_a_new_agreement_version_must_be_accepted_again(member, social_worker):
    version = services.agreement_update(group=member.group, number=2, text="Be kind.", by=social_worker)
    member.refresh_from_db()
    assert not member.has_accepted(version)
    services.agreement_accept(membership=member, number=2)
    member.refresh_from_db()
    assert member.has_accepted(version)


def test_reusing_an_old_agreement_number_is_refused_with_the_next_number(group, social_worker):
    services.agreement_update(group=group, number=2, text="v2", by=social_worker)
    with pytest.raises(services.GroupRefused, match="Version 2 .* already exists .* as version 3") as refused:
        services.agreement_update(group=group, number=2, text="v2 again", by=social_worker)
    assert refused.value.field == "number"
    assert AgreementVersion.objects.filter(group=group).count() == 2


def test_accepting_a_replaced_version_is_refused(member, social_worker):
    services.agreement_update(group=member.group, number=2, text="v2", by=social_worker)
    with pytest.raises(services.GroupRefused, match="changed"):
        services.agreement_accept(membership=member, number=1)


def test_a_member_who_has_not_accepted_is_not_invited_to_new_meetings(group, newcomer, social_worker, member):
    membership = services.membership_request(group=group, user=newcomer)
    services.membership_approve(membership=membership, by=social_worker)
    starts = timezone.now() + timedelta(days=3)
    meeting = services.meeting_create(
        group=group, by=social_worker, starts_at=starts, ends_at=starts + timedelta(hours=1), venue_name="Café"
    )
    assert Event.objects.visible_to(member.user).filter(pk=meeting.event_id).exists()
    assert not Event.objects.visible_to(newcomer).filter(pk=meeting.event_id).exists()


def test_a_meeting_is_an_event_only_members_see(meeting, member, caregiver_other_region, social_worker):
    event = meeting.event
    assert event.audience == Audience.GROUP
    assert event.status == EventStatus.PUBLISHED
    assert Event.objects.visible_to(member.user).filter(pk=event.pk).exists()
    assert not Event.objects.visible_to(caregiver_other_region).filter(pk=event.pk).exists()
    assert Event.objects.visible_to(social_worker).filter(pk=event.pk).exists()
    assert event.reminders.exists()  # the events app's reminders, for free


def test_a_regional_caregiver_outside_the_group_does_not_see_the_meeting(meeting, newcomer):
    assert not Event.objects.visible_to(newcomer).filter(pk=meeting.event_id).exists()


def test_leaving_takes_the_person_off_upcoming_meetings(meeting, member):
    services.membership_leave(membership=member)
    member.refresh_from_db()
    assert member.status == MembershipStatus.LEFT
    assert not Event.objects.visible_to(member.user).filter(pk=meeting.event_id).exists()


def test_leaving_withdraws_replies_to_upcoming_meetings(meeting, member):
    event_services.rsvp_submit(
        event=meeting.event, user=member.user, going=True, household=event_services.HouseholdReply()
    )
    services.membership_leave(membership=member)
    assert not meeting.event.rsvps.filter(user=member.user).exists()


def test_a_meeting_in_the_past_or_ending_before_it_starts_is_refused(group, social_worker):
    past = timezone.now() - timedelta(hours=1)
    with pytest.raises(services.GroupRefused, match="already passed") as refused:
        services.meeting_create(group=group, by=social_worker, starts_at=past, ends_at=past, venue_name="x")
    assert refused.value.field == "starts_at"
    soon = timezone.now() + timedelta(days=1)
    with pytest.raises(services.GroupRefused, match="end must be after") as refused:
        services.meeting_create(group=group, by=social_worker, starts_at=soon, ends_at=soon, venue_name="x")
    assert refused.value.field == "ends_at"


def test_a_series_follows_the_usual_schedule(group, social_worker, member):
    first = timezone.localdate() + timedelta(days=1)
    meetings = services.meeting_series_create(group=group, by=social_worker, first=first, count=3, venue_name="Café")
    starts = [m.event.local_start for m in meetings]
    assert [s.weekday() for s in starts] == [group.weekday] * 3
    assert [(s.hour, s.minute) for s in starts] == [(18, 30)] * 3
    assert (starts[1].date() - starts[0].date()).days == 28
    assert Meeting.objects.filter(group=group).count() == 3


def test_attendance_is_recorded_once_the_meeting_started(meeting, member, social_worker):
    with pytest.raises(services.GroupRefused):
        services.attendance_record(
            meeting=meeting, attended_ids={member.user_id}, member_ids=[member.user_id], by=social_worker
        )
    Event.objects.filter(pk=meeting.event_id).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    meeting.event.refresh_from_db()
    services.attendance_record(
        meeting=meeting, attended_ids={member.user_id}, member_ids=[member.user_id], by=social_worker
    )
    assert meeting.attendance.get().attended


def test_hand_over_makes_a_member_the_facilitator(group, member, facilitator):
    services.facilitation_hand_over(group=group, to=member, from_=facilitator)
    member.refresh_from_db()
    facilitator.refresh_from_db()
    assert (member.role, facilitator.role) == ("facilitator", "member")


def test_membership_factory_default_is_active(group):
    assert MembershipFactory(group=group).status == MembershipStatus.ACTIVE
