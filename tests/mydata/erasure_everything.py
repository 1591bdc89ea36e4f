"""A caregiver with something in every app's person-linked tables, for the erasure tests.

``fill_everything`` writes, through the apps' factories (and services where a factory would
skip a rule that matters here), one or more rows of every model that points at a person, with
personal values unique to ``tag`` so that a walk over every table can look for them afterwards.
Two people filled in with different tags share events, groups and surveys, so the counts that
reports add up can be compared before and after one of them leaves.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from accounts.models import ReadKind, StaffRead
from buddies.models import Enquiry, MatchStatus
from directory import caremap
from events.models import RSVP, Attendance, Audience, CalendarFeed, EventInvitee, FollowUp
from groups.models import (
    AgreementVersion,
    GroupKind,
    HubRequest,
    Meeting,
    MeetingRole,
    MemberRole,
    Membership,
    MembershipStatus,
)
from groups.models import Attendance as MeetingAttendance
from mydata.models import ClosureRequest, ClosureStatus, DataExport, ExportStatus
from notifications.models import Channel, PhoneNumberStatus
from privacy import services as privacy_services
from privacy.models import ModerationAction, ModerationLog, Post, ReadMarker, Report, Thread
from tests.accounts.factories import CaregiverFactory, add_totp
from tests.buddies.factories import BuddyProfileFactory, CheckInFactory, MatchFactory, NewCaregiverFactory
from tests.directory.factories import CareMapEntryFactory, TrainingCompletionFactory
from tests.events.factories import EventFactory
from tests.feedback.factories import InvitationFactory as SurveyInvitationFactory
from tests.feedback.factories import SurveyFactory, respond
from tests.groups.factories import GroupFactory, MembershipFactory
from tests.invitations.factories import InvitationFactory
from tests.notifications.factories import MessageFactory


@dataclasses.dataclass
class Shared:
    """What two people have in common: events, a group, a survey."""

    past_event: object
    upcoming_event: object
    group: object
    meeting: object
    survey: object


@dataclasses.dataclass
class Person:
    user: object
    phone: str
    # Every value of theirs a walk must not find afterwards (names, address, number, their words).
    values: list[str]


def shared_things(*, region, social_worker) -> Shared:
    now = timezone.now()
    past = EventFactory(region=region, created_by=social_worker, starts_at=now - timedelta(days=10), title="Past hui")
    upcoming = EventFactory(region=region, created_by=social_worker, capacity=4, title="Upcoming hui")
    group = GroupFactory(region=region, created_by=social_worker, social_worker=social_worker)
    meeting_event = EventFactory(
        region=region,
        created_by=social_worker,
        audience=Audience.GROUP,
        starts_at=now - timedelta(days=3),
        title="Group meeting",
    )
    meeting = Meeting.objects.create(group=group, event=meeting_event)
    survey = SurveyFactory(event=past)
    return Shared(past_event=past, upcoming_event=upcoming, group=group, meeting=meeting, survey=survey)


def fill_everything(
    *, tag: str, number: str, region, social_worker, shared: Shared, meeting_role: str = "host"
) -> Person:
    """Everything the portal can hold about one caregiver; ``number`` makes their phone unique (4 digits),
    ``meeting_role`` their role at the shared meeting (one person each)."""
    now = timezone.now()
    phone = f"+6421555{number}"
    values = {
        "first": f"Hinemoa{tag}",
        "last": f"Tawhiri{tag}",
        "email": f"erase.{tag.lower()}@example.org",
        "locality": f"Locality{tag}",
        "identity": f"Identity{tag}",
    }
    profile = CaregiverFactory(
        region=region,
        social_worker=social_worker,
        locality=values["locality"],
        cultural_identity=values["identity"],
        phone=phone,
        contact_by_sms=True,
        sms_consent_at=now,
        started_caring_on=timezone.localdate() - timedelta(days=2000),
        user__first_name=values["first"],
        user__last_name=values["last"],
        user__email=values["email"],
    )
    user = profile.user
    texts = {}

    def said(name: str) -> str:
        texts[name] = f"{name}{tag}"
        return texts[name]

    # accounts (+ the libraries': an authenticator, the admin's history, a session)
    add_totp(user)
    StaffRead.objects.create(reader=social_worker, subject=user, what=ReadKind.RECORD, reason=said("ReadReason"))
    LogEntry.objects.create(
        user=social_worker,
        content_type=ContentType.objects.get_for_model(user),
        object_id=str(user.pk),
        object_repr=user.email,
        action_flag=CHANGE,
        change_message="[]",
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session.create()

    # invitations: the one they accepted
    InvitationFactory(
        email=user.email,
        first_name=values["first"],
        last_name=values["last"],
        region=region,
        invited_by=social_worker,
        accepted_at=now - timedelta(days=500),
        accepted_user=user,
    )

    # events: a past reply (counts), an upcoming one (freed), an invitation, a follow-up, a feed
    RSVP.objects.create(
        event=shared.past_event,
        user=user,
        response="going",
        adults=2,
        children_5_11=1,
        dietary=said("Dietary"),
        access_needs=said("Access"),
        attendance=Attendance.ATTENDED,
        checked_in_by=social_worker,
        checked_in_at=now - timedelta(days=10),
    )
    RSVP.objects.create(event=shared.upcoming_event, user=user, response="going", adults=2, dietary=said("Soon"))
    invited = EventFactory(region=region, created_by=social_worker, audience=Audience.INVITED)
    EventInvitee.objects.create(event=invited, user=user)
    FollowUp.objects.create(
        event=invited, caregiver=user, method="call", outcome="maybe", note=said("FollowNote"), by=social_worker
    )
    CalendarFeed.objects.create(user=user)

    # groups: a membership, a meeting role and attendance, a constellation they are the hub of,
    # a hub request, an agreement version they wrote
    MembershipFactory(group=shared.group, user=user, request_message=said("JoinMessage"))
    MeetingRole.objects.create(meeting=shared.meeting, role=meeting_role, user=user)
    MeetingAttendance.objects.create(meeting=shared.meeting, user=user, attended=True, recorded_by=social_worker)
    constellation = GroupFactory(
        region=region,
        kind=GroupKind.CONSTELLATION,
        created_by=social_worker,
        hub_contact=f"{values['first']}, {phone} (evenings)",
    )
    MembershipFactory(group=constellation, user=user, role=MemberRole.FACILITATOR)
    AgreementVersion.objects.create(group=constellation, number=2, text="Be kind.", created_by=user)
    other_constellation = GroupFactory(region=region, kind=GroupKind.CONSTELLATION, created_by=social_worker)
    MembershipFactory(group=other_constellation, user=user)
    HubRequest.objects.create(
        group=other_constellation, satellite=user, kind="advice", starts_on=timezone.localdate(), message=said("Hub")
    )
    satellite = MembershipFactory(group=constellation).user
    HubRequest.objects.create(
        group=constellation,
        satellite=satellite,
        kind="social",
        starts_on=timezone.localdate(),
        status="agreed",
        answer=said("HubAnswer"),
        answered_by=user,
        answered_at=now,
    )
    requested = MembershipFactory(
        group=GroupFactory(region=region, created_by=social_worker),
        status=MembershipStatus.REQUESTED,
        joined_at=None,
        decided_by=None,
    ).user
    Membership.objects.filter(user=requested).update(decided_by=user)

    # buddies: they are a buddy (profile, an active pair, a check-in) and an ambassador
    BuddyProfileFactory(user=user, ambassador=True)
    pair = MatchFactory(
        new_caregiver=NewCaregiverFactory(region=region).user,
        buddy=user,
        status=MatchStatus.ACTIVE,
        reasons=f"Both in {values['locality']}",
        feedback_buddy=said("BuddyFeedback"),
    )
    CheckInFactory(match=pair, logged_by=user)
    MatchFactory(new_caregiver=NewCaregiverFactory(region=region).user, buddy=user, status=MatchStatus.OFFERED)
    Enquiry.objects.create(
        region=region,
        first_name="Pita",
        household="couple",
        how_heard="event",
        ambassador=user,
        recorded_by=social_worker,
    )

    # privacy: a thread others answered, a reply in someone else's thread, a protected name,
    # a read marker, a report, a moderation log row with them as actor
    other_member = MembershipFactory(group=shared.group).user
    theirs = Thread.objects.create(group=shared.group, title=said("ThreadTitle"), author=user, last_post_at=now)
    Post.objects.create(thread=theirs, author=user, body=said("PostBody"))
    Post.objects.create(thread=theirs, author=other_member, body="Kia ora, welcome.")
    others = Thread.objects.create(group=shared.group, title="Respite tips", author=other_member, last_post_at=now)
    others_post = Post.objects.create(thread=others, author=other_member, body="Any tips for respite?")
    Post.objects.create(thread=others, author=user, body=said("ReplyBody"))
    alone = Thread.objects.create(group=shared.group, title=said("LonelyTitle"), author=user, last_post_at=now)
    Post.objects.create(thread=alone, author=user, body=said("LonelyBody"))
    privacy_services.protected_name_add(user=user, name=f"Manaaki{tag}")
    ReadMarker.objects.create(user=user, thread=others, read_at=now)
    Report.objects.create(post=others_post, reporter=user, reason="unkind")
    ModerationLog.objects.create(
        group=shared.group,
        post_id_at_the_time=others_post.pk,
        actor=user,
        action=ModerationAction.HIDDEN,
        reason=said("ModReason"),
    )

    # feedback: invited to the past event's survey, answered with a score and their own words
    SurveyInvitationFactory(survey=shared.survey, user=user, answered_at=now)
    respond(shared.survey, {"overall": 5, "better": said("Better")}, user=user, share_name=True)

    # directory: a training record, a care map shared with their social worker and read by them
    TrainingCompletionFactory(user=user)
    CareMapEntryFactory(owner=user, label=said("CareLabel"), note=said("CareNote"))
    share = caremap.share_start(owner=user)
    StaffRead.objects.create(reader=social_worker, subject=user, what=ReadKind.CARE_MAP, object_id=share.pk)

    # notifications: an email and a text to them, a message to someone else naming them,
    # what the provider told us about their number
    MessageFactory(recipient=user, channel=Channel.EMAIL, body=f"Kia ora {values['first']}", status="sent")
    MessageFactory(recipient=user, to=phone, status="pending")
    MessageFactory(recipient=pair.new_caregiver, channel=Channel.EMAIL, body=f"Your buddy is {values['first']}.")
    PhoneNumberStatus.objects.create(phone=phone, opted_out_at=now)

    # mydata: a download and an earlier request their social worker declined
    DataExport.objects.create(
        user=user,
        status=ExportStatus.READY,
        progress=100,
        document={"name": values["first"], "email": values["email"]},
        finished_at=now,
        expires_at=now + timedelta(hours=24),
    )
    ClosureRequest.objects.create(
        user=user,
        status=ClosureStatus.DECLINED,
        decided_by=social_worker,
        decided_at=now,
        decline_reason=said("Declined"),
    )
    return Person(user=user, phone=phone, values=[*values.values(), phone, *texts.values()])
