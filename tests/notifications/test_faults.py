"""Fault tests of the outbox (issue 4, item 8): real Redis, real Celery worker
and beat processes, a fake Twilio that counts what it received.

As in production (Procfile) two workers run: a prefork worker on the default
``celery`` queue (beat's scans) and a thread-pool worker on the ``send`` queue
(issue 9: sends at the provider's rate), which is the one killed in (b).

Every text in a test goes to its own number, so the fake's duplicate count
(by number and body: Twilio takes no idempotency key) is exact.

The worker runs ``settings_test`` against this test's database (committed
data: ``transaction=True``) and the broker this process uses
(``CELERY_BROKER_URL``, from REDIS_URL). Run them on a Redis database nobody
else consumes from (e.g. REDIS_URL=redis://127.0.0.1:6379/5), or another
worker may take the tests' tasks. Skipped without REDIS_URL (the filesystem
broker) or PostgreSQL (the claims need row locks and real concurrency).
"""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest
import redis
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import CaregiverProfile, User
from events import services as event_services
from events.tasks import send_due_reminders
from notifications.models import Channel, Message, MessageStatus
from notifications.sending import dispatch_due
from notifications.tasks import dispatch
from peersupport.celery import app
from tests.notifications.fakes import FakeTwilio
from tests.notifications.helpers import twilio_post
from tests.notifications.load import beat_tick, going, make_event, people
from tests.workers import Worker, start_celery, worker_args, worker_database_url

pytestmark = [
    pytest.mark.skipif(not settings.REDIS_URL, reason="fault tests need a real Redis broker (REDIS_URL)"),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="fault tests need PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]

WAIT_SECONDS = 60
POLL_SECONDS = 0.2
SEND_THREADS = 8
# Short enough for a test, the same code paths as the defaults.
NOTIFICATION_ENV = {
    "NOTIFICATIONS_STUCK_AFTER_SECONDS": "3",
    "NOTIFICATIONS_REQUEUE_AFTER_SECONDS": "3",
    "NOTIFICATIONS_RETRY_BASE_SECONDS": "1",
    "NOTIFICATIONS_RETRY_MAX_SECONDS": "4",
    "NOTIFICATIONS_HOURLY_CAP": "100",
    "SMS_TIMEOUT": "1",  # reconcile_stuck waits at least 3 × SMS_TIMEOUT + SMS_RATE_MAX_WAIT_SECONDS
    "SMS_RATE_PER_SECOND": "400",  # the limiter takes part, without making the tests slow
    "SMS_RATE_MAX_WAIT_SECONDS": "1",
}
REDIS_START = ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]


# --- Fixtures ------------------------------------------------------------------------


@pytest.fixture
def broker() -> redis.Redis:
    """The tests' broker, emptied of tasks an earlier run left behind."""
    client = redis.Redis.from_url(app.conf.broker_url)
    app.control.purge()
    client.delete("celery", settings.SEND_QUEUE, "unacked", "unacked_index", "unacked_mutex")
    return client


@pytest.fixture
def fake(transactional_db, settings) -> Iterator[FakeTwilio]:
    """A fake Twilio; this process (webhooks, in-process scans) is pointed at it too."""
    provider = FakeTwilio()
    provider.start()
    for name, value in provider.env().items():
        setattr(settings, name, value)
    settings.SMS_BACKEND = provider.env()["TEST_SMS_BACKEND"]
    for name, value in NOTIFICATION_ENV.items():
        setattr(settings, name, int(value))
    yield provider
    provider.stop()


@pytest.fixture
def start_worker(transactional_db, broker, fake, tmp_path) -> Iterator[Callable[..., Worker]]:
    """Start workers (or beats) on demand; every one is stopped (its whole process group) at teardown,
    before the fake provider and the test database go away."""
    started: list[Worker] = []

    def start(
        name: str = "w1", *, beat: bool = False, sender: bool = False, concurrency: int = 2, env: dict | None = None
    ) -> Worker:
        """A prefork worker on the default queue; ``sender``: a thread-pool worker on the send queue; ``beat``."""
        full_env = {
            **fake.env(),
            **NOTIFICATION_ENV,
            "DATABASE_URL": worker_database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_BROKER_URL": app.conf.broker_url,
            "TEST_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(tmp_path / "mail"),
            **(env or {}),
        }
        if beat:
            args = ["beat", "--loglevel=info", "--schedule", str(tmp_path / f"{name}-schedule")]
            ready = "beat: Starting..."
        elif sender:
            args = worker_args(
                hostname=f"fault-{name}@%h", pool="threads", concurrency=SEND_THREADS, queues=settings.SEND_QUEUE
            )
            ready = " ready."
        else:
            args = worker_args(hostname=f"fault-{name}@%h", pool="prefork", concurrency=concurrency, queues="celery")
            ready = " ready."
        process = start_celery(args, log_path=tmp_path / f"{name}.log", env=full_env, ready=ready)
        started.append(process)
        return process

    yield start
    for process in reversed(started):
        process.stop()


