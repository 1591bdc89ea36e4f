"""The person's events: their replies (household numbers, dietary and access needs),
invitations to invite-only events, staff follow-ups about them, and their calendar address.

Only this person's rows: never another caregiver's reply to the same event. Staff who
followed up or checked them in appear by role.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import Correction, ExportSection, iso, register_export, role_of

from .models import RSVP, CalendarFeed, EventInvitee, FollowUp


def export(user) -> dict:
    """Four queries: replies, invitations, follow-ups, calendar address."""
    rsvps = RSVP.objects.filter(user=user).select_related("event", "checked_in_by").order_by("event__starts_at", "pk")
    invited = EventInvitee.objects.filter(user=user).select_related("event").order_by("event__starts_at", "pk")
    follow_ups = FollowUp.objects.filter(caregiver=user).select_related("event", "by").order_by("at", "pk")
    feed = CalendarFeed.objects.filter(user=user).first()
    return {
        "replies": [
            {
                "event": r.event.title,
                "event_starts_at": iso(r.event.starts_at),
                "response": r.get_response_display(),
                "adults": r.adults,
                "children_0_4": r.children_0_4,
                "children_5_11": r.children_5_11,
                "children_12_17": r.children_12_17,
                "childminding_for": r.childminding_for,
                "dietary": r.dietary,
                "access_needs": r.access_needs,
                "waitlisted": r.waitlisted,
                "waitlisted_at": iso(r.waitlisted_at),
                "attendance": r.get_attendance_display(),
                "checked_in_at": iso(r.checked_in_at),
                "checked_in_by": role_of(user, r.checked_in_by),
                "created_at": iso(r.created_at),
                "updated_at": iso(r.updated_at),
            }
            for r in rsvps
        ],
        "invited_to": [
            {"event": i.event.title, "event_starts_at": iso(i.event.starts_at), "added_at": iso(i.added_at)}
            for i in invited
        ],
        # Written by staff about this person: included as the law requires, the writer by role.
        "follow_ups": [
            {
                "event": f.event.title,
                "method": f.get_method_display(),
                "outcome": f.get_outcome_display(),
                "note": f.note,
                "by": role_of(user, f.by),
                "at": iso(f.at),
            }
            for f in follow_ups
        ],
        # The feed's token is a secret like a password (it opens the calendar): never written out.
        "calendar_address": None if feed is None else {"set_up_at": iso(feed.created_at)},
    }


register_export(
    ExportSection(
        key="events",
        order=30,
        title=_("Your events"),
        description=_(
            "Your replies to events (how many adults and children, dietary and access needs), "
            "invitations to invite-only events, and notes staff made when they followed up with you."
        ),
        export=export,
        models=("events.RSVP", "events.EventInvitee", "events.FollowUp", "events.CalendarFeed"),
        excluded={
            "events.Event": "An event's own record; its links to a person are the staff member who created it "
            "and the invitee list, whose rows about this person are exported from events.EventInvitee.",
            "events.ChecklistItem": "Staff's preparation tasks for an event (who ticked 'greeters arranged'): "
            "about the event's running, not about a caregiver.",
        },
        corrections=(
            Correction(label=_("Change or cancel a reply"), url_name="my_events"),
            Correction(label=_("Your calendar address"), url_name="profile"),
            Correction(label=_("A follow-up note or check-in"), ask=_("Ask your social worker.")),
        ),
        labels={
            "replies": _("Your replies"),
            "event": _("Event"),
            "event_starts_at": _("Event starts"),
            "response": _("Reply"),
            "adults": _("Adults"),
            "children_0_4": _("Children aged 0–4"),
            "children_5_11": _("Children aged 5–11"),
            "children_12_17": _("Children aged 12–17"),
            "childminding_for": _("Childminding needed for"),
            "dietary": _("Dietary requirements"),
            "access_needs": _("Access needs"),
            "waitlisted": _("On the waitlist"),
            "waitlisted_at": _("Waitlisted"),
            "attendance": _("Attendance"),
            "checked_in_at": _("Checked in"),
            "checked_in_by": _("Checked in by"),
            "created_at": _("Replied"),
            "updated_at": _("Last changed"),
            "invited_to": _("Invite-only events you were invited to"),
            "added_at": _("Invited"),
            "follow_ups": _("Follow-ups by staff"),
            "method": _("How"),
            "outcome": _("Outcome"),
            "note": _("Note"),
            "by": _("By"),
            "at": _("When"),
            "calendar_address": _("Calendar address"),
            "set_up_at": _("Set up"),
        },
    )
)
