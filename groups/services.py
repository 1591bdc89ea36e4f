"""Operations on groups, memberships, the agreement, meetings, roles and attendance.

Membership rule: every write that changes who is in a group first locks the group
row (``SELECT … FOR UPDATE``), so capacity and "one request at a time" hold when two
people (or one person's two tabs) race. Meetings are events (audience "members of
a group"): this module creates them and keeps their invitee lists in step with
membership through ``events.services``; events never imports groups.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import Role
from events import services as event_services
from notifications.services import notify

from .models import (
    CURRENT_STATUSES,
    DEFAULT_AGREEMENT,
    FREQUENCY_DAYS,
    AgreementVersion,
    Attendance,
    Group,
    HubRequest,
    HubRequestStatus,
    JoiningPolicy,
    Meeting,
    MeetingRole,
    MeetingRoleKind,
    MemberRole,
    Membership,
    MembershipStatus,
)


class GroupRefused(Exception):
    """The action cannot be done as asked; ``field`` says which form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _lock(group: Group) -> Group:
    return Group.objects.select_for_update().get(pk=group.pk)


def upcoming_meeting_event_ids(group: Group) -> list[int]:
    return list(
        Meeting.objects.filter(group=group, event__ends_at__gt=timezone.now()).values_list("event_id", flat=True)
    )


# --- Groups and the agreement ---------------------------------------------------------


def group_create(*, created_by, agreement_text: str | None = None, **fields) -> Group:
    """A new group with version 1 of its agreement (the practice default unless given).

    A social worker who creates a group becomes its social worker."""
    with transaction.atomic():
        group = Group(created_by=created_by, **fields)
        if group.social_worker_id is None and created_by.role == Role.SOCIAL_WORKER:
            group.social_worker = created_by
        group.save()
        AgreementVersion.objects.create(
            group=group, number=1, text=agreement_text or str(DEFAULT_AGREEMENT), created_by=created_by
        )
    return group


def group_update(*, group: Group, changed: list[str]) -> Group:
    """Save an edited group (``group`` carries the new values). Refused: a capacity below
    the members it already has (checked under the group's lock, so no one joins in between)."""
    with transaction.atomic():
        _lock(group)
        if "capacity" in changed:
            members = Membership.objects.filter(group=group).active().count()
            if group.capacity < members:
                raise GroupRefused(
                    gettext("The group already has %(n)d members. The capacity cannot be less than that.")
                    % {"n": members},
                    field="capacity",
                )
        group.save()
    return group


def hosting_set(*, membership: Membership, willing: bool) -> Membership:
    """A member says whether they are happy to host meetings (the host suggestion asks only them)."""
    membership.willing_to_host = willing
    membership.save(update_fields=["willing_to_host"])
    return membership


def agreement_update(*, group: Group, number: int, text: str, by) -> AgreementVersion:
    """Save a new version of the agreement.

    1. Lock the group, so two facilitators editing at once cannot both make version n.
    2. Refuse a number that is not the next one (an old form re-posted, or a typo).
    3. Save the version. A member who wrote it (a caregiver facilitator) has accepted it.
    4. Everyone else who had accepted an earlier version now owes this one: until they
       accept it (``agreement_accept`` puts them back) they are off the upcoming meetings'
       invitee lists, so the events app's meeting pages close for them too (their replies
       go, freeing places for members who did accept), and the group's pages send them to
       the agreement. Each is told through the outbox, in this transaction.
    """
    with transaction.atomic():
        _lock(group)
        current = group.agreement_versions.order_by("-number").values_list("number", flat=True).first() or 0
        if number <= current:
            raise GroupRefused(
                gettext(
                    "Version %(number)d of the agreement already exists (the current version is %(current)d). "
                    "Save your changes as version %(next)d."
                )
                % {"number": number, "current": current, "next": current + 1},
                field="number",
            )
        if number != current + 1:
            raise GroupRefused(
                gettext("The next version is %(next)d: versions are numbered without gaps.") % {"next": current + 1},
                field="number",
            )
        version = AgreementVersion.objects.create(group=group, number=number, text=text, created_by=by)
        Membership.objects.filter(group=group, user=by).active().update(
            agreement_version=version, agreement_accepted_at=timezone.now()
        )
        # Members who never accepted any version are not invited yet, and were already
        # asked to accept when they were approved: only those who had accepted are told.
        owing = list(
            Membership.objects.filter(group=group, agreement_version__isnull=False)
            .active()
            .exclude(agreement_version=version)
            .select_related("user__caregiver_profile")
        )
        replied = event_services.invitees_remove(
            users=[m.user for m in owing], event_ids=upcoming_meeting_event_ids(group)
        )
        for membership in owing:
            notify(
                recipient=membership.user,
                kind="group_agreement_changed",
                key=f"agreement:{version.pk}:owed",
                context={"group": group, "had_replies": membership.user_id in replied},
            )
        return version


