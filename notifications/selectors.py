"""Figures about the outbox for the operations page (``peersupport.operations``).

Read-only, and about messages, never people: counts, kinds, channels and times,
no addresses or bodies. Three queries whatever the size of the outbox.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from .models import Channel, Message, MessageStatus

# notifications.tasks.dispatch stores the time of each run here; beat queues it every
# NOTIFICATIONS_DISPATCH_EVERY_SECONDS. The cache is Redis in production, shared by
# the worker that runs it and the web process that shows it.
BEAT_TICK_CACHE_KEY = "notifications:dispatch:last-run"
# Beat is late after this many intervals without a run.
BEAT_LATE_AFTER_INTERVALS = 3


@dataclasses.dataclass(frozen=True)
class OldestPending:
    pk: int
    kind_label: str
    channel_label: str
    created_at: datetime
    next_attempt_at: datetime
    age: timedelta
    due: bool  # False: deferred on purpose (quiet hours, a retry's backoff, the hourly cap)


@dataclasses.dataclass(frozen=True)
class BeatTick:
    at: datetime | None  # None: no run recorded (or the cache could not be read)
    interval_seconds: int
    readable: bool = True  # False: the cache did not answer

    @property
    def late(self) -> bool:
        return self.at is None or timezone.now() - self.at > self.late_after

    @property
    def late_after(self) -> timedelta:
        return timedelta(seconds=self.interval_seconds * BEAT_LATE_AFTER_INTERVALS)


@dataclasses.dataclass(frozen=True)
class OutboxFigures:
    pending: int
    due: int  # pending and due now: waiting for a worker
    sending: int
    failed: int
    suppressed: int
    failed_last_day: int  # of the messages written in the last 24 hours
    suppressed_last_day: int
    oldest_pending: OldestPending | None
    # Messages a worker took in the last hour, by their status now: (label, emails, texts).
    last_hour: list[tuple[str, int, int]]


def outbox_figures(*, now: datetime | None = None) -> OutboxFigures:
    """1. counts by status in one pass; 2. the last hour by status and channel; 3. the oldest pending row."""
    now = now or timezone.now()
    day_ago = now - timedelta(days=1)
    pending = Q(status=MessageStatus.PENDING)
    counts = Message.objects.aggregate(
        pending=Count("pk", filter=pending),
        due=Count("pk", filter=pending & Q(next_attempt_at__lte=now)),
        sending=Count("pk", filter=Q(status=MessageStatus.SENDING)),
        failed=Count("pk", filter=Q(status=MessageStatus.FAILED)),
        suppressed=Count("pk", filter=Q(status=MessageStatus.SUPPRESSED)),
        failed_last_day=Count("pk", filter=Q(status=MessageStatus.FAILED, created_at__gte=day_ago)),
        suppressed_last_day=Count("pk", filter=Q(status=MessageStatus.SUPPRESSED, created_at__gte=day_ago)),
    )

    by_status: dict[str, dict[str, int]] = {}
    last_hour = (
        Message.objects.filter(claimed_at__gte=now - timedelta(hours=1))
        .values_list("status", "channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for status, channel, n in last_hour:
        by_status.setdefault(status, {})[channel] = n
    rows = [
        (label, by_status[value].get(Channel.EMAIL, 0), by_status[value].get(Channel.SMS, 0))
        for value, label in MessageStatus.choices
        if value in by_status
    ]

    oldest = (
        Message.objects.filter(pending)
        .only("pk", "kind", "channel", "created_at", "next_attempt_at")
        .order_by("created_at", "pk")
        .first()
    )
    return OutboxFigures(
        **counts,
        oldest_pending=_oldest(oldest, now) if oldest else None,
        last_hour=rows,
    )


def _oldest(message: Message, now: datetime) -> OldestPending:
    return OldestPending(
        pk=message.pk,
        kind_label=message.kind_label,
        channel_label=message.get_channel_display(),
        created_at=message.created_at,
        next_attempt_at=message.next_attempt_at,
        age=now - message.created_at,
        due=message.next_attempt_at <= now,
    )


def last_beat_tick() -> BeatTick:
    interval = settings.NOTIFICATIONS_DISPATCH_EVERY_SECONDS
    try:
        at = cache.get(BEAT_TICK_CACHE_KEY)
    except Exception:  # Redis down: the page says so instead of failing
        return BeatTick(at=None, interval_seconds=interval, readable=False)
    return BeatTick(at=at, interval_seconds=interval)
