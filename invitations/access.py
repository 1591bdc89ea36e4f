"""Which invitations each person may see, built on ``accounts.policy``."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts import policy

from .models import Invitation


def can_invite(user) -> bool:
    return policy.is_staff_member(user)


def invitations_visible_to(user) -> QuerySet[Invitation]:
    """Staff see the invitations of their regions; nobody else sees any."""
    if policy.is_staff_member(user):
        return Invitation.objects.filter(region__in=policy.regions_for(user))
    return Invitation.objects.none()


def get_invitation_for_user(user, pk: int) -> Invitation:
    try:
        return invitations_visible_to(user).select_related("region", "invited_by").get(pk=pk)
    except Invitation.DoesNotExist:
        raise Http404("No such invitation.") from None
