"""Who may see and do what. Every view asks this module; templates only show
links this module computed (``nav_items``).

Rules:
- anonymous visitors are sent to the login page (``role_required`` wraps
  ``login_required``);
- a role that lacks an action gets 403 (``role_required``);
- an object the person may not know exists is 404 (the ``get_*_for_user``
  helpers), never 403, so its existence is not revealed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from allauth.mfa.models import Authenticator
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse

from .models import STAFF_ROLES, CaregiverProfile, Invitation, Region, Role


def is_staff_member(user) -> bool:
    """Social workers and managers: the people who support caregivers."""
    return bool(user.is_authenticated and user.is_active and user.role in STAFF_ROLES)


def is_caregiver(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.CAREGIVER)


def needs_mfa(user) -> bool:
    """Anyone who can see other people's data must use two-step verification."""
    return bool(user.is_authenticated and (user.role in STAFF_ROLES or user.is_superuser))


def has_mfa(user) -> bool:
    # Memoised on the user object: the middleware and the admin site both ask.
    if not hasattr(user, "_has_totp"):
        user._has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return user._has_totp


def can_use_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser and user.is_staff and has_mfa(user))


def can_invite(user) -> bool:
    return is_staff_member(user)


def role_required(*roles: str) -> Callable:
    """Anonymous → login page; signed in without one of ``roles`` → 403."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_active or request.user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


staff_required = role_required(*STAFF_ROLES)
caregiver_required = role_required(Role.CAREGIVER)


# --- Which rows each person may see ------------------------------------------


def regions_for(user) -> QuerySet[Region]:
    """Regions a staff member works in; a caregiver's own region."""
    if is_staff_member(user):
        profile = getattr(user, "staff_profile", None)
        if profile is None:
            return Region.objects.none()
        if profile.all_regions:
            return Region.objects.all()
        return profile.regions.all()
    if is_caregiver(user):
        return Region.objects.filter(caregivers__user=user)
    return Region.objects.none()


def caregivers_visible_to(user) -> QuerySet[CaregiverProfile]:
    """Staff see caregivers in their regions; caregivers see no one's profile but their own."""
    if is_staff_member(user):
        return CaregiverProfile.objects.filter(region__in=regions_for(user))
    return CaregiverProfile.objects.none()


def caseload_for(user) -> QuerySet[CaregiverProfile]:
    return caregivers_visible_to(user).filter(social_worker=user)


def invitations_visible_to(user) -> QuerySet[Invitation]:
    if is_staff_member(user):
        return Invitation.objects.filter(region__in=regions_for(user))
    return Invitation.objects.none()


def get_caregiver_for_user(user, pk: int) -> CaregiverProfile:
    try:
        return caregivers_visible_to(user).select_related("user", "region", "social_worker").get(pk=pk)
    except CaregiverProfile.DoesNotExist:
        raise Http404("No such caregiver.") from None


def get_invitation_for_user(user, pk: int) -> Invitation:
    try:
        return invitations_visible_to(user).select_related("region", "invited_by").get(pk=pk)
    except Invitation.DoesNotExist:
        raise Http404("No such invitation.") from None


# --- Events -------------------------------------------------------------------------


def events_visible_to(user):
    """Caregivers: published or cancelled events for their region, national
    events, and events they are invited to. Staff: everything in their regions
    plus national events, drafts included."""
    from events.models import Audience, Event, EventStatus

    if is_staff_member(user):
        return Event.objects.filter(Q(region__in=regions_for(user)) | Q(audience=Audience.NATIONAL))
    if is_caregiver(user):
        audience = (
            Q(audience=Audience.NATIONAL)
            | Q(audience=Audience.REGION, region__in=regions_for(user))
            | Q(audience=Audience.INVITED, invitee_links__user=user)
        )
        return Event.objects.filter(audience, status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])
    return Event.objects.none()


def get_event_for_user(user, pk: int):
    from events.models import Event

    try:
        return events_visible_to(user).select_related("region").distinct().get(pk=pk)
    except Event.DoesNotExist:
        raise Http404("No such event.") from None


def can_manage_event(user, event) -> bool:
    """Social workers run events in their regions; managers run any, national ones included."""
    if user.is_authenticated and user.role == Role.MANAGER:
        return True
    if user.is_authenticated and user.role == Role.SOCIAL_WORKER and event.region_id is not None:
        return regions_for(user).filter(pk=event.region_id).exists()
    return False


def get_event_to_manage(user, pk: int):
    """For staff pages: 404 if the event is not theirs to see, 403 if they may see it but not run it."""
    event = get_event_for_user(user, pk)
    if not can_manage_event(user, event):
        raise PermissionDenied
    return event


def can_rsvp(user, event) -> bool:
    return is_caregiver(user)


# --- Navigation -----------------------------------------------------------------


def nav_items(user, current_path: str = "") -> list[dict]:
    """The main navigation for this person, computed from the same rules the views use."""
    if not user.is_authenticated:
        return []
    items = [("Home", "home")]
    if is_caregiver(user):
        items += [("Events", "event_list"), ("My events", "my_events"), ("My profile", "profile")]
    if is_staff_member(user):
        items += [("Events", "event_list"), ("Caregivers", "caregiver_list"), ("Invitations", "invitation_list")]
    if can_use_admin(user):
        items += [("Admin", "admin:index")]
    links = [(label, reverse(name)) for label, name in items]
    # The current page is the longest link that prefixes the path ("/events/mine/" beats "/events/").
    matches = [url for _, url in links if current_path == url or (url != "/" and current_path.startswith(url))]
    current = max(matches, key=len, default=None)
    return [{"label": label, "url": url, "active": url == current} for label, url in links]
