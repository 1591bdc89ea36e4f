"""Periodic work of the outbox, as a thin Celery wrapper around notifications.sending.

The send task itself (``sending.send_message``) lives beside the queueing code
that calls it; importing this module registers both with the worker.
"""

from celery import shared_task

from . import sending


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def dispatch() -> dict:
    return sending.dispatch_due()