def agreement_accept(*, membership: Membership, number: int) -> Membership:
    """Record that a member accepted version ``number``: refused if it is not the current one."""
    with transaction.atomic():
        _lock(membership.group)
        current = membership.group.current_agreement()
        if current is None or number != current.number:
            raise GroupRefused(
                gettext(
                    "The agreement changed while you were reading it. Please read the current version and accept it."
                )
            )
        membership.refresh_from_db()
        if membership.status != MembershipStatus.ACTIVE:
            raise GroupRefused(gettext("You are not a member of this group."))
        membership.agreement_version = current
        membership.agreement_accepted_at = timezone.now()
        membership.save(update_fields=["agreement_version", "agreement_accepted_at"])
        # Only now do the meetings (their times and places) become visible to them: the
        # first time, and again after a change took them off the lists (agreement_update).
        event_services.invitee_add(user=membership.user, event_ids=upcoming_meeting_event_ids(membership.group))
    return membership


# --- Joining and leaving --------------------------------------------------------------


def _check_can_join(group: Group, user) -> None:
    """Caller holds the group lock."""
    current = Membership.objects.filter(group=group, user=user, status__in=CURRENT_STATUSES).first()
    if current is not None and current.status == MembershipStatus.REQUESTED:
        raise GroupRefused(
            gettext("You have already asked to join this group. A facilitator will answer soon."), field="message"
        )
    if current is not None:
        raise GroupRefused(gettext("You are already a member of this group."))
    if group.joining_policy == JoiningPolicy.BY_INVITATION:
        raise GroupRefused(gettext("This group takes new members by invitation only. Ask its social worker."))
    if Membership.objects.filter(group=group).active().count() >= group.capacity:
        raise GroupRefused(
            gettext("This group is full. Ask your social worker about other groups nearby."), field="message"
        )


def membership_request(*, group: Group, user, message: str = "") -> Membership:
    """Ask to join a group that takes requests: refused when full, by invitation, or already asked."""
    with transaction.atomic():
        group = _lock(group)
        _check_can_join(group, user)
        if group.joining_policy != JoiningPolicy.BY_REQUEST:
            raise GroupRefused(gettext("This group is open: join it straight away."))
        return Membership.objects.create(group=group, user=user, request_message=message)


def membership_join(*, group: Group, user, agreement_number: int) -> Membership:
    """Join an open group, accepting the agreement version the person read.

    1. Lock the group; refuse when full, not open, or already a member.
    2. Refuse if the agreement changed since the page was drawn.
    3. Save the membership and put the person on the upcoming meetings' invitee lists.
    """
    with transaction.atomic():
        group = _lock(group)
        _check_can_join(group, user)
        if group.joining_policy != JoiningPolicy.OPEN:
            raise GroupRefused(gettext("This group is not open: ask to join instead."))
        current = group.current_agreement()
        if current is None or current.number != agreement_number:
            raise GroupRefused(
                gettext(
                    "The agreement changed while you were reading it. Please read the current version and accept it."
                )
            )
        now = timezone.now()
        membership = Membership.objects.create(
            group=group,
            user=user,
            status=MembershipStatus.ACTIVE,
            joined_at=now,
            agreement_version=current,
            agreement_accepted_at=now,
        )
        event_services.invitee_add(user=user, event_ids=upcoming_meeting_event_ids(group))
    return membership


def membership_approve(*, membership: Membership, by) -> Membership:
    """Approve a request.

    1. Lock the group; refuse if the request was already answered or the group is full.
    2. Make the membership active. They accept the agreement on their next visit, and
       only then join the upcoming meetings' invitee lists (``agreement_accept``).
    3. Tell them, through the outbox, in the same transaction.
    """
    with transaction.atomic():
        group = _lock(membership.group)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status != MembershipStatus.REQUESTED:
            raise GroupRefused(gettext("This request has already been answered."))
        if Membership.objects.filter(group=group).active().count() >= group.capacity:
            raise GroupRefused(gettext("The group is full: raise its capacity before approving more members."))
        membership.status = MembershipStatus.ACTIVE
        membership.joined_at = timezone.now()
        membership.decided_by = by
        membership.save(update_fields=["status", "joined_at", "decided_by"])
        notify(
            recipient=membership.user,
            kind="group_request_approved",
            key=f"membership:{membership.pk}:approved",
            context={"group": group},
        )
    return membership


def membership_decline(*, membership: Membership, by) -> Membership:
    """Decline a request and tell the person, through the outbox."""
    with transaction.atomic():
        group = _lock(membership.group)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status != MembershipStatus.REQUESTED:
            raise GroupRefused(gettext("This request has already been answered."))
        membership.status = MembershipStatus.DECLINED
        membership.ended_at = timezone.now()
        membership.decided_by = by
        membership.save(update_fields=["status", "ended_at", "decided_by"])
        notify(
            recipient=membership.user,
            kind="group_request_declined",
            key=f"membership:{membership.pk}:declined",
            context={"group": group},
        )
    return membership


