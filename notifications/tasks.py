"""Periodic work of the outbox, as a thin Celery wrapper around notifications.sending.

The send task itself (``sending.send_message``) lives beside the queueing code
that calls it; importing this module registers both with the worker.
"""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from . import sending
from .selectors import BEAT_TICK_CACHE_KEY


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def dispatch() -> dict:
    cache.set(BEAT_TICK_CACHE_KEY, timezone.now(), timeout=None)  # shown on the operations page
    return sending.dispatch_due()
