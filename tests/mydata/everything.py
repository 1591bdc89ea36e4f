"""A caregiver with a row in every table that can hold something about them.

``fill_everything(user, tag=...)`` writes the rows with the apps' factories (or directly,
where a service would send messages or run the privacy guard) and returns a ``Filled``:
which marker strings it planted where. Every marker contains ``tag``, so two people filled
with different tags can be told apart in a serialised document.

- ``own``: markers that must appear in the person's own download;
- ``withheld``: markers about the person that must not appear even in their own download
  (a protected child's name, a hidden post's text, secrets, other people's details);
- ``all_markers``: everything planted: none may appear in anyone else's download.

To extend it (a new app, a new model): plant one more row in ``fill_everything`` and add
its markers to the right list. The erasure tests can use the same rows: ``Filled.rows``
maps a model label to the rows written for it.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from allauth.mfa.models import Authenticator
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import CaregiverProfile, Language, ReadKind, StaffRead, Topic
from accounts.reads import record_read
from buddies.models import BuddyProfile, CheckIn, ContactType, Enquiry, Match, MatchStatus
from directory import caremap
from events.models import CalendarFeed, EventInvitee, FollowUp
from feedback.models import Invitation as SurveyInvitation
from groups.models import Attendance, HubRequest, Meeting, MeetingRole, MembershipStatus
from invitations.models import Invitation
from mydata.models import ClosureRequest, ClosureStatus, DataExport, ExportStatus
from notifications.models import Channel, Message, MessageStatus, PhoneNumberStatus
from privacy import services as privacy_services
from privacy.models import HideReason, ModerationAction, ModerationLog, Post, PostStatus, ReadMarker, Report, Thread
from tests.accounts.factories import CaregiverFactory, add_totp
from tests.buddies.factories import ExperiencedCaregiverFactory
from tests.directory.factories import CareMapEntryFactory, CourseFactory, TrainingCompletionFactory
from tests.events.factories import EventFactory, RSVPFactory
from tests.feedback.factories import SurveyFactory, respond
from tests.groups.factories import GroupFactory, MembershipFactory


@dataclasses.dataclass
class Filled:
    user: object
    tag: str
    own: list[str] = dataclasses.field(default_factory=list)
    withheld: list[str] = dataclasses.field(default_factory=list)
    rows: dict[str, list] = dataclasses.field(default_factory=dict)

    @property
    def all_markers(self) -> list[str]:
        return self.own + self.withheld

    def add(self, label: str, *rows) -> None:
        self.rows.setdefault(label, []).extend(rows)


def fill_everything(user, *, tag: str, social_worker, phone: str) -> Filled:
    """Rows about ``user`` (a caregiver with a profile) in every app. ``phone`` must be unique
    to the person (E.164); ``social_worker`` is theirs (staff reads, follow-ups, shares)."""
    filled = Filled(user=user, tag=tag)
    now = timezone.now()
    region = user.caregiver_profile.region

    # accounts: the profile's free text and phone, a staff read, an authenticator, an admin entry.
    profile = user.caregiver_profile
    profile.cultural_identity = f"{tag} heritage"
    profile.phone = phone
    profile.save()
    profile.languages.add(Language.objects.get_or_create(name="Te reo Māori")[0])
    profile.topics.add(Topic.objects.get_or_create(name="Teenagers")[0])
    read = record_read(reader=social_worker, subject=user, what=ReadKind.RECORD, reason=f"{tag} annual review")
    secret = add_totp(user)
    entry = LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(CaregiverProfile),
        object_id="1",
        object_repr=f"{tag} someone else's record",
        action_flag=CHANGE,
        change_message=f"{tag} changed someone",
    )
    filled.own += [user.first_name, user.last_name, user.email, phone, f"{tag} heritage", f"{tag} annual review"]
    filled.withheld += [secret, f"{tag} someone else's record", f"{tag} changed someone"]
    filled.add("accounts.StaffRead", read)
    filled.add("mfa.Authenticator", *Authenticator.objects.filter(user=user))
    filled.add("admin.LogEntry", entry)

    # invitations: the one that brought them.
    invitation = Invitation.objects.create(
        email=user.email,
        first_name=user.first_name,
        region=region,
        invited_by=social_worker,
        social_worker=social_worker,
        accepted_at=now,
        accepted_user=user,
    )
    filled.add("invitations.Invitation", invitation)

    # groups: a membership with a message, a meeting role, attendance, a hub request.
    group = GroupFactory(region=region, social_worker=social_worker, created_by=social_worker, name=f"{tag} circle")
    membership = MembershipFactory(group=group, user=user, request_message=f"{tag} please let me join")
    event = EventFactory(region=region, created_by=social_worker, title=f"{tag} circle meeting")
    meeting = Meeting.objects.create(group=group, event=event)
    role = MeetingRole.objects.create(meeting=meeting, user=user, role="host")
    attendance = Attendance.objects.create(meeting=meeting, user=user, attended=True, recorded_by=social_worker)
    hub = HubRequest.objects.create(
        group=group,
        satellite=user,
        kind="advice",
        starts_on=timezone.localdate(),
        message=f"{tag} need advice on school",
        answer=f"{tag} happy to help",
        answered_by=social_worker,
        answered_at=now,
    )
    filled.own += [f"{tag} circle", f"{tag} please let me join", f"{tag} need advice on school", f"{tag} happy to help"]
    filled.add("groups.Membership", membership)
    filled.add("groups.MeetingRole", role)
    filled.add("groups.Attendance", attendance)
    filled.add("groups.HubRequest", hub)

    # buddies: settings, a pair with feedback both ways and a check-in, an enquiry as ambassador.
    buddy_profile = BuddyProfile.objects.create(user=user, willing=True, capacity=2, ambassador=True)
    buddy = ExperiencedCaregiverFactory(region=region, user__first_name=f"{tag}buddyname").user
    match = Match.objects.create(
        new_caregiver=user,
        buddy=buddy,
        status=MatchStatus.ENDED,
        started_on=timezone.localdate() - timedelta(days=200),
        ended_at=now,
        ended_by=buddy,
        end_reason="completed",
        feedback_new=f"{tag} my buddy was lovely",
        feedback_buddy=f"{tag} great to support",
        reasons=f"Also in {tag}buddytown",
    )
    check_in = CheckIn.objects.create(
        match=match, logged_by=buddy, contact_type=ContactType.COFFEE, happened_on=timezone.localdate()
    )
    enquiry = Enquiry.objects.create(
        region=region,
        first_name=f"{tag}enquirer",
        household="couple",
        how_heard="event",
        ambassador=user,
        recorded_by=social_worker,
        outcome_note=f"{tag} enquirer note",
    )
    filled.own += [f"{tag} my buddy was lovely", f"{tag} great to support"]
    # The buddy's name and town (the match reasons describe the buddy) and the enquirer's details.
    filled.withheld += [f"{tag}buddyname", f"{tag}buddytown", f"{tag}enquirer", buddy.email]
    filled.add("buddies.BuddyProfile", buddy_profile)
    filled.add("buddies.Match", match)
    filled.add("buddies.CheckIn", check_in)
    filled.add("buddies.Enquiry", enquiry)

    # events: a reply with needs, an invitation, a follow-up note by staff, a calendar feed.
    rsvp = RSVPFactory(
        event=event,
        user=user,
        adults=2,
        children_5_11=1,
        dietary=f"{tag} no peanuts",
        access_needs=f"{tag} ramp please",
    )
    invitee = EventInvitee.objects.create(event=event, user=user)
    follow_up = FollowUp.objects.create(
        event=event,
        caregiver=user,
        method="call",
        outcome="coming",
        note=f"{tag} will bring a friend",
        by=social_worker,
    )
    feed = CalendarFeed.objects.create(user=user)
    filled.own += [f"{tag} no peanuts", f"{tag} ramp please", f"{tag} will bring a friend", f"{tag} circle meeting"]
    filled.withheld += [feed.token]
    filled.add("events.RSVP", rsvp)
    filled.add("events.EventInvitee", invitee)
    filled.add("events.FollowUp", follow_up)
    filled.add("events.CalendarFeed", feed)

    # notifications: a text sent to them, and what the provider said about their number.
    message = Message.objects.create(
        recipient=user,
        channel=Channel.SMS,
        kind="event_reminder",
        to=phone,
        body=f"{tag} reminder: circle meeting tomorrow",
        idempotency_key=f"everything:{tag}:reminder",
        status=MessageStatus.DELIVERED,
    )
    number = PhoneNumberStatus.objects.create(phone=phone, opted_out_at=now)
    filled.own += [f"{tag} reminder: circle meeting tomorrow"]
    filled.add("notifications.Message", message)
    filled.add("notifications.PhoneNumberStatus", number)

    # privacy: a thread and posts (one visible, one hidden by a moderator, one held by the
    # guard), a protected name, a read marker, a report, moderation of their post.
    thread = Thread.objects.create(group=group, title=f"{tag} respite tips", author=user, last_post_at=now)
    visible = Post.objects.create(thread=thread, author=user, body=f"{tag} what works for you?")
    hidden = Post.objects.create(
        thread=thread,
        author=user,
        body=f"{tag}kid starts school",
        status=PostStatus.HIDDEN,
        hidden_reason=HideReason.IDENTIFIES,
    )
    held = Post.objects.create(thread=thread, author=user, body=f"{tag}kid2 at kindy", status=PostStatus.HELD)
    name = privacy_services.protected_name_add(user=user, name=f"{tag}childname")
    marker = ReadMarker.objects.create(user=user, thread=thread, read_at=now)
    other_member = MembershipFactory(group=group, status=MembershipStatus.ACTIVE).user
    others_post = Post.objects.create(thread=thread, author=other_member, body=f"{tag} a member's own post")
    report = Report.objects.create(post=others_post, reporter=user, reason="unkind")
    log = ModerationLog.objects.create(
        group=group,
        post_id_at_the_time=hidden.pk,
        actor=social_worker,
        action=ModerationAction.HIDDEN,
        reason=HideReason.IDENTIFIES,
    )
    held_log = ModerationLog.objects.create(
        group=group, post_id_at_the_time=held.pk, actor=user, action=ModerationAction.HELD, categories=["name"]
    )
    filled.own += [f"{tag} respite tips", f"{tag} what works for you?"]
    filled.withheld += [
        f"{tag}kid starts school",
        f"{tag}kid2 at kindy",
        f"{tag}childname",
        f"{tag} a member's own post",
    ]
    filled.withheld += [other_member.first_name + " " + other_member.last_name, other_member.email]
    filled.add("privacy.Thread", thread)
    filled.add("privacy.Post", visible, hidden, held)
    filled.add("privacy.ProtectedName", name)
    filled.add("privacy.ReadMarker", marker)
    filled.add("privacy.Report", report)
    filled.add("privacy.ModerationLog", log, held_log)

    # feedback: an invitation and a response with written words.
    survey = SurveyFactory(event=event)
    survey_invitation = SurveyInvitation.objects.create(survey=survey, user=user, created_at=now, answered_at=now)
    response = respond(survey, {"overall": 5, "worked": f"{tag} the kai was great"}, user=user)
    filled.own += [f"{tag} the kai was great"]
    filled.add("feedback.Invitation", survey_invitation)
    filled.add("feedback.Response", response)

    # directory: a course done, a care map with a note, shared with and read by the social worker.
    course = TrainingCompletionFactory(user=user, listing=CourseFactory(region=region, name=f"{tag} trauma course"))
    care_entry = CareMapEntryFactory(owner=user, label=f"{tag} Aunty", note=f"{tag} every Sunday")
    share = caremap.share_start(owner=user)
    care_read = StaffRead.objects.create(subject=user, reader=social_worker, what=ReadKind.CARE_MAP, object_id=share.pk)
    filled.own += [f"{tag} trauma course", f"{tag} Aunty", f"{tag} every Sunday"]
    filled.add("directory.TrainingCompletion", course)
    filled.add("directory.CareMapEntry", care_entry)
    filled.add("directory.CareMapShare", share)
    filled.add("accounts.StaffRead", care_read)

    # mydata: an earlier download (expired) and a closure request the social worker declined.
    earlier = DataExport.objects.create(
        user=user, status=ExportStatus.EXPIRED, requested_at=now - timedelta(days=30), finished_at=now
    )
    closure = ClosureRequest.objects.create(
        user=user,
        status=ClosureStatus.DECLINED,
        decided_by=social_worker,
        decided_at=now,
        decline_reason=f"{tag} placement still going",
    )
    filled.own += [f"{tag} placement still going"]
    filled.add("mydata.DataExport", earlier)
    filled.add("mydata.ClosureRequest", closure)
    return filled


def new_caregiver(*, region, social_worker, first_name: str, email: str):
    return CaregiverFactory(
        region=region, social_worker=social_worker, user__first_name=first_name, user__email=email
    ).user
