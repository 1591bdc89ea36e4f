"""Who may see what in mydata, built on ``accounts.policy``:

- downloads: a person's own, and nobody else's (404). Only caregivers have the "Your data"
  pages: staff accounts hold work records, and a staff member's request goes to the
  organisation's privacy officer;
- closure requests: staff of the caregiver's region see and decide them (404 otherwise).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts import policy

from .models import ClosureRequest, ClosureStatus, DataExport, ExportStatus

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


def closures_visible_to(user) -> QuerySet[ClosureRequest]:
    """Open requests of caregivers in the staff member's regions; nothing for anyone else."""
    if not policy.is_staff_member(user):
        return ClosureRequest.objects.none()
    return ClosureRequest.objects.filter(
        status=ClosureStatus.REQUESTED, user__caregiver_profile__region__in=policy.regions_for(user)
    )


def get_closure_to_decide(user, pk: int) -> ClosureRequest:
    try:
        return closures_visible_to(user).select_related("user__caregiver_profile").get(pk=pk)
    except ClosureRequest.DoesNotExist:
        raise Http404("No such request.") from None
