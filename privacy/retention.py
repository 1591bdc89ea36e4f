"""How long group discussions keep posts, reports and moderation records (settings.RETENTION)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import RetentionRule, register_retention

from . import services
from .models import ModerationLog, Report


def delete_resolved_reports(now: datetime) -> int:
    cutoff = now - settings.RETENTION["privacy.reports"]
    _total, per_model = Report.objects.filter(resolved_at__lt=cutoff).delete()
    return per_model.get(Report._meta.label, 0)


def anonymise_moderation_log(now: datetime) -> int:
    cutoff = now - settings.RETENTION["privacy.moderation_log"]
    return (
        ModerationLog.objects.filter(at__lt=cutoff)
        .filter(Q(actor__isnull=False) | ~Q(reason=""))
        .update(actor=None, reason="")
    )


register_retention(
    RetentionRule(
        key="privacy.posts",
        model="privacy.Post",
        action=_("deleted for good, an audit row each without its text; empty threads deleted"),
        counted_from=_("when the post was written"),
        period_note=_("at most: each group's own period, 12 months unless its facilitator changed it"),
        apply=services.retention_delete_expired,
    )
)
register_retention(
    RetentionRule(
        key="privacy.reports",
        model="privacy.Report",
        action=_("deleted"),
        counted_from=_("when the report was resolved"),
        apply=delete_resolved_reports,
    )
)
register_retention(
    RetentionRule(
        key="privacy.moderation_log",
        model="privacy.ModerationLog",
        action=_("who acted set to none and the reason blanked; the action and date stay"),
        counted_from=_("when it was recorded"),
        apply=anonymise_moderation_log,
    )
)
