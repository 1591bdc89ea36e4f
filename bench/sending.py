"""Sending benchmark (``make bench``): 10,000 reminder texts through Redis and real
Celery workers, as in production (Procfile): a prefork worker on the default queue
(beat's scans) and thread-pool workers on the send queue, to a local fake Twilio
that answers after 250 ms, with the shared rate limiter set to 50 texts a second.

Two runs, each with its own 10,000 people:

- ``steady``: two send workers of 16 threads each send the lot;
- ``worker_killed``: the same, but one send worker is SIGKILLed (process and
  threads, no clean-up) when 40% of the texts have arrived. Its interrupted sends
  are settled with the provider (``reconcile_stuck``) and its lost tasks queued
  again by the dispatcher; stuck-after is shortened to 8 s (SMS_TIMEOUT 2 s), as a
  deployment that wants a killed worker's texts sooner would.

Counted at the fake provider: texts a second from the first to the last (the
rate while sending) and from the beat tick to the last (with writing the 10,000
outbox rows), the most accepted in any one second (a sliding window over arrival
times: must not exceed the limiter's rate), duplicates and missing (both must be
0). Beat is stood in for by the dispatcher run in this process every few seconds
(it is every minute in production): rows waiting behind the backlog must not be
queued twice, so ``requeued`` counts what it queued after the first tick.

The fake provider runs in a process of its own at a higher priority: arrival
times stamped by a process that shares its interpreter with the benchmark's loop,
on a loaded machine, bunch up whenever it is descheduled, and a 1-second window
would count the scheduler, not the senders.

Called by bench/run.py inside a throw-away test database (Django is set up there).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from notifications.models import Message, MessageStatus
from notifications.sending import dispatch_due
from peersupport.celery import app
from tests.notifications.fakes import FakeTwilio
from tests.notifications.load import beat_tick, going, make_event, people
from tests.workers import Worker, start_celery, worker_args, worker_database_url

NOTIFICATION_TEXTS = 10_000
RATE_PER_SECOND = 50
PROVIDER_LATENCY = 0.25  # seconds the fake takes to answer each send
SEND_WORKERS = 2  # separate processes on the send queue
SEND_THREADS = 16  # threads each
KILL_AT = 0.4  # of the texts received, when the kill run kills a send worker
DISPATCH_EVERY = 3.0  # seconds between the stand-in beat's dispatcher runs
SHORT_TIMEOUTS = {  # the kill run: a killed worker's sends are settled after 8 s, not 45
    "NOTIFICATIONS_STUCK_AFTER_SECONDS": 5,
    "SMS_TIMEOUT": 2,  # reconcile_stuck waits at least 3 × SMS_TIMEOUT + SMS_RATE_MAX_WAIT_SECONDS (8 s)
}


def bench_notifications() -> dict:
    if not settings.REDIS_URL:
        return {"skipped": "needs REDIS_URL"}
    if connection.vendor != "postgresql":
        return {"skipped": "needs PostgreSQL"}
    steady = _run("steady", kill=False, timeouts={})
    print(f"steady: {steady}", flush=True)
    killed = _run("killed", kill=True, timeouts=SHORT_TIMEOUTS)
    print(f"worker killed: {killed}", flush=True)
    result = {
        "texts": NOTIFICATION_TEXTS,
        "provider": f"FakeTwilio (local HTTP), {PROVIDER_LATENCY * 1000:.0f} ms a send",
        "broker": "redis",
        "workers": f"1 x prefork 1 (default queue) + {SEND_WORKERS} x threads {SEND_THREADS} (send queue)",
        "rate_limit_per_second": RATE_PER_SECOND,
        "steady": steady,
        "worker_killed": killed,
        "note": "send_rate = texts / (last - first arrival at the provider); overall_rate also counts the beat tick"
        " writing the 10,000 outbox rows; max_in_one_second = most arrivals in any 1 s sliding window; "
        + f"run {timezone.now():%Y-%m-%d %H:%M} UTC",
    }
    _print_table(result)
    return result


def _run(slug: str, *, kill: bool, timeouts: dict) -> dict:
    region, event = make_event(slug=f"bench-{slug}")
    going(event, people(region, NOTIFICATION_TEXTS, prefix=f"bench{slug}"))

    broker = redis.Redis.from_url(app.conf.broker_url)
    app.control.purge()
    broker.delete("celery", settings.SEND_QUEUE, "unacked", "unacked_index")
    fake = FakeInProcess()
    logs = Path(tempfile.mkdtemp(prefix=f"bench-notifications-{slug}-"))
    env = {
        **fake.env(),
        "DATABASE_URL": worker_database_url(connection),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": app.conf.broker_url,
        "NOTIFICATIONS_HOURLY_CAP": "100",
        "SMS_RATE_PER_SECOND": str(RATE_PER_SECOND),
        **{name: str(value) for name, value in timeouts.items()},
    }
    # This process stands in for beat (the dispatcher) with the workers' settings.
    local = {name: value for name, value in fake.env().items() if name != "TEST_SMS_BACKEND"}
    local["SMS_BACKEND"] = fake.env()["TEST_SMS_BACKEND"]
    mine = Message.objects.filter(event=event)
    workers: list[Worker] = []
    killed_at = None
    requeued = ticks = peak_connections = 0
    try:
        with override_settings(**local, **timeouts):
            workers.append(_start(["-Q", "celery"], "prefork", 1, logs / "default.log", env))
            senders = [
                _start(["-Q", settings.SEND_QUEUE], "threads", SEND_THREADS, logs / f"send{i}.log", env)
                for i in range(SEND_WORKERS)
            ]
            workers += senders
            time.sleep(5)  # let the workers connect (at warning level nothing says when they are ready)
            start = time.perf_counter()
            beat_tick()
            written_at = None
            last_tick = time.perf_counter()
            deadline = start + 900
            while time.perf_counter() < deadline:
                received = fake.count()
                if written_at is None and mine.count() >= NOTIFICATION_TEXTS:
                    written_at = time.perf_counter()
                if received >= NOTIFICATION_TEXTS:
                    break
                if kill and killed_at is None and received >= KILL_AT * NOTIFICATION_TEXTS:
                    senders[0].kill()
                    killed_at = received
                if written_at is not None and time.perf_counter() - last_tick > DISPATCH_EVERY:
                    requeued += dispatch_due()["queued"]
                    last_tick = time.perf_counter()
                    ticks += 1
                    peak_connections = max(peak_connections, _connections())
                time.sleep(0.2)
            done_at = time.perf_counter()
            time.sleep(3)  # anything sent twice would have arrived by now
    finally:
        for worker in workers:
            worker.stop()
        received_texts, counts = fake.stop()
    arrivals = sorted(m["created"] for m in received_texts)
    send_seconds = arrivals[-1] - arrivals[0] if len(arrivals) > 1 else 0
    total = done_at - start
    return {
        "received": len(arrivals),
        "duplicates": sum(n - 1 for n in counts.values() if n > 1),
        "missing": NOTIFICATION_TEXTS - len(counts),
        "sent_rows": mine.filter(status=MessageStatus.SENT).count(),
        "send_rate": round(len(counts) / send_seconds, 1) if send_seconds else None,
        "overall_rate": round(len(counts) / total, 1),
        "send_seconds": round(send_seconds, 1),
        "total_seconds": round(total, 1),
        "write_seconds": round((written_at or done_at) - start, 1),
        "max_in_one_second": _max_in_window(arrivals, 1.0),
        "max_in_a_clock_second": max(_per_clock_second(arrivals).values(), default=0),
        "clock_seconds_over_rate": sum(1 for n in _per_clock_second(arrivals).values() if n > RATE_PER_SECOND),
        "killed_send_worker_at": killed_at,
        "dispatcher_runs": ticks,
        "requeued": requeued,
        "not_sent_rows": mine.exclude(status=MessageStatus.SENT).count(),
        "deferred_by_limiter": mine.filter(status_reason__startswith="Waiting for the provider").count(),
        "db_connections_peak": peak_connections,
        "leftover_in_send_queue": broker.llen(settings.SEND_QUEUE),
        "started": f"{timezone.now() - timedelta(seconds=total + 3):%H:%M:%S} UTC",
        "logs": str(logs),
    }


class FakeInProcess:
    """A FakeTwilio in a child process (forked: it shares nothing but the code), driven over a pipe."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve_fake, args=(child, PROVIDER_LATENCY), daemon=True)
        self._process.start()
        self._env = self._conn.recv()

    def env(self) -> dict[str, str]:
        return self._env

    def count(self) -> int:
        """Distinct texts received so far."""
        self._conn.send("count")
        return self._conn.recv()

    def stop(self) -> tuple[list[dict], Counter]:
        """Stop it: every text received, and how often each was."""
        self._conn.send("stop")
        received, counts = self._conn.recv()
        self._process.join(timeout=10)
        return received, Counter(counts)


