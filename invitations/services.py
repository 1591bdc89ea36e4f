"""Inviting a caregiver, and turning the invitation into their account.

The invitation email goes through the notifications outbox like every other
message, which is why invitations sit above both accounts and notifications.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from accounts.models import CaregiverProfile, Region, Role, User
from notifications.services import notify_address

from .models import Invitation

logger = logging.getLogger(__name__)

# Every link already sent was signed with this salt: changing it breaks them all.
_TOKEN_SALT = "accounts.invitation"  # noqa: S105  (a salt, not a secret)


# --- Invitation links -------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    """An HMAC of the invitation's uid: a link cannot be made without SECRET_KEY."""
    return salted_hmac(_TOKEN_SALT, str(invitation.uid), algorithm="sha256").hexdigest()[:40]


def invitation_url(invitation: Invitation) -> str:
    path = reverse("invitation_accept", kwargs={"uid": invitation.uid, "token": invitation_token(invitation)})
    return f"{settings.SITE_URL}{path}"


def invitation_from_link(*, uid: str, token: str) -> Invitation | None:
    """The invitation a link points to, or None when the link was altered."""
    invitation = Invitation.objects.filter(uid=uid).select_related("region").first()
    if invitation is None or not constant_time_compare(invitation_token(invitation), token):
        return None
    return invitation


# --- Invitations ---------------------------------------------------------------


def invitation_create(
    *,
    invited_by: User,
    email: str,
    first_name: str,
    last_name: str = "",
    region: Region,
    status: str,
    approved_on: date | None,
    caregiver_type: str,
    social_worker: User | None,
) -> Invitation:
    """Invite a caregiver.

    1. Revoke any earlier invitation to the same address still in play, so
       only the newest link works.
    2. Save the invitation.
    3. Write the email into the outbox; a worker sends it after commit.
    """
    email = email.strip().lower()
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.filter(email=email, accepted_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
        invitation = Invitation.objects.create(
            email=email,
            first_name=first_name,
            last_name=last_name,
            region=region,
            status=status,
            approved_on=approved_on,
            caregiver_type=caregiver_type,
            social_worker=social_worker,
            invited_by=invited_by,
            created_at=now,
            expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        _queue_invitation_email(invitation)
    return invitation


def _queue_invitation_email(invitation: Invitation) -> None:
    """The invitation email goes through the outbox like every other message.

    An address that already has an account gets a "you already have an account:
    sign in" email instead of a link, and the invitation looks the same as any
    other to the staff member: inviting must not tell them who is registered
    (they may be in another region, or staff).
    """
    has_account = User.objects.filter(email__iexact=invitation.email).exists()
    notify_address(
        email=invitation.email,
        kind="invitation_existing_account" if has_account else "invitation",
        key=f"invitation:{invitation.pk}",
        context={
            "invitation": invitation,
            "url": None if has_account else invitation_url(invitation),
            "sign_in_url": f"{settings.SITE_URL}{reverse('account_login')}",
            "reset_url": f"{settings.SITE_URL}{reverse('account_reset_password')}",
            "inviter": invitation.invited_by.display_name,
        },
    )
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at"])


def invitation_resend(*, invitation: Invitation, by: User) -> Invitation:
    """A fresh link (new expiry) with the same details; the old link stops working."""
    return invitation_create(
        invited_by=by,
        email=invitation.email,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
        region=invitation.region,
        status=invitation.status,
        approved_on=invitation.approved_on,
        caregiver_type=invitation.caregiver_type,
        social_worker=invitation.social_worker,
    )


def invitation_revoke(*, invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


class InvitationNotUsable(Exception):
    def __init__(self, state: str):
        super().__init__(state)
        self.state = state


def invitation_accept(*, invitation: Invitation, first_name: str, last_name: str, password: str) -> User:
    """Turn an invitation into a caregiver account.

    1. Lock the invitation and check it is still open (a second click, or two
       tabs at once, finds it already used).
    2. Create the user (email already verified: the link proves it), their
       caregiver profile from the invitation's details, and mark it accepted.
    """
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_open:
            raise InvitationNotUsable(locked.state)
        if User.objects.filter(email__iexact=locked.email).exists():
            raise InvitationNotUsable("accepted")
        user = User.objects.create_user(
            email=locked.email, password=password, first_name=first_name, last_name=last_name, role=Role.CAREGIVER
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        CaregiverProfile.objects.create(
            user=user,
            region=locked.region,
            social_worker=locked.social_worker,
            status=locked.status,
            approved_on=locked.approved_on,
            caregiver_type=locked.caregiver_type,
        )
        locked.accepted_at = timezone.now()
        locked.accepted_user = user
        locked.save(update_fields=["accepted_at", "accepted_user"])
    return user
