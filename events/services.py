"""Operations on events and RSVPs.

Capacity rule: every write that changes who holds a place first locks the
event row (``SELECT … FOR UPDATE``), so RSVPs to one event are decided one at
a time: two people racing for the last places cannot both get them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from notifications.services import notify

from .models import (
    DEFAULT_CHECKLIST,
    RSVP,
    Attendance,
    Audience,
    ChecklistItem,
    Event,
    EventInvitee,
    EventReminder,
    EventStatus,
    FollowUp,
    HouseholdReply,
    Response,
)

# Fields whose change matters to people who are coming: they are told, and
# calendars get a new SEQUENCE.
ATTENDEE_FIELDS = ("starts_at", "ends_at", "venue_name", "venue_address", "online_url")


class EventChangeRefused(Exception):
    """The edit cannot be saved as it stands; ``field`` says which form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class RSVPRefused(Exception):
    """The reply cannot be accepted; ``field`` says which form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# --- Events -------------------------------------------------------------------


def notify_people_going(*, event: Event, kind: str, key: str, context: dict | None = None) -> None:
    """Tell everyone going or on the waitlist (each message keyed by ``key`` and person)."""
    for rsvp in event.rsvps.going_or_waitlisted().select_related("user__caregiver_profile"):
        notify(recipient=rsvp.user, kind=kind, key=key, context={**(context or {}), "rsvp": rsvp}, event=event)


def _national_has_no_region(event: Event) -> None:
    # A national event belongs to no one region (its times are in the site's zone).
    if event.audience == Audience.NATIONAL:
        event.region = None


def event_create(*, created_by, **fields) -> Event:
    """Save a new event with the standard checklist and the default reminders."""
    with transaction.atomic():
        event = Event(created_by=created_by, **fields)
        _national_has_no_region(event)
        event.save()
        ChecklistItem.objects.bulk_create(
            ChecklistItem(event=event, label=label, position=i) for i, label in enumerate(DEFAULT_CHECKLIST)
        )
        for minutes_before, channels in settings.EVENT_REMINDERS:
            reminder = EventReminder(
                event=event, minutes_before=minutes_before, by_email="email" in channels, by_sms="sms" in channels
            )
            reminder.reschedule()
            reminder.save()
    return event


def group_meeting_create(*, created_by, invitees, **fields) -> Event:
    """A peer group's meeting: a published event only ``invitees`` (the members) may see.

    The groups app calls this and keeps the invitee list in step with membership
    (``invitee_add`` / ``invitee_remove``), so replies, reminders, calendar files,
    check-in and the outbox work for meetings as for any event."""
    with transaction.atomic():
        event = event_create(created_by=created_by, audience=Audience.GROUP, status=EventStatus.PUBLISHED, **fields)
        EventInvitee.objects.bulk_create(
            [EventInvitee(event=event, user=user) for user in invitees], ignore_conflicts=True
        )
    return event


def invitee_add(*, user, event_ids) -> None:
    """Put ``user`` on the invitee lists of these events (already there: nothing changes)."""
    EventInvitee.objects.bulk_create([EventInvitee(event_id=pk, user=user) for pk in event_ids], ignore_conflicts=True)


def invitee_remove(*, user, event_ids) -> None:
    """Take ``user`` off these events' invitee lists: they can no longer see them, so their
    replies go too (no reminders for an event they cannot open), freeing any places for the
    waitlist. Nobody is told: the caller (leaving a group) has its own message."""
    invitees_remove(users=[user], event_ids=event_ids)


def invitees_remove(*, users, event_ids) -> set[int]:
    """``invitee_remove`` for several people at once (one lock per event, taken in id order).
    Returns the ids of the people whose replies went, so the caller can tell them."""
    user_ids = [user.pk for user in users]
    replied: set[int] = set()
    if not user_ids:
        return replied
    with transaction.atomic():
        for event in Event.objects.select_for_update().filter(pk__in=list(event_ids)).order_by("pk"):
            EventInvitee.objects.filter(user_id__in=user_ids, event=event).delete()
            rsvps = RSVP.objects.filter(event=event, user_id__in=user_ids)
            gone = set(rsvps.values_list("user_id", flat=True))
            if gone:
                rsvps.delete()
                replied |= gone
                _promote_waitlist(event)
    return replied


def event_update(*, event: Event, changed: list[str]) -> Event:
    """Save an edited event (``event`` carries the new values).

    1. Lock the row. A lower capacity is checked again here, against the heads
       going now: replies that arrived while staff were editing count, and
       none can arrive until this commits. Refused: ``EventChangeRefused``.
    2. Bump SEQUENCE so calendars pick up the change.
    3. If the capacity went up, promote people from the waitlist.
    4. If the time or place of a published event changed, tell everyone
       going or waitlisted.
    """
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        if "capacity" in changed:
            problem = event.capacity_problem(event.capacity)
            if problem:
                raise EventChangeRefused(problem, field="capacity")
        _national_has_no_region(event)
        event.sequence += 1
        event.save()
        if "starts_at" in changed:
            for reminder in event.reminders.all():
                reminder.event = event
                reminder.reschedule()
                reminder.save(update_fields=["due_at", "processed_at"])
        if "capacity" in changed:
            _promote_waitlist(event)
        if tells_people_going(event, changed):
            notify_people_going(event=event, kind="event_changed", key=f"event:{event.pk}:changed:{event.sequence}")
    return event


def tells_people_going(event: Event, changed: list[str]) -> bool:
    """A published event whose time or place changed: the people going are told."""
    return event.status == EventStatus.PUBLISHED and any(name in changed for name in ATTENDEE_FIELDS)


def event_cancel(*, event: Event, reason: str) -> Event:
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.status == EventStatus.CANCELLED:
            return event
        was_published = event.status == EventStatus.PUBLISHED
        event.status = EventStatus.CANCELLED
        event.cancelled_reason = reason
        event.cancelled_at = timezone.now()
        event.sequence += 1
        event.save()
        if was_published:
            notify_people_going(
                event=event, kind="event_cancelled", key=f"event:{event.pk}:cancelled", context={"reason": reason}
            )
    return event


# --- RSVPs ------------------------------------------------------------------------


def rsvp_submit(*, event: Event, user, going: bool, household: HouseholdReply) -> RSVP:
    """Create or change a caregiver's reply.

    1. Lock the event; refuse if replies are closed.
    2. Not going: record it and free the places. Going: check the household
       is counted sensibly and could ever fit.
    3. Someone already holding places keeps them if the new size fits; a
       larger household that no longer fits is refused, not bumped.
       A new (or waitlisted) household is confirmed if it fits, otherwise
       waitlisted, keeping its place in the queue.
    4. Promote from the waitlist if places were freed; record confirmations.
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        _check_open(event)
        rsvp = RSVP.objects.select_for_update().filter(event=event, user=user).first()
        was_confirmed = rsvp is not None and rsvp.response == Response.GOING and not rsvp.waitlisted
        if rsvp is None:
            rsvp = RSVP(event=event, user=user)

        if not going:
            rsvp.response = Response.NOT_GOING
            rsvp.waitlisted = False
            rsvp.waitlisted_at = None
            rsvp.save()
            if was_confirmed:
                _promote_waitlist(event)
            _confirm(rsvp)
            return rsvp

        _check_household(event, household)
        others = event.rsvps.confirmed().exclude(pk=rsvp.pk).heads() if rsvp.pk else event.rsvps.confirmed().heads()
        fits = event.capacity is None or others + household.heads <= event.capacity
        if was_confirmed and not fits:
            left = event.capacity - others
            places = ngettext(
                "There is only %(left)d place for your household now,",
                "There are only %(left)d places for your household now,",
                left,
            ) % {"left": left}
            kept = ngettext(
                "so we kept your reply for %(heads)d person. Ask the organiser if you need more.",
                "so we kept your reply for %(heads)d people. Ask the organiser if you need more.",
                rsvp.heads,
            ) % {"heads": rsvp.heads}
            raise RSVPRefused(f"{places} {kept}", field="adults")
        for name, value in household.as_fields().items():
            setattr(rsvp, name, value)
        rsvp.response = Response.GOING
        if fits:
            rsvp.waitlisted = False
            rsvp.waitlisted_at = None
        elif not rsvp.waitlisted:
            rsvp.waitlisted = True
            rsvp.waitlisted_at = timezone.now()
        rsvp.save()
        if was_confirmed:
            _promote_waitlist(event)  # the household may have shrunk
        _confirm(rsvp)
        return rsvp


