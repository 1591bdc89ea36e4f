"""Thin Celery wrappers around privacy services."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def delete_expired_posts() -> int:
    """Beat runs this daily: posts past their group's retention period are deleted."""
    return services.retention_delete_expired()
