"""A caregiver's rights over their data: downloads of everything we hold, and account closure.

What each app contributes is registered in ``accounts.personal_data``; this app runs the
download (``mydata.export``) and the closure (``mydata.closure``) over that registry.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being prepared")
    READY = "ready", _("Ready to download")
    FAILED = "failed", _("Could not be prepared")
    EXPIRED = "expired", _("Deleted after 24 hours")


class DataExport(models.Model):
    """One "download my data" request. The document is kept in the database, not on disk,
    so the web server can hand over what a worker on another machine prepared; it is
    deleted (``document`` set to none, status expired) 24 hours after it is ready."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent, for the progress bar
    document = models.JSONField(null=True, blank=True, editable=False)
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status__in=["queued", "running"]),
                name="data_export_one_in_progress",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="data_export_progress_percent"),
            models.CheckConstraint(
                condition=Q(status="ready", document__isnull=False, expires_at__isnull=False) | ~Q(status="ready"),
                name="data_export_ready_has_document",
            ),
        ]

    def __str__(self) -> str:
        return f"export {self.pk} for {self.user_id} ({self.status})"


class ClosureStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for your social worker")
    DECLINED = "declined", _("Not closed yet")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CLOSED = "closed", _("Closed")


class ClosureRequest(models.Model):
    """A caregiver asked to close their account; their social worker confirms (so a placement
    in progress is not cut off by accident) or explains why not. After closure the row keeps
    only dates and status: ``user`` is set to none with the rest of their data."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="closure_requests"
    )
    status = models.CharField(max_length=10, choices=ClosureStatus.choices, default=ClosureStatus.REQUESTED)
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Why not yet, written by the social worker to the caregiver (blanked on closure).
    decline_reason = models.TextField(_("reason"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(status="requested"), name="closure_one_open_request"),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False, user__isnull=True),
                name="closure_closed_has_date_and_no_person",
            ),
        ]

    def __str__(self) -> str:
        return f"closure {self.pk} ({self.status})"