def rsvp_cancel(*, event: Event, user) -> RSVP | None:
    rsvp = RSVP.objects.filter(event=event, user=user, response=Response.GOING).first()
    if rsvp is None:
        return None
    return rsvp_submit(event=event, user=user, going=False, household=HouseholdReply())


def _check_open(event: Event) -> None:
    if event.status == EventStatus.CANCELLED:
        raise RSVPRefused(gettext("This event has been cancelled."))
    if event.status != EventStatus.PUBLISHED:
        raise RSVPRefused(gettext("This event is not open for replies yet."))
    if event.is_past or timezone.now() >= event.starts_at:
        raise RSVPRefused(gettext("This event has already started, so replies are closed."))
    if timezone.now() >= event.reply_by:
        raise RSVPRefused(
            gettext(
                "Replies for this event closed on the reply-by date. Contact the organiser if you still want to come."
            )
        )


def _check_household(event: Event, household: HouseholdReply) -> None:
    problems = household.problems(event)
    if problems:
        field, message = problems[0]
        raise RSVPRefused(message, field=field)


def _promote_waitlist(event: Event) -> list[RSVP]:
    """Give freed places to waitlisted households, first come first served.

    A household too large for the places left is passed over for now (it
    keeps its place in the queue), so a smaller one behind it can come.
    Caller holds the event lock.
    """
    promoted = []
    if event.status != EventStatus.PUBLISHED:
        return promoted
    taken = event.rsvps.confirmed().heads()
    for rsvp in event.rsvps.waitlist().select_related("user__caregiver_profile").select_for_update(of=("self",)):
        if event.capacity is not None and taken + rsvp.heads > event.capacity:
            continue
        rsvp.waitlisted = False
        rsvp.waitlisted_at = None
        rsvp.save(update_fields=["waitlisted", "waitlisted_at", "updated_at"])
        taken += rsvp.heads
        promoted.append(rsvp)
        notify(
            recipient=rsvp.user,
            kind="waitlist_promoted",
            key=f"rsvp:{rsvp.pk}:promoted:{rsvp.updated_at.timestamp()}",
            context={"rsvp": rsvp},
            event=event,
        )
    return promoted


