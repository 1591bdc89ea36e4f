"""Thin Celery wrappers around notifications.sending.

acks_late + reject_on_worker_lost: a task whose worker is killed goes back to
the queue instead of vanishing; the conditional claim in message_send makes
the second delivery harmless. No task is ever scheduled with a countdown or ETA.
"""

from celery import shared_task

from . import sending


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_message(message_id: int) -> str:
    return sending.message_send(message_id=message_id)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def dispatch() -> dict:
    return sending.dispatch_due()
