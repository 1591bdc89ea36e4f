"""The send queue (issue 9): the send task is routed to "send", a real thread-pool
worker consumes it and sends each message exactly once, a thread holds at most
one database connection, and the dispatcher does not queue again rows that are
only waiting behind a backlog."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from notifications import sending
from notifications.models import Message, MessageStatus
from notifications.sms import LocmemSmsBackend
from peersupport.celery import app
from tests.accounts.factories import UserFactory
from tests.notifications.factories import MessageFactory
from tests.notifications.fakes import FakeTwilio
from tests.workers import Worker, start_celery, worker_args, worker_database_url

THREADS = 4
SENDER_APP_NAME = "pytest-sender"


def test_the_send_task_goes_to_the_send_queue_and_the_scans_to_the_default_queue():
    router = app.amqp.router
    assert router.route({}, "notifications.sending.send_message")["queue"].name == "send"
    assert router.route({}, "notifications.tasks.dispatch")["queue"].name == app.conf.task_default_queue == "celery"
    assert settings.SEND_QUEUE == "send"


def test_running_the_send_task_twice_for_one_message_sends_it_once(db, settings):
    settings.SMS_QUIET_HOURS = None
    settings.SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    message = MessageFactory(next_attempt_at=timezone.now())

    first = sending.send_message.apply(args=[message.pk])
    second = sending.send_message.apply(args=[message.pk])

    assert (first.result, second.result) == ("sent", "not-due")
    assert len(LocmemSmsBackend.outbox) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 1)


# --- A real thread-pool worker ------------------------------------------------------------

needs_redis = pytest.mark.skipif(not settings.REDIS_URL, reason="needs a real Redis broker (REDIS_URL)")
needs_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL (row locks, real concurrency)",
)


@pytest.fixture
def fake(transactional_db, settings) -> Iterator[FakeTwilio]:
    provider = FakeTwilio()
    provider.start()
    provider.delay = 0.05  # the threads overlap
    for name, value in provider.env().items():
        setattr(settings, name, value)
    settings.SMS_BACKEND = provider.env()["TEST_SMS_BACKEND"]
    yield provider
    provider.stop()


@pytest.fixture
def sender(fake, tmp_path) -> Iterator[Worker]:
    """``celery worker -Q send -P threads`` as in the Procfile, on this test's database and broker."""
    app.control.purge()
    env = {
        **fake.env(),
        "DATABASE_URL": worker_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": app.conf.broker_url,
        "SMS_QUIET_HOURS": "off",
        "NOTIFICATIONS_HOURLY_CAP": "100",
        "SMS_RATE_PER_SECOND": "200",
        "DB_CONN_MAX_AGE": "60",  # connections kept between tasks, as in production
        "PGAPPNAME": SENDER_APP_NAME,  # libpq's application_name: its connections can be told apart
    }
    args = worker_args(hostname="pytest-sender@%h", pool="threads", concurrency=THREADS, queues=settings.SEND_QUEUE)
    worker = start_celery(args, log_path=tmp_path / "sender.log", env=env)
    yield worker
    worker.stop()


def worker_connections() -> int:
    """The send worker's connections to this test database (not the test's own, nor those
    of workers from earlier tests whose backends may still be exiting)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = %s",
            [SENDER_APP_NAME],
        )
        return cursor.fetchone()[0]


@needs_redis
@needs_postgresql
def test_a_thread_pool_worker_sends_each_message_once_holding_a_connection_per_thread_at_most(fake, sender):
    n = 40
    person = UserFactory()
    messages = [
        MessageFactory(recipient=person, to=f"+6421555{i:04d}", next_attempt_at=timezone.now()) for i in range(n)
    ]
    ids = [m.pk for m in messages]
    Message.objects.filter(pk__in=ids).update(queued_at=timezone.now())
    for message_id in ids:
        sending.send_message.delay(message_id)

    most = 0

    def all_sent() -> bool:
        nonlocal most
        most = max(most, worker_connections())
        return Message.objects.filter(pk__in=ids, status=MessageStatus.SENT).count() == n

    sender.wait_for(all_sent, f"{n} texts sent")
    assert fake.duplicates() == {}
    assert len(fake.received) == n
    assert 1 <= most <= THREADS, "each thread holds one connection at most, the main thread none"

    # Every task again (a redelivery): nothing is sent twice.
    again = [sending.send_message.delay(message_id).id for message_id in ids]
    sender.wait_for(lambda: all(sender.succeeded("notifications.sending.send_message", i) for i in again), "reruns")
    assert len(fake.received) == n
    assert worker_connections() <= THREADS


# --- The dispatcher and a backlog ----------------------------------------------------------


@pytest.fixture
def empty_send_queue():
    client = redis.Redis.from_url(app.conf.broker_url)
    client.delete(settings.SEND_QUEUE)
    yield client
    client.delete(settings.SEND_QUEUE)


def queued_long_ago(n: int) -> list[int]:
    """``n`` pending texts queued two minutes ago (oldest first), their tasks not taken yet or lost."""
    person = UserFactory()
    long_ago = timezone.now() - timedelta(minutes=2)
    messages = [
        MessageFactory(recipient=person, next_attempt_at=long_ago, queued_at=long_ago + timedelta(seconds=i))
        for i in range(n)
    ]
    return [m.pk for m in messages]


@needs_redis
def test_the_dispatcher_does_not_queue_again_rows_waiting_behind_a_backlog(db, empty_send_queue):
    ids = queued_long_ago(10)
    for message_id in ids:
        sending.send_message.delay(message_id)  # still waiting in the send queue: no worker took them

    assert sending.send_queue_length() == 10
    assert sending.queue_due() == 0


@needs_redis
def test_the_dispatcher_queues_again_the_oldest_rows_whose_tasks_cannot_be_waiting(db, empty_send_queue):
    ids = queued_long_ago(10)
    for message_id in ids[6:]:
        sending.send_message.delay(message_id)  # the newest 4 wait; the oldest 6 were lost (a killed worker)

    assert sending.queue_due() == 6
    requeued = set(
        Message.objects.filter(queued_at__gt=timezone.now() - timedelta(seconds=30)).values_list("pk", flat=True)
    )
    assert requeued == set(ids[:6])


@needs_redis
def test_after_a_redis_restart_every_stale_row_is_queued_again_and_recent_ones_are_left(db, settings, empty_send_queue):
    settings.NOTIFICATIONS_REQUEUE_AFTER_SECONDS = 60
    ids = queued_long_ago(3)
    recent = MessageFactory(recipient=UserFactory(), next_attempt_at=timezone.now(), queued_at=timezone.now())

    assert sending.queue_due() == 3  # nothing waits in the queue; only rows queued over a minute ago
    assert Message.objects.get(pk=recent.pk).queued_at == recent.queued_at
    assert len(ids) == 3
