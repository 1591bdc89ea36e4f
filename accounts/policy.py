"""Roles and regions: the primitives every "who may see what" rule is built on.

Each app's ``access.py`` builds its own ``get_<thing>_for_user`` (404) and
``get_<thing>_to_manage`` (403) on these; views call those, never query
protected rows directly. Templates only show links computed from the same rules
(``peersupport.navigation``).

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
from django.db.models import QuerySet
from django.http import Http404

from .models import STAFF_ROLES, CaregiverProfile, Region, Role


def is_staff_member(user) -> bool:
    """Social workers and managers: the people who support caregivers."""
    return bool(user.is_authenticated and user.is_active and user.role in STAFF_ROLES)


def is_manager(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.MANAGER)


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
manager_required = role_required(Role.MANAGER)
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


def get_caregiver_for_user(user, pk: int) -> CaregiverProfile:
    try:
        return caregivers_visible_to(user).select_related("user", "region", "social_worker").get(pk=pk)
    except CaregiverProfile.DoesNotExist:
        raise Http404("No such caregiver.") from None
