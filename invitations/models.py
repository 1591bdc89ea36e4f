"""Invitations: how a caregiver joins. Open sign-up is closed; a social worker
invites a caregiver by email, and the link creates their account."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import CaregiverStatus, CaregiverType, Region
from accounts.validators import CAREER_START_YEAR


def default_invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class InvitationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An invitation for a caregiver to join; the link is single-use and expires.

    The link carries ``uid`` and an HMAC of it keyed with SECRET_KEY
    (``invitations.services.invitation_token``), so nothing in this table is enough to forge one.
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField()
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="invitations")
    status = models.CharField(max_length=20, choices=CaregiverStatus.choices, default=CaregiverStatus.PROVISIONAL)
    approved_on = models.DateField(null=True, blank=True)
    caregiver_type = models.CharField(max_length=20, choices=CaregiverType.choices, default=CaregiverType.FOSTER)
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invitations_sent")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=default_invitation_expiry)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitation"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True) | Q(approved_on__gte=date(CAREER_START_YEAR, 1, 1)),
                name="invitation_approved_on_plausible",
            ),
            # At most one invitation in play per address; re-inviting revokes the old one.
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_pending_per_email",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="invitation_expires_after_created"
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_not_accepted_and_revoked",
            ),
            models.CheckConstraint(
                condition=Q(status=CaregiverStatus.PROVISIONAL) | Q(approved_on__isnull=False),
                name="invitation_approved_has_date",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Invitation for %(email)s") % {"email": self.email}

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    @property
    def is_open(self) -> bool:
        return self.state == "pending"