def _serve_fake(conn, latency: float) -> None:
    with contextlib.suppress(PermissionError):
        os.nice(-10)  # ahead of the workers and PostgreSQL for the CPU, as a remote provider would be
    fake = FakeTwilio()
    fake.delay = latency
    fake.start()
    conn.send(fake.env())
    while True:
        command = conn.recv()
        if command == "count":
            conn.send(len(fake.counts))
        elif command == "stop":
            received, counts = fake.received, dict(fake.counts)
            fake.stop()
            conn.send((received, counts))
            return


def _start(queues: list[str], pool: str, concurrency: int, log: Path, env: dict) -> Worker:
    args = worker_args(hostname=f"bench-{log.stem}@%h", pool=pool, concurrency=concurrency, loglevel="warning")
    q = args.index("-Q")
    args[q : q + 2] = queues
    return start_celery(args, log_path=log, env=env, ready="")


def _connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return cursor.fetchone()[0]


def _max_in_window(times: list[float], width: float) -> int:
    """The most arrivals in any half-open window [t, t + width) (two pointers over sorted times)."""
    best = lo = 0
    for hi, t in enumerate(times):
        while times[lo] <= t - width:
            lo += 1
        best = max(best, hi - lo + 1)
    return best


def _per_clock_second(times: list[float]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for t in times:
        counts[int(t)] = counts.get(int(t), 0) + 1
    return counts


def _print_table(result: dict) -> None:
    rows = [("", "steady", "send worker killed")]
    for label, key in [
        ("texts/s while sending", "send_rate"),
        ("texts/s from the tick", "overall_rate"),
        ("most in any 1 s", "max_in_one_second"),
        ("most in a clock second", "max_in_a_clock_second"),
        ("duplicates", "duplicates"),
        ("missing", "missing"),
        ("queued again", "requeued"),
        ("DB connections (peak)", "db_connections_peak"),
    ]:
        rows.append((label, str(result["steady"][key]), str(result["worker_killed"][key])))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    print(f"\n{NOTIFICATION_TEXTS:,} texts, limiter {RATE_PER_SECOND}/s, provider {PROVIDER_LATENCY * 1000:.0f} ms")
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
