"""Thin Celery wrappers around buddies services."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def expire_offers() -> int:
    """Beat runs this every five minutes: offers unanswered after 72 hours pass to the next choice."""
    return services.offers_expire()


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def complete_pairs() -> int:
    """Beat runs this daily: pairs past their planned six months end as completed."""
    return services.pairs_complete()