def membership_leave(*, membership: Membership) -> Membership:
    """Leave a group (or withdraw a request): off the upcoming meetings' invitee lists."""
    with transaction.atomic():
        group = _lock(membership.group)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status not in CURRENT_STATUSES:
            return membership
        membership.status = MembershipStatus.LEFT
        membership.ended_at = timezone.now()
        membership.save(update_fields=["status", "ended_at"])
        event_services.invitee_remove(user=membership.user, event_ids=upcoming_meeting_event_ids(group))
    return membership


def facilitation_hand_over(*, group: Group, to: Membership, from_: Membership | None = None) -> Membership:
    """Make an active member a facilitator; ``from_`` (if given) goes back to being a member."""
    with transaction.atomic():
        _lock(group)
        to = Membership.objects.select_for_update().get(pk=to.pk, group=group)
        if to.status != MembershipStatus.ACTIVE:
            raise GroupRefused(gettext("Only a current member can facilitate."), field="to")
        to.role = MemberRole.FACILITATOR
        to.save(update_fields=["role"])
        if from_ is not None and from_.pk != to.pk:
            Membership.objects.filter(pk=from_.pk, group=group).update(role=MemberRole.MEMBER)
    return to


# --- Meetings -------------------------------------------------------------------------


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if starts_at <= timezone.now():
        raise GroupRefused(gettext("This time has already passed. Choose a time in the future."), field="starts_at")
    if ends_at <= starts_at:
        raise GroupRefused(gettext("The end must be after the start."), field="ends_at")


def meeting_create(
    *, group: Group, by, starts_at: datetime, ends_at: datetime, venue_name: str, venue_address: str = "",
    online_url: str = "", title: str = "", description: str = "",
) -> Meeting:  # fmt: skip
    """Schedule a meeting.

    1. Refuse a time in the past or an end before the start.
    2. Lock the group and create the event through events' services: audience
       "members of a group", the active members who have accepted the current agreement
       invited (only they see the place; the others are added when they accept).
    3. Link it to the group.
    """
    _check_times(starts_at, ends_at)
    with transaction.atomic():
        group = _lock(group)
        members = [
            m.user
            for m in Membership.objects.filter(group=group, agreement_version=group.current_agreement())
            .active()
            .select_related("user")
        ]
        event = event_services.group_meeting_create(
            created_by=by,
            invitees=members,
            title=title or group.name,
            kind="coffee_morning" if group.kind == "coffee" else "regional_hui",
            region=group.region,
            description=description,
            starts_at=starts_at,
            ends_at=ends_at,
            venue_name=venue_name,
            venue_address=venue_address,
            online_url=online_url,
        )
        return Meeting.objects.create(group=group, event=event)


def _lock_meeting(meeting: Meeting) -> Meeting:
    """The meeting with its event, both rows locked. The event's row is the lock every write
    to the event takes in events.services (replies, edits, cancelling): roles, attendance and
    edits from two facilitators at once take turns with those and with each other, instead
    of one failing on the database's unique constraints."""
    return (
        Meeting.objects.select_for_update(of=("self", "event"))
        .select_related("event", "event__region")
        .get(pk=meeting.pk)
    )


def meeting_update(
    *, meeting: Meeting, starts_at: datetime, ends_at: datetime, venue_name: str, venue_address: str = "",
    online_url: str = "",
) -> Meeting:  # fmt: skip
    """Change a meeting's time or place (facilitators and the region's social workers).

    1. Refuse a time in the past or an end before the start, as when scheduling.
    2. Lock the meeting and its event; refuse a cancelled meeting or one that has started.
    3. Save through events' own ``event_update``: calendars get a new SEQUENCE, reminders
       move with the start, and everyone going is told of a new time or place.
    """
    _check_times(starts_at, ends_at)
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        event = meeting.event
        if event.status == "cancelled":
            raise GroupRefused(gettext("This meeting is cancelled, so it cannot be changed."))
        if event.starts_at <= timezone.now():
            raise GroupRefused(gettext("This meeting has already started, so it cannot be changed."))
        new = {
            "starts_at": starts_at,
            "ends_at": ends_at,
            "venue_name": venue_name,
            "venue_address": venue_address,
            "online_url": online_url,
        }
        changed = [name for name, value in new.items() if getattr(event, name) != value]
        for name in changed:
            setattr(event, name, new[name])
        if changed:
            meeting.event = event_services.event_update(event=event, changed=changed)
    return meeting


