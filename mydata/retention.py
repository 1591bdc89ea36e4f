"""How long downloads and closure decisions keep what they hold (settings.RETENTION)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import RetentionRule, register_retention

from .models import ClosureRequest, ClosureStatus, DataExport, ExportStatus


def expire_old_exports(now: datetime) -> int:
    """The export task sets ``expires_at``; the period from when it finished is a second
    guard, so a download never outlives the table's row whatever ``expires_at`` says."""
    due = Q(expires_at__lte=now) | Q(finished_at__lte=now - settings.RETENTION["mydata.export_files"])
    return DataExport.objects.filter(due, status=ExportStatus.READY).update(document=None, status=ExportStatus.EXPIRED)


def blank_old_decline_reasons(now: datetime) -> int:
    cutoff = now - settings.RETENTION["mydata.decline_reasons"]
    return (
        ClosureRequest.objects.filter(status=ClosureStatus.DECLINED, decided_at__lt=cutoff)
        .exclude(decline_reason="")
        .update(decline_reason="")
    )


register_retention(
    RetentionRule(
        key="mydata.export_files",
        model="mydata.DataExport",
        action=_("the document deleted; the request's status and dates stay"),
        counted_from=_("when the download was ready"),
        apply=expire_old_exports,
    )
)
register_retention(
    RetentionRule(
        key="mydata.decline_reasons",
        model="mydata.ClosureRequest",
        action=_("the reason blanked; the decision and dates stay"),
        counted_from=_("when the social worker declined"),
        apply=blank_old_decline_reasons,
    )
)
