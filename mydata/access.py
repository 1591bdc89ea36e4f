"""Whose downloads a person may see: their own, and nobody else's (404, built on
``accounts.policy``). Only caregivers have the "Your data" pages: staff accounts hold work
records, and a staff member's request goes to the organisation's privacy officer."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from accounts import policy

from .models import DataExport, ExportStatus

may_download_own_data = policy.is_caregiver
caregiver_required = policy.caregiver_required


class ExportExpired(Exception):
    """The download's 24 hours are over (410 Gone: ask for a new one)."""


def get_export_for_user(user, pk: int, *, ready: bool = False) -> DataExport:
    """The person's own export, else 404 (another person's is not revealed).
    With ``ready``: only a ready one (404 otherwise), and ``ExportExpired`` after ``expires_at``
    even before the retention task has deleted the document."""
    try:
        export = DataExport.objects.get(pk=pk, user=user)
    except DataExport.DoesNotExist:
        raise Http404("No such download.") from None
    if ready:
        if export.status == ExportStatus.EXPIRED or (export.expires_at and export.expires_at <= timezone.now()):
            raise ExportExpired
        if export.status != ExportStatus.READY:
            raise Http404("Not ready.")
    return export
