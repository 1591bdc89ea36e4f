"""Closing a caregiver's account: replies, invitations to events, follow-up notes, calendar feed."""

from __future__ import annotations

from accounts.personal_data import ErasureStep, register_erasure

from .models import CalendarFeed, EventInvitee, FollowUp
from .services import rsvps_forget


def erase(user) -> None:
    rsvps_forget(user=user)
    EventInvitee.objects.filter(user=user).delete()
    FollowUp.objects.filter(caregiver=user).delete()
    CalendarFeed.objects.filter(user=user).delete()


register_erasure(
    ErasureStep(
        key="events",
        erase=erase,
        order=20,
        actions={
            "events.RSVP": "events not started: deleted, the places go to the waitlist; started or past: "
            "kept without the person (user set to none, dietary and access needs blanked), head counts "
            "and attendance kept",
            "events.EventInvitee": "deleted",
            "events.FollowUp": "deleted (staff notes about the person)",
            "events.CalendarFeed": "deleted: the feed's address stops working",
            "events.Event": "not changed: only staff create events",
            "events.ChecklistItem": "not changed: only staff tick the checklist",
        },
    )
)