# --- Helpers ---------------------------------------------------------------------------


def wait_until(condition: Callable[[], object], what: str, workers: list[Worker], timeout: float = WAIT_SECONDS):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(POLL_SECONDS)
    logs = "\n\n".join(f"--- {w.log_path.name} ---\n{w.log[-8000:]}" for w in workers)
    pytest.fail(f"timed out after {timeout}s waiting for {what}; {summary()}\n{logs}")


def tick_until(condition: Callable[[], object], what: str, workers: list[Worker], **kwargs):
    """Stand in for beat, once a second: run the dispatcher's scan in this process.

    In this process, not through the default queue: how soon a lost message is
    found must depend on the dispatcher's rules alone (NOTIFICATIONS_REQUEUE_AFTER_SECONDS,
    NOTIFICATIONS_STUCK_AFTER_SECONDS), not on when a worker gets round to a queued
    scan on a loaded machine, nor on beat's interval. The scan is safe to run beside
    the workers' (skip-locked claims). Beat itself is exercised in (h).
    """
    last = 0.0

    def ticked():
        nonlocal last
        if condition():
            return True
        if time.monotonic() - last > 1:
            dispatch_due()
            last = time.monotonic()
        return False

    wait_until(ticked, what, workers, **kwargs)


def summary() -> str:
    counts = {}
    for status in MessageStatus.values:
        counts[status] = Message.objects.filter(status=status).count()
    return f"outbox {counts}"


def texts() -> int:
    return Message.objects.filter(channel=Channel.SMS).count()


def all_sent(n: int, fake: FakeTwilio) -> Callable[[], bool]:
    def check() -> bool:
        return len(fake.received) >= n and Message.objects.filter(status=MessageStatus.SENT).count() >= n

    return check


def assert_each_received_once(fake: FakeTwilio, numbers: set[str]) -> None:
    received = [m["to"] for m in fake.received]
    assert fake.duplicates() == {}
    assert set(received) == numbers, f"missing {len(numbers - set(received))}"
    assert len(received) == len(numbers)


def phones(users: list[User]) -> set[str]:
    return set(CaregiverProfile.objects.filter(user__in=users).values_list("phone", flat=True))


# --- (a) 1,000 due reminders ----------------------------------------------------------------


def test_a_thousand_due_reminders_are_sent_exactly_once(start_worker, fake, broker):
    region, event = make_event(slug="thousand")
    users = people(region, 1000, prefix="thousand")
    going(event, users)
    worker = start_worker()
    sender = start_worker("sender", sender=True)

    beat_tick()  # writes 1,000 reminder texts and queues them on commit
    wait_until(all_sent(1000, fake), "1,000 texts", [worker, sender], timeout=90)
    assert_each_received_once(fake, phones(users))
    assert texts() == 1000
    assert Message.objects.filter(status=MessageStatus.SENT).count() == 1000

    # The scans again: nothing new to write, nothing to send.
    reminders, outbox = send_due_reminders.delay(), dispatch.delay()
    worker.wait_for(
        lambda: (
            worker.succeeded("events.tasks.send_due_reminders", reminders.id)
            and worker.succeeded("notifications.tasks.dispatch", outbox.id)
        ),
        "the second scan",
    )
    time.sleep(1)
    assert len(fake.received) == 1000
    assert texts() == 1000


# --- (b) SIGKILL mid-run ------------------------------------------------------------------


