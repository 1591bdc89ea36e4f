"""Thin Celery wrappers around feedback services."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_due_surveys() -> int:
    """Beat runs this every 15 minutes: surveys that have come due become invitations in the outbox."""
    return services.surveys_send_due()
