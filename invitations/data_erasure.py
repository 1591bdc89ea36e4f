"""Closing a caregiver's account: their invitations (name and address as the social worker typed them)."""

from __future__ import annotations

from django.db.models import Q

from accounts.personal_data import ErasureStep, register_erasure

from .models import Invitation


def erase(user) -> None:
    Invitation.objects.filter(Q(accepted_user=user) | Q(email__iexact=user.email)).delete()


register_erasure(
    ErasureStep(
        key="invitations",
        erase=erase,
        order=20,
        actions={
            "invitations.Invitation": "deleted: the one they accepted and any other sent to their address "
            "(social worker and sender are staff, not changed)",
        },
    )
)