def _confirm(rsvp: RSVP) -> None:
    kind = (
        "rsvp_not_going"
        if rsvp.response == Response.NOT_GOING
        else ("rsvp_waitlisted" if rsvp.waitlisted else "rsvp_confirmed")
    )
    notify(
        recipient=rsvp.user,
        kind=kind,
        key=f"rsvp:{rsvp.pk}:{kind}:{rsvp.updated_at.timestamp()}",
        context={"rsvp": rsvp},
        event=rsvp.event,
    )


# --- On the day and follow-up -----------------------------------------------------------


def rsvp_check_in(*, rsvp: RSVP, attendance: str, by) -> RSVP:
    rsvp.attendance = attendance
    rsvp.checked_in_at = timezone.now() if attendance == Attendance.ATTENDED else None
    rsvp.checked_in_by = by if attendance else None
    rsvp.save(update_fields=["attendance", "checked_in_at", "checked_in_by", "updated_at"])
    return rsvp


def follow_up_log(*, event: Event, caregiver, method: str, outcome: str, note: str, by) -> FollowUp:
    return FollowUp.objects.create(event=event, caregiver=caregiver, method=method, outcome=outcome, note=note, by=by)


def checklist_set(*, item: ChecklistItem, done: bool, by) -> ChecklistItem:
    item.done_at = timezone.now() if done else None
    item.done_by = by if done else None
    item.save(update_fields=["done_at", "done_by"])
    return item


def rsvps_forget(*, user) -> None:
    """A caregiver's account is closing (``events.data_erasure``): their replies leave the events.

    1. Events not started yet: the reply is deleted under the event's lock, and places it held go
       to the waitlist (the promoted households are told, as for any freed place).
    2. Events that have started or are over: the reply is kept without the person (user set to
       none, dietary and access notes blanked) so head counts and attendance stay right.
    """
    now = timezone.now()
    upcoming = list(RSVP.objects.filter(user=user, event__starts_at__gt=now).values_list("event_id", flat=True))
    for event_id in upcoming:
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=event_id)
            rsvp = RSVP.objects.select_for_update().filter(event=event, user=user).first()
            if rsvp is None:
                continue
            held_places = rsvp.response == Response.GOING and not rsvp.waitlisted
            rsvp.delete()
            if held_places:
                _promote_waitlist(event)
    RSVP.objects.filter(user=user).update(user=None, dietary="", access_needs="", updated_at=now)