def meeting_cancel(*, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a meeting through events' own service: everyone going is told, with the reason."""
    if meeting.event.starts_at <= timezone.now():
        raise GroupRefused(gettext("This meeting has already started, so it cannot be cancelled."), field="reason")
    meeting.event = event_services.event_cancel(event=meeting.event, reason=reason)
    return meeting


def series_dates(group: Group, *, first: date, count: int) -> list[date]:
    """The first ``count`` days on the group's usual schedule, from ``first`` on."""
    day = first + timedelta(days=(group.weekday - first.weekday()) % 7)
    step = timedelta(days=FREQUENCY_DAYS[group.frequency])
    return [day + step * i for i in range(count)]


def meeting_series_create(
    *, group: Group, by, first: date, count: int, venue_name: str, venue_address: str = "", online_url: str = ""
) -> list[Meeting]:
    """``count`` meetings on the usual schedule (day, time, length), in the region's time."""
    tz = group.region.tzinfo
    meetings = []
    with transaction.atomic():
        for day in series_dates(group, first=first, count=count):
            starts = datetime.combine(day, group.meets_at, tzinfo=tz)
            meetings.append(
                meeting_create(
                    group=group,
                    by=by,
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=group.duration_minutes),
                    venue_name=venue_name,
                    venue_address=venue_address,
                    online_url=online_url,
                )
            )
    return meetings


def meeting_roles_set(*, meeting: Meeting, roles: dict[str, object | None]) -> None:
    """Set who is host, facilitator and note-taker (None clears a role), under the meeting's lock."""
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        for role in MeetingRoleKind.values:
            if role not in roles:
                continue
            user = roles[role]
            if user is None:
                MeetingRole.objects.filter(meeting=meeting, role=role).delete()
            else:
                MeetingRole.objects.update_or_create(meeting=meeting, role=role, defaults={"user": user})


def attendance_record(*, meeting: Meeting, attended_ids: set[int], member_ids: list[int], by) -> None:
    """Record who came: one row per member listed (re-recording replaces the rows), under the
    meeting's lock."""
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        if meeting.event.starts_at > timezone.now():
            raise GroupRefused(gettext("Attendance can be recorded once the meeting has started."))
        now = timezone.now()
        for user_id in member_ids:
            Attendance.objects.update_or_create(
                meeting=meeting,
                user_id=user_id,
                defaults={"attended": user_id in attended_ids, "recorded_by": by, "recorded_at": now},
            )


# --- Constellations ----------------------------------------------------------------------


def hub_request_create(
    *, group: Group, satellite, kind: str, starts_on: date, ends_on: date | None = None, message: str = ""
) -> HubRequest:
    """A satellite household asks its hub (sleepover, short break, advice, social activity).

    1. Refuse outside a constellation, from someone who is not a satellite, for a day
       already past, or ending before it starts.
    2. Save the request and tell the hub through the outbox, in the same transaction.
    """
    if not group.is_constellation:
        raise GroupRefused(gettext("Only constellations have a hub to ask."))
    if starts_on < timezone.localdate():
        raise GroupRefused(gettext("This day has already passed. Choose a day from today on."), field="starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise GroupRefused(gettext("The last day must be on or after the first day."), field="ends_on")
    with transaction.atomic():
        group = _lock(group)
        satellites = Membership.objects.filter(group=group).active()
        if not satellites.filter(user=satellite, role=MemberRole.MEMBER).exists():
            raise GroupRefused(gettext("Only the constellation's satellite households can ask its hub."))
        request = HubRequest.objects.create(
            group=group, satellite=satellite, kind=kind, starts_on=starts_on, ends_on=ends_on, message=message
        )
        for hub in satellites.filter(role=MemberRole.FACILITATOR).select_related("user"):
            notify(
                recipient=hub.user,
                kind="hub_request_new",
                key=f"hub_request:{request.pk}:new",
                context={"group": group, "hub_request": request},
            )
    return request


def hub_request_answer(*, hub_request: HubRequest, agreed: bool, answer: str, by) -> HubRequest:
    """The hub answers once; the satellite is told through the outbox."""
    with transaction.atomic():
        hub_request = HubRequest.objects.select_for_update().select_related("group").get(pk=hub_request.pk)
        if hub_request.status != HubRequestStatus.OPEN:
            raise GroupRefused(gettext("This request has already been answered."))
        hub_request.status = HubRequestStatus.AGREED if agreed else HubRequestStatus.DECLINED
        hub_request.answer = answer
        hub_request.answered_by = by
        hub_request.answered_at = timezone.now()
        hub_request.save(update_fields=["status", "answer", "answered_by", "answered_at"])
        notify(
            recipient=hub_request.satellite,
            kind="hub_request_answered",
            key=f"hub_request:{hub_request.pk}:answered",
            context={"group": hub_request.group, "hub_request": hub_request},
        )
    return hub_request
