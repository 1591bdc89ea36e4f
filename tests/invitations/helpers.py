"""Helpers for the invitations tests: the invitation form as a social worker fills it in,
the accept form as the invited caregiver fills it in, and the link an invitation emails."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from invitations import services
from invitations.models import Invitation

GOOD_PASSWORD = "kowhai tree sunrise 42"


def invite_form(region, **overrides):
    data = {
        "email": "New.Carer@Example.org",
        "first_name": "Mere",
        "last_name": "Parata",
        "region": region.pk,
        "social_worker": "",
        "caregiver_type": "kinship",
        "status": "approved",
        "approved_on": (timezone.localdate() - timedelta(days=3)).isoformat(),
    }
    data.update(overrides)
    return data


def accept_form(**overrides):
    data = {"first_name": "Mere", "last_name": "Parata", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}
    data.update(overrides)
    return data


def link(invitation: Invitation) -> str:
    return reverse("invitation_accept", kwargs={"uid": invitation.uid, "token": services.invitation_token(invitation)})
