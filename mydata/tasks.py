"""Thin Celery wrappers around mydata services."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def prepare_export(export_id: int) -> bool:
    """Prepare one "download my data" document. Idempotent: only a queued export is claimed,
    so a redelivered or repeated task finds it running or ready and changes nothing."""
    return services.export_prepare(export_id=export_id)
