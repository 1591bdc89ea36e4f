"""How long an invitation to join is kept once it is done with (settings.RETENTION)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import RetentionRule, register_retention

from .models import Invitation


def delete_finished_invitations(now: datetime) -> int:
    """Accepted, revoked, or never answered and expired: the name and email of someone who
    may never have joined go. An open invitation is kept until it expires."""
    cutoff = now - settings.RETENTION["invitations.invitations"]
    done = (
        Q(accepted_at__lt=cutoff)
        | Q(revoked_at__lt=cutoff)
        | Q(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lt=cutoff)
    )
    _total, per_model = Invitation.objects.filter(done).delete()
    return per_model.get(Invitation._meta.label, 0)


register_retention(
    RetentionRule(
        key="invitations.invitations",
        model="invitations.Invitation",
        action=_("deleted"),
        counted_from=_("when it was accepted or revoked, or when it expired unanswered"),
        apply=delete_finished_invitations,
    )
)
