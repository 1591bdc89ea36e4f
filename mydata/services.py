"""Downloads of a person's data: asking for one, and preparing it (``mydata.tasks``).

An export's life: ``queued`` (asked for; at most one queued or running per person, the
database constraint ``data_export_one_in_progress``) → ``running`` (a worker claimed it;
``progress`` goes up a section at a time) → ``ready`` (the document is stored,
``expires_at`` = ``finished_at`` + 24 hours) or ``failed``. After ``expires_at`` the
download is refused with 410 (``mydata.access``) and the retention task deletes the
document. An export left queued or running for ``STALE_AFTER`` (a lost task, a worker
that died) is marked failed when the person asks again, so they are never stuck.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from .export import build_document
from .models import DataExport, ExportStatus

logger = logging.getLogger(__name__)

LINK_VALID = timedelta(hours=24)
STALE_AFTER = timedelta(minutes=15)
IN_PROGRESS = (ExportStatus.QUEUED, ExportStatus.RUNNING)


class ExportInProgress(Exception):
    """The person already has a download being prepared."""


def export_in_progress(user) -> DataExport | None:
    return DataExport.objects.filter(user=user, status__in=IN_PROGRESS).first()


def export_request(*, user, enqueue) -> DataExport:
    """Ask for a download and queue the task after commit.

    1. An in-progress export older than ``STALE_AFTER`` is marked failed (its task was lost).
    2. A new row is inserted; the partial unique constraint refuses a second one while one is
       in progress, even from two tabs at once (raises ``ExportInProgress``).
    3. ``enqueue(export_id)`` runs once the row is committed, so the worker finds it.
    """
    DataExport.objects.filter(user=user, status__in=IN_PROGRESS, requested_at__lt=timezone.now() - STALE_AFTER).update(
        status=ExportStatus.FAILED, finished_at=timezone.now()
    )
    try:
        with transaction.atomic():
            export = DataExport.objects.create(user=user)
    except IntegrityError:
        raise ExportInProgress from None
    transaction.on_commit(lambda: enqueue(export.pk))
    return export


def _progress(export_id: int, done: int, total: int) -> None:
    # Short of 100 until the document is stored: "ready" alone means ready.
    DataExport.objects.filter(pk=export_id, status=ExportStatus.RUNNING).update(progress=min(99, done * 100 // total))


def export_prepare(*, export_id: int) -> bool:
    """Build and store the document of one export; True when this call prepared it.

    1. Claim: ``queued`` → ``running`` in one conditional UPDATE. Any other state (already
       ready, failed, or being prepared by another worker) means there is nothing to do, so a
       second run changes nothing.
    2. Build the document, recording progress after each section.
    3. Store it: ``ready``, ``finished_at``, ``expires_at`` = finished + 24 hours, progress 100,
       again only if still ``running``. On an error the export is ``failed`` (the person can ask
       again) and the error logged without the person's data.
    """
    claimed = DataExport.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, progress=0
    )
    if not claimed:
        return False
    export = DataExport.objects.select_related("user").get(pk=export_id)
    try:
        document = build_document(export.user, on_section=lambda done, total: _progress(export_id, done, total))
    except Exception:
        logger.exception("data export %s failed", export_id)
        DataExport.objects.filter(pk=export_id, status=ExportStatus.RUNNING).update(
            status=ExportStatus.FAILED, finished_at=timezone.now()
        )
        return False
    finished = timezone.now()
    stored = DataExport.objects.filter(pk=export_id, status=ExportStatus.RUNNING).update(
        status=ExportStatus.READY,
        document=document,
        progress=100,
        finished_at=finished,
        expires_at=finished + LINK_VALID,
    )
    return bool(stored)