def test_a_worker_killed_mid_send_and_restarted_sends_every_text_once(start_worker, fake, broker):
    region, event = make_event(slug="killed")
    users = people(region, 300, prefix="killed")
    going(event, users)
    fake.delay = 0.1  # each send takes a while, so the kill lands mid-request
    worker = start_worker()
    first = start_worker("first", sender=True)

    beat_tick()
    wait_until(lambda: len(fake.received) >= 60, "the first texts", [worker, first])
    first.kill()  # SIGKILL to the main process and all its threads
    killed_at = len(fake.received)
    assert killed_at < 300, "the worker finished before it was killed; make the fake slower"
    # Rows its children had claimed: their texts may or may not have reached the
    # provider. Only asking the provider (reconcile_stuck) can tell.
    interrupted = set(Message.objects.filter(status=MessageStatus.SENDING).values_list("pk", flat=True))
    assert interrupted, "no text was in flight when the worker was killed"

    second = start_worker("second", sender=True)
    tick_until(all_sent(300, fake), "every text after the restart", [worker, first, second])
    time.sleep(1)  # anything queued twice has had time to be claimed (and refused) again
    assert_each_received_once(fake, phones(users))
    assert Message.objects.filter(status=MessageStatus.SENT).count() == 300
    # The interrupted ones are settled, not lost (sent if the provider had them, sent again if not).
    assert set(Message.objects.filter(pk__in=interrupted).values_list("status", flat=True)) == {MessageStatus.SENT}


# --- (c) the provider fails for a while --------------------------------------------------------


def test_a_failing_provider_is_retried_later_and_each_text_sent_once(start_worker, fake, broker):
    region, event = make_event(slug="failing")
    users = people(region, 40, prefix="failing")
    going(event, users)
    fake.fail_next(60)  # every first attempt, and some second ones, get a 500
    worker = start_worker()
    sender = start_worker("sender", sender=True)

    beat_tick()
    tick_until(all_sent(40, fake), "every text after the provider recovered", [worker, sender])
    assert fake.requests >= 100  # 60 failures + 40 successes (+ lookups: none here)
    assert_each_received_once(fake, phones(users))
    retried = Message.objects.filter(attempts__gt=1).count()
    assert retried >= 20
    assert not Message.objects.exclude(status=MessageStatus.SENT).exists()


# --- (d) Redis restarted mid-run --------------------------------------------------------------


def _restartable_redis() -> tuple[str, int] | None:
    url = urlsplit(settings.REDIS_URL)
    if url.hostname not in {"127.0.0.1", "localhost"} or not shutil.which("redis-server"):
        return None
    return url.hostname, url.port or 6379


