"""How long accounts keeps sessions, staff reads and the admin's change history (settings.RETENTION)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.utils.translation import gettext_lazy as _

from .models import StaffRead
from .personal_data import RetentionRule, register_retention


def delete_expired_sessions(now: datetime) -> int:
    """What ``clearsessions`` does for the database session engine (ours: SESSION_ENGINE is
    Django's default), with a count and the task's ``now``."""
    _total, per_model = Session.objects.filter(expire_date__lt=now - settings.RETENTION["accounts.sessions"]).delete()
    return per_model.get(Session._meta.label, 0)


def anonymise_old_staff_reads(now: datetime) -> int:
    """An audit trail: who read what kind of record and when stays. After the period the
    caregiver it was about is unlinked and the reason blanked — the one update the table's
    trigger allows (migration 0007), so this rule cannot rewrite who read."""
    cutoff = now - settings.RETENTION["accounts.staff_reads"]
    return StaffRead.objects.filter(at__lt=cutoff, subject__isnull=False).update(subject=None, reason="")


def delete_old_admin_log(now: datetime) -> int:
    cutoff = now - settings.RETENTION["accounts.admin_log"]
    _total, per_model = LogEntry.objects.filter(action_time__lt=cutoff).delete()
    return per_model.get(LogEntry._meta.label, 0)


register_retention(
    RetentionRule(
        key="accounts.sessions",
        model="sessions.Session",
        action=_("deleted"),
        counted_from=_("when the session expired"),
        apply=delete_expired_sessions,
    )
)
register_retention(
    RetentionRule(
        key="accounts.staff_reads",
        model="accounts.StaffRead",
        action=_("the caregiver unlinked and the reason blanked; who read what kind of record and when stay"),
        counted_from=_("when the record was read"),
        apply=anonymise_old_staff_reads,
    )
)
register_retention(
    RetentionRule(
        key="accounts.admin_log",
        model="admin.LogEntry",
        action=_("deleted"),
        counted_from=_("when the change was made in the admin"),
        apply=delete_old_admin_log,
    )
)
