"""Thin Celery wrappers around events services."""

from celery import shared_task

from . import reminders


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_due_reminders() -> int:
    """Beat runs this every minute: write the messages of reminders that have come due."""
    return reminders.reminders_create_due()