def _ping(port: int) -> bool:
    try:
        return bool(redis.Redis(host="127.0.0.1", port=port, socket_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.mark.skipif(_restartable_redis() is None, reason="needs a local redis-server this test may restart")
def test_a_redis_restart_mid_run_loses_nothing(start_worker, fake, broker):
    _, port = _restartable_redis()
    region, event = make_event(slug="restart")
    users = people(region, 200, prefix="restart")
    going(event, users)
    fake.delay = 0.1
    worker = start_worker()
    sender = start_worker("sender", sender=True)

    beat_tick()
    wait_until(lambda: len(fake.received) >= 30, "the first texts", [worker, sender])
    try:
        # The queue (no persistence) goes with it: every task not yet taken is lost.
        subprocess.run(["redis-cli", "-p", str(port), "shutdown", "nosave"], timeout=10, check=False)
        deadline = time.monotonic() + 5
        while _ping(port) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1)
    finally:
        if not _ping(port):
            subprocess.run([*REDIS_START, "--port", str(port)], timeout=10, check=True)
        deadline = time.monotonic() + 15
        while not _ping(port) and time.monotonic() < deadline:
            time.sleep(0.1)
    assert _ping(port), "redis did not come back"
    lost_at = len(fake.received)
    assert lost_at < 200

    tick_until(all_sent(200, fake), "every text after the restart", [worker, sender], timeout=90)
    time.sleep(1)
    assert_each_received_once(fake, phones(users))


# --- (e) a rolled-back RSVP ---------------------------------------------------------------


def test_a_rolled_back_rsvp_sends_nothing(start_worker, fake, broker):
    region, event = make_event(slug="rollback", starts_in=timedelta(days=14))
    [rolled_back, committed] = people(region, 2, prefix="rollback", email=True)
    worker = start_worker()
    sender = start_worker("sender", sender=True)

    def rsvp_then_fail():
        with transaction.atomic():
            household = event_services.HouseholdReply(adults=1)
            event_services.rsvp_submit(event=event, user=rolled_back, going=True, household=household)
            raise RuntimeError("the request failed after the RSVP")

    with pytest.raises(RuntimeError):
        rsvp_then_fail()
    time.sleep(3)  # a live worker has had time to send anything that was queued
    assert fake.received == []
    assert not Message.objects.exists()

    # The same through a commit is sent (the worker was listening).
    event_services.rsvp_submit(
        event=event, user=committed, going=True, household=event_services.HouseholdReply(adults=1)
    )
    wait_until(lambda: len(fake.received) == 1, "the committed RSVP's text", [worker, sender])
    assert [m["to"] for m in fake.received] == list(phones([committed]))


# --- (f) quiet hours ----------------------------------------------------------------------


def test_a_text_in_quiet_hours_waits_for_the_morning_but_the_email_goes(start_worker, fake, broker, tmp_path):
    region, event = make_event(hour=23, slug="night", starts_in=timedelta(days=14))
    [person] = people(region, 1, prefix="night", email=True)
    worker = start_worker()
    sender = start_worker("sender", sender=True)

    event_services.rsvp_submit(event=event, user=person, going=True, household=event_services.HouseholdReply(adults=1))
    text = Message.objects.get(channel=Channel.SMS)
    email = Message.objects.get(channel=Channel.EMAIL)
    wait_until(
        lambda: (
            Message.objects.filter(pk=email.pk, status=MessageStatus.SENT).exists()
            and Message.objects.filter(pk=text.pk, next_attempt_at__gt=timezone.now()).exists()
        ),
        "the email sent and the text deferred",
        [worker, sender],
    )
    assert len(list((tmp_path / "mail").glob("*.log"))) == 1
    text.refresh_from_db()
    assert text.status == MessageStatus.PENDING
    local = timezone.localtime(timezone.now(), region.tzinfo)
    quiet_end = settings.SMS_QUIET_HOURS[1]
    wake = datetime.combine(local.date() + timedelta(days=1), quiet_end, tzinfo=region.tzinfo)
    assert text.next_attempt_at == wake
    beat_tick()  # a beat tick does not send it early
    time.sleep(2)
    assert fake.received == []


# --- (g) STOP then START ------------------------------------------------------------------


def twilio_inbound(client, fake: FakeTwilio, phone: str, body: str) -> None:
    # Every reply has its own MessageSid: a repeated one is ignored as a replay.
    params = {"MessageSid": f"SM{uuid.uuid4().hex}", "AccountSid": fake.account_sid, "From": phone}
    params |= {"To": "+6435550100", "Body": body}
    response = twilio_post(client, settings, "webhook_twilio_inbound", params, token=fake.auth_token)
    assert response.status_code == 200, response.content


def test_stop_suppresses_the_next_text_and_start_lets_the_one_after_through(start_worker, fake, broker, client):
    region, event = make_event(slug="stopstart", starts_in=timedelta(days=14))
    [person] = people(region, 1, prefix="stopstart")
    [phone] = phones([person])
    worker = start_worker()
    sender = start_worker("sender", sender=True)

    twilio_inbound(client, fake, phone, "STOP")
    event_services.rsvp_submit(event=event, user=person, going=True, household=event_services.HouseholdReply(adults=1))
    wait_until(
        lambda: Message.objects.filter(kind="rsvp_confirmed", status=MessageStatus.SUPPRESSED).exists(),
        "the confirmation suppressed",
        [worker, sender],
    )
    assert fake.received == []

    twilio_inbound(client, fake, phone, "START")
    event_services.rsvp_submit(event=event, user=person, going=False, household=event_services.HouseholdReply(adults=1))
    wait_until(lambda: len(fake.received) == 1, "the text after START", [worker, sender])
    [received] = fake.received
    assert received["to"] == phone
    assert Message.objects.get(kind="rsvp_not_going").status == MessageStatus.SENT


# --- (h) two beats at once ----------------------------------------------------------------


def test_two_beat_processes_at_once_send_no_duplicates(start_worker, fake, broker):
    region, event = make_event(slug="beats")
    users = people(region, 150, prefix="beats")
    going(event, users)
    beat_env = {"NOTIFICATIONS_DISPATCH_EVERY_SECONDS": "1"}
    worker = start_worker("worker")
    sender = start_worker("sender", sender=True)
    beats = [start_worker(f"beat{i}", beat=True, env=beat_env) for i in (1, 2)]

    wait_until(all_sent(150, fake), "150 texts", [worker, sender, *beats])
    # Let both beats tick a few more times: nothing more is written or sent.
    wait_until(
        lambda: worker.log.count("notifications.tasks.dispatch[") >= 12, "more beat ticks", [worker, sender, *beats]
    )
    assert all("notifications.tasks.dispatch" in beat.log for beat in beats)
    assert_each_received_once(fake, phones(users))
    assert texts() == 150
