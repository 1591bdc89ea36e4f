"""The shared SMS rate limiter (notifications/ratelimit.py) against real Redis: the
bucket's bound across threads and processes, a 429's slow-down and recovery, the
wait bound that defers a text without counting an attempt, and keys without secrets."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.utils import timezone

from notifications import ratelimit, sending
from notifications.checks import sms_rate_limit_makes_sense
from notifications.models import MessageStatus
from notifications.ratelimit import LocalBucket, RedisBucket, bucket_for, bucket_key
from notifications.sms import LocmemSmsBackend, NotifySmsBackend, SmsRateLimited, TwilioSmsBackend
from tests.accounts.factories import CaregiverFactory
from tests.notifications.factories import PHONE, MessageFactory

needs_redis = pytest.mark.skipif(not settings.REDIS_URL, reason="needs a real Redis (REDIS_URL)")
BASE_DIR = Path(__file__).resolve().parents[2]

# A process of its own taking tokens as fast as it can from the same bucket (argv: url, key, rate, seconds):
# it says when it is ready, then reads the start time from stdin.
TAKER = """
import json, sys, time
import redis
from notifications.ratelimit import RedisBucket
url, key, rate, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
bucket = RedisBucket(redis.Redis.from_url(url), key, rate=rate, recovery=60)
print("ready", flush=True)
start = float(sys.stdin.readline())
while time.time() < start:
    time.sleep(0.001)
granted = 0
while time.time() < start + seconds:
    if bucket.take(max_wait=0) is not None:
        granted += 1
