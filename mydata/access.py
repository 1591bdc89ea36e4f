"""Who may see and decide a closure request: staff of the caregiver's region (404 otherwise)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts import policy

from .models import ClosureRequest, ClosureStatus


def closures_visible_to(user) -> QuerySet[ClosureRequest]:
    """Open requests of caregivers in the staff member's regions; nothing for anyone else."""
    if not policy.is_staff_member(user):
        return ClosureRequest.objects.none()
    return ClosureRequest.objects.filter(
        status=ClosureStatus.REQUESTED, user__caregiver_profile__region__in=policy.regions_for(user)
    )


def get_closure_to_decide(user, pk: int) -> ClosureRequest:
    try:
        return closures_visible_to(user).select_related("user__caregiver_profile").get(pk=pk)
    except ClosureRequest.DoesNotExist:
        raise Http404("No such request.") from None
