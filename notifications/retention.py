"""How long the outbox keeps what it sent (settings.RETENTION, accounts.personal_data)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import RetentionRule, register_retention

from . import sending

register_retention(
    RetentionRule(
        key="notifications.message_bodies",
        model="notifications.Message",
        action=_("body and address blanked; the status row stays"),
        counted_from=_("when the message was written (once it is no longer waiting or being sent)"),
        apply=sending.purge_old,
    )
)