print(json.dumps({"granted": granted, "ended": time.time()}))
"""


def redis_bucket(rate: float, recovery: float = 60) -> RedisBucket:
    return RedisBucket(
        redis.Redis.from_url(settings.REDIS_URL), f"test-bucket:{uuid.uuid4()}", rate=rate, recovery=recovery
    )


@needs_redis
def test_the_bucket_never_grants_more_than_rate_times_time_plus_burst_across_threads_and_processes():
    rate, seconds, threads = 100.0, 1.5, 6
    bucket = redis_bucket(rate)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "peersupport.settings_test"}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", TAKER, settings.REDIS_URL, bucket.key, str(rate), str(seconds)],
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for process in processes:
        assert process.stdout.readline().strip() == "ready"
    start = time.time() + 0.3
    for process in processes:
        process.stdin.write(f"{start}\n")
        process.stdin.flush()
    granted = []
    ended = []

    def take():
        mine = 0
        while time.time() < start:
            time.sleep(0.001)
        while time.time() < start + seconds:
            if bucket.take(max_wait=0) is not None:
                mine += 1
        granted.append(mine)
        ended.append(time.time())

    workers = [threading.Thread(target=take) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    for process in processes:
        out, _ = process.communicate(timeout=30)
        result = json.loads(out)
        granted.append(result["granted"])
        ended.append(result["ended"])

    assert all(granted[threads:]), "each process got tokens too"
    elapsed = max(ended) - start  # at least as long as Redis's clock ran between the first and last take
    total = sum(granted)
    assert total <= rate * elapsed + ratelimit.BURST
    assert total >= 0.5 * rate * seconds, "the bucket grants about its rate when asked often enough"


@needs_redis
def test_turns_reserved_ahead_are_spaced_at_the_rate():
    rate = 50.0
    bucket = redis_bucket(rate)
    times: list[float] = []  # each send's slot, on Redis's clock
    lock = threading.Lock()

    def send(n: int):
        for _ in range(n):
            wait, slot = bucket.take_slot(max_wait=5)
            time.sleep(wait)
            with lock:
                times.append(slot)

    threads = [threading.Thread(target=send, args=(10,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    times.sort()
    # 80 sends at 50 a second with a burst of 1: 79 gaps of at least 20 ms.
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 1 / rate - 1e-6
    most_in_a_second = max(sum(1 for t in times if a <= t < a + 1) for a in times)
    assert most_in_a_second <= rate


@needs_redis
def test_a_turn_beyond_the_longest_wait_is_refused_and_reserves_nothing():
    bucket = redis_bucket(rate=10)
    assert bucket.take(max_wait=0) == 0  # the one token an idle bucket holds
    assert bucket.take(max_wait=0.05) is None  # the next is 0.1 s away
    assert bucket.take(max_wait=0.05) is None
    wait = bucket.take(max_wait=1)
    assert wait == pytest.approx(0.1, abs=0.02)  # the refusals did not push it back


@needs_redis
def test_a_429_halves_the_rate_once_per_burst_and_it_recovers_in_a_straight_line():
    bucket = redis_bucket(rate=40, recovery=2)
    assert bucket.rate() == 40
    assert bucket.slow_down() == pytest.approx(20)
    assert bucket.slow_down() == pytest.approx(20, abs=0.5)  # in flight together: the same 429s
    time.sleep(1.1)
    assert 29 <= bucket.rate() <= 33  # halfway back: 20 + 20 × 1.1 / 2
    time.sleep(2.1)
    assert bucket.rate() == 40


@needs_redis
def test_a_429_never_slows_the_bucket_below_the_floor():
    bucket = redis_bucket(rate=1.5, recovery=60)
    assert bucket.slow_down() == ratelimit.FLOOR_PER_SECOND


def test_the_local_bucket_has_the_same_rules():
    bucket = LocalBucket("local", rate=10, recovery=2)
    assert bucket.take(max_wait=0) == 0
    assert bucket.take(max_wait=0.05) is None
    assert bucket.take(max_wait=1) == pytest.approx(0.1, abs=0.02)
    assert bucket.slow_down() == pytest.approx(5, abs=0.2)


def test_without_redis_each_process_has_a_bucket_of_its_own(settings):
    settings.REDIS_URL = ""
    backend = LocmemSmsBackend()
    bucket = bucket_for(backend)
    assert isinstance(bucket, LocalBucket)
    assert bucket_for(backend) is bucket


def test_a_send_that_wakes_too_late_for_its_turn_takes_another(settings, monkeypatch):
    settings.REDIS_URL = ""
    settings.SMS_RATE_PER_SECOND = 10
    backend = LocmemSmsBackend()
    bucket_for(backend).take(max_wait=0)  # the idle bucket's token is gone: the next turn is 0.1 s away
    slept = []
    sleep = time.sleep

    def late_the_first_time(seconds):
        slept.append(seconds)
        sleep(seconds + (0.05 if len(slept) == 1 else 0))  # descheduled for 50 ms

    monkeypatch.setattr(ratelimit.time, "sleep", late_the_first_time)
    assert ratelimit.wait_for_turn(backend) is True
    assert len(slept) == 2, "the late turn was given up and a new one taken"


def test_turns_leave_room_for_the_late_tolerance_so_no_second_holds_more_than_the_rate(settings):
    settings.SMS_RATE_PER_SECOND = 50
    bucket = bucket_for(LocmemSmsBackend())
    spacing = (1 + ratelimit.LATE_TOLERANCE_SECONDS) / 50
    # A send happens within the tolerance of its turn: a second holds the turns of 1 s + tolerance.
    assert int((1 + ratelimit.LATE_TOLERANCE_SECONDS) / spacing) <= 50
    assert bucket.rate_per_second == pytest.approx(50 / (1 + ratelimit.LATE_TOLERANCE_SECONDS))


def test_a_rate_of_zero_turns_the_limiter_off(settings):
    settings.SMS_RATE_PER_SECOND = 0
    assert bucket_for(LocmemSmsBackend()) is None
    assert ratelimit.wait_for_turn(LocmemSmsBackend()) is True


# --- Keys ----------------------------------------------------------------------------


def test_the_twilio_key_names_the_account_and_sender_never_the_auth_token(fake_twilio, settings):
    key = bucket_key(TwilioSmsBackend())
    assert key == f"sms-rate:notifications.sms.TwilioSmsBackend:{settings.TWILIO_ACCOUNT_SID}:{settings.TWILIO_FROM}"
    assert settings.TWILIO_AUTH_TOKEN not in key


def test_the_notify_key_names_the_api_key_never_its_secret(fake_notify, settings):
    key = bucket_key(NotifySmsBackend())
    secret = settings.NOTIFY_API_KEY[-36:]
    service_id = settings.NOTIFY_API_KEY[-73:-37]
    assert secret not in key
    assert service_id in key
    assert key.startswith("sms-rate:notifications.sms.NotifySmsBackend:peersupport_test-")


# --- In the sender ---------------------------------------------------------------------


@pytest.fixture
def text(wellington):
    person = CaregiverFactory(region=wellington, contact_by_sms=True, phone=PHONE, sms_consent_at=timezone.now()).user
    return MessageFactory(recipient=person, next_attempt_at=timezone.now() - timedelta(seconds=1))


@pytest.fixture
def no_quiet_hours(settings):
    settings.SMS_QUIET_HOURS = None


def test_a_text_whose_turn_is_too_far_away_is_deferred_without_counting_an_attempt(text, settings, no_quiet_hours):
    settings.SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    settings.SMS_RATE_PER_SECOND = 1
    settings.SMS_RATE_MAX_WAIT_SECONDS = 0.2
    LocmemSmsBackend.outbox.clear()
    assert bucket_for(LocmemSmsBackend()).take(max_wait=0) == 0  # someone else took this second's token

    assert sending.message_send(message_id=text.pk) == "deferred-rate"
    text.refresh_from_db()
    assert text.status == MessageStatus.PENDING
    assert text.attempts == 0
    assert text.queued_at is None  # the dispatcher queues it again
    assert timezone.now() < text.next_attempt_at <= timezone.now() + timedelta(seconds=1)
    assert LocmemSmsBackend.outbox == []


def test_a_text_is_deferred_when_the_limiter_cannot_be_asked(text, settings, no_quiet_hours):
    settings.SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens
    assert sending.message_send(message_id=text.pk) == "deferred-rate"
    text.refresh_from_db()
    assert (text.status, text.attempts) == (MessageStatus.PENDING, 0)


@needs_redis
def test_a_429_from_the_provider_slows_every_sender_down_and_retries_the_text(
    text, fake_notify, settings, no_quiet_hours
):
    fake_notify.fail_next(1, status=429)
    assert sending.message_send(message_id=text.pk) == "retry"
    text.refresh_from_db()
    assert (text.status, text.attempts) == (MessageStatus.PENDING, 1)
    assert "429" in text.last_error
    assert bucket_for(NotifySmsBackend()).rate() == pytest.approx(settings.SMS_RATE_PER_SECOND / 2, rel=0.05)


@pytest.mark.parametrize("backend_fixture", ["fake_twilio", "fake_notify"])
def test_both_providers_report_a_429_as_rate_limited(backend_fixture, request):
    fake = request.getfixturevalue(backend_fixture)
    fake.fail_next(1, status=429)
    backend = TwilioSmsBackend() if backend_fixture == "fake_twilio" else NotifySmsBackend()
    with pytest.raises(SmsRateLimited):
        backend.send(to=PHONE, body="Hello", reference="ref-429")


def test_checks_warn_about_a_rate_limit_that_makes_no_sense(settings):
    assert sms_rate_limit_makes_sense(None) == []
    settings.SMS_RATE_PER_SECOND = 0
    settings.SMS_RATE_MAX_WAIT_SECONDS = -1
    settings.SMS_RATE_RECOVERY_SECONDS = -5
    assert [w.id for w in sms_rate_limit_makes_sense(None)] == [
        "notifications.W007",
        "notifications.W008",
        "notifications.W009",
    ]
