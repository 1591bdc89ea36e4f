"""How long a join request's message to the facilitators is kept (settings.RETENTION)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import RetentionRule, register_retention

from .models import Membership, MembershipStatus


def blank_old_join_messages(now: datetime) -> int:
    """Only once the request is answered: facilitators still deciding need to read it."""
    cutoff = now - settings.RETENTION["groups.join_messages"]
    return (
        Membership.objects.filter(requested_at__lt=cutoff)
        .exclude(status=MembershipStatus.REQUESTED)
        .exclude(request_message="")
        .update(request_message="")
    )


register_retention(
    RetentionRule(
        key="groups.join_messages",
        model="groups.Membership",
        action=_("the message blanked; the membership stays"),
        counted_from=_("when the person asked to join (once the request is answered)"),
        apply=blank_old_join_messages,
    )
)
