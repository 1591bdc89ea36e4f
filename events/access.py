"""Who may see and run which events, built on the role and region primitives in
``accounts.policy``. Views fetch every event through these helpers:

- ``get_event_for_user``: 404 when the person may not know the event exists;
- ``get_event_to_manage``: as above, then 403 when they may see it but not run it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import policy
from accounts.models import Role

from .models import Audience, Event, EventStatus


def get_event_for_user(user, pk: int) -> Event:
    try:
        return Event.objects.visible_to(user).select_related("region").get(pk=pk)
    except Event.DoesNotExist:
        raise Http404("No such event.") from None


def can_manage_event(user, event: Event) -> bool:
    """Social workers run events in their regions; managers run any, national ones included."""
    if not policy.is_staff_member(user):
        return False
    if user.role == Role.MANAGER:
        return True
    return event.region_id is not None and policy.regions_for(user).filter(pk=event.region_id).exists()


def get_event_to_manage(user, pk: int) -> Event:
    """For staff pages: 404 if the event is not theirs to see, 403 if they may see it but not run it."""
    event = get_event_for_user(user, pk)
    if not can_manage_event(user, event):
        raise PermissionDenied
    return event


def can_rsvp(user, event: Event) -> bool:
    """Caregivers reply to events they can see that are published (a cancelled or
    draft event takes no replies; the reply page explains a closed deadline)."""
    return policy.is_caregiver(user) and event.status == EventStatus.PUBLISHED


def can_run_national_events(user) -> bool:
    """National events (no one region) are run by managers."""
    return policy.is_staff_member(user) and user.role == Role.MANAGER


def audiences_for(user) -> list[tuple[str, str]]:
    """The audiences this person may choose when creating or editing an event. Group
    meetings are made from the group's pages, never chosen here."""
    chosen = [choice for choice in Audience.choices if choice[0] != Audience.GROUP]
    if can_run_national_events(user):
        return chosen
    return [choice for choice in chosen if choice[0] != Audience.NATIONAL]
