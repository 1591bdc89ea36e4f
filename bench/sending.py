"""Sending benchmark (``make bench``): reminder texts through Redis and real Celery
workers to a local fake provider.

Called by bench/run.py inside a throw-away test database (Django is set up there).
"""

from __future__ import annotations

import tempfile
import time
from datetime import timedelta
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from notifications.models import Message, MessageStatus
from peersupport.celery import app
from tests.notifications.fakes import FakeTwilio
from tests.notifications.load import beat_tick, going, make_event, people
from tests.workers import start_celery, worker_args, worker_database_url

NOTIFICATION_TEXTS = 10_000
NOTIFICATION_WORKERS = 2  # separate worker processes
NOTIFICATION_CONCURRENCY = 2  # prefork children each


def bench_notifications() -> dict:
    """10,000 reminder texts through Redis and 2 worker processes to a fake Twilio.

    One beat tick queues what beat queues every minute: ``send_due_reminders``
    writes the due reminders as outbox rows and queues them, and ``dispatch``
    scans the outbox; the workers send them. Counted at the fake: duplicates and
    missing must both be 0. Times: from the tick to the last text received.
    """
    if not settings.REDIS_URL:
        return {"skipped": "needs REDIS_URL"}
    if connection.vendor != "postgresql":
        return {"skipped": "needs PostgreSQL"}

    region, event = make_event(slug="bench")
    going(event, people(region, NOTIFICATION_TEXTS, prefix="bench"))

    broker = redis.Redis.from_url(app.conf.broker_url)
    app.control.purge()
    fake = FakeTwilio()
    fake.start()
    workers = []
    logs = Path(tempfile.mkdtemp(prefix="bench-notifications-"))
    env = {
        **fake.env(),
        "DATABASE_URL": worker_database_url(connection),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": app.conf.broker_url,
        "NOTIFICATIONS_HOURLY_CAP": "100",
        "NOTIFICATIONS_REQUEUE_AFTER_SECONDS": "30",
    }
    try:
        for i in range(NOTIFICATION_WORKERS):
            workers.append(
                start_celery(
                    worker_args(
                        hostname=f"bench-{i}@%h",
                        pool="prefork",
                        concurrency=NOTIFICATION_CONCURRENCY,
                        loglevel="warning",
                    ),
                    log_path=logs / f"worker{i}.log",
                    env=env,
                    ready="",  # at warning level nothing is logged when ready; wait for nothing
                )
            )
        time.sleep(3)  # let the workers connect
        start = time.perf_counter()
        beat_tick()
        written_at = None
        last_tick, ticks = time.perf_counter(), 0
        deadline = start + 600
        while time.perf_counter() < deadline:
            if written_at is None and Message.objects.count() >= NOTIFICATION_TEXTS:
                written_at = time.perf_counter()
            if len(fake.received) >= NOTIFICATION_TEXTS:
                break
            if written_at is not None and broker.llen("celery") == 0 and time.perf_counter() - last_tick > 5:
                beat_tick()  # as beat would: re-queues anything whose task went missing
                last_tick = time.perf_counter()
                ticks += 1
            time.sleep(0.2)
        done_at = time.perf_counter()
        time.sleep(2)  # anything sent twice would have arrived by now
    finally:
        for worker in workers:
            worker.stop()
        fake.stop()
    received = fake.received
    duplicates = sum(n - 1 for n in fake.counts.values() if n > 1)
    total = done_at - start
    send_phase = done_at - (written_at or start)
    return {
        "texts": NOTIFICATION_TEXTS,
        "provider": "FakeTwilio (local HTTP)",
        "broker": "redis",
        "workers": f"{NOTIFICATION_WORKERS} processes x prefork {NOTIFICATION_CONCURRENCY}",
        "received": len(received),
        "duplicates": duplicates,
        "missing": NOTIFICATION_TEXTS - len(fake.counts),
        "sent_rows": Message.objects.filter(status=MessageStatus.SENT).count(),
        "total_seconds": round(total, 2),
        "messages_per_second": round(len(fake.counts) / total, 1),
        "write_seconds": round((written_at or done_at) - start, 2),
        "send_messages_per_second": round(len(fake.counts) / send_phase, 1) if send_phase else None,
        "leftover_in_queue": broker.llen("celery"),
        "extra_beat_ticks": ticks,
        "note": f"total = one beat tick (send_due_reminders + dispatch) writing {NOTIFICATION_TEXTS:,} outbox rows"
        + " + sending them; "
        + f"started {timezone.now() - timedelta(seconds=total):%Y-%m-%d %H:%M} UTC",
    }
