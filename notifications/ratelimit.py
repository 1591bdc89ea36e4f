"""Sending at the provider's rate: one token bucket per provider account, shared by
every worker process and thread.

The bucket lives in Redis (``REDIS_URL``) and is changed only by one Lua script, so
taking a token is atomic across machines and reads one clock (Redis's ``TIME``):

- ``take``: a send *reserves* the next free slot. Tokens refill at the rate and
  hold at most ``burst`` (1: no bursts), so slots are 1/rate apart; when the
  bucket is empty the token is lent against the future and the caller is told how
  long to wait for its slot. A slot further away than the longest wait allowed
  is not reserved at all: the caller defers the text instead (sending.py). A
  caller that wakes too late for its slot takes another (``wait_for_turn``), and
  the bucket's rate is a hair under SMS_RATE_PER_SECOND to make room for that
  tolerance: no one-second window at the provider sees more than the setting.
- ``slow``: the provider answered 429. The rate halves (not below ``floor``) and
  climbs back to the configured rate in a straight line over the recovery time.
  Requests in flight together fail together: 429s within a second of a halving
  count as the same one.

The key is derived from the backend's class and its account or key *id*
(``BaseSmsBackend.rate_limit_account``), never a secret. Without ``REDIS_URL``
(development: LocMem cache, filesystem broker) each process keeps a bucket of its
own with the same rules: enough for one worker on a laptop, not a shared limit.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Protocol

import redis
from django.conf import settings

from .sms import BaseSmsBackend

logger = logging.getLogger(__name__)

KEY_PREFIX = "sms-rate"
BURST = 1  # tokens an idle bucket holds: one send at once, then one every 1/rate seconds
FLOOR_PER_SECOND = 1.0  # a 429 never slows the bucket below this
SLOW_DOWN_DEBOUNCE_SECONDS = 1.0  # 429s this close to a halving are the same burst
# A send that wakes later than this after its turn does not go: its turn has passed, and
# going now would crowd the turns after it (a worker descheduled on a busy machine wakes
# all its threads late together). It takes a new turn instead. So that N a second holds
# in any one-second window, turns are (1 + this) / N seconds apart: a send happens within
# this much of its turn, and any second then holds at most N turns.
LATE_TOLERANCE_SECONDS = 0.02


class Bucket(Protocol):
    def take(self, *, max_wait: float) -> float | None:
        """Reserve the next slot: seconds to wait for it, or None (nothing reserved) if that is over ``max_wait``."""

    def slow_down(self) -> float:
        """A 429: halve the rate (see the module docstring). Returns the new rate."""

    def rate(self) -> float:
        """Tokens a second now (lower than configured while recovering from a 429)."""


# KEYS[1]: the bucket, a hash {tokens, ts, slow_rate, slowed_at}.
# ARGV: op ("take" | "slow" | "rate"), rate, burst, max_wait, recovery, floor, debounce.
# Floats go back as strings: Redis would truncate a Lua number to an integer.
_SCRIPT = """
local op = ARGV[1]
local rate = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local max_wait = tonumber(ARGV[4])
local recovery = tonumber(ARGV[5])
local floor = tonumber(ARGV[6])
local debounce = tonumber(ARGV[7])

-- tostring keeps 14 digits: 100 µs of a Unix time. Keep microseconds.
local function fmt(x) return string.format('%.6f', x) end

local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts', 'slow_rate', 'slowed_at')
local tokens = tonumber(state[1]) or burst
local ts = tonumber(state[2]) or now
local slow_rate = tonumber(state[3])
local slowed_at = tonumber(state[4])

-- After a 429 the rate restarts at slow_rate and climbs linearly back to rate.
local function rate_at(when)
  if slow_rate and slowed_at and recovery > 0 then
    local done = (when - slowed_at) / recovery
    if done < 1 then
      if done < 0 then done = 0 end
      return slow_rate + (rate - slow_rate) * done
    end
  end
  return rate
end

-- Refill since the last call at the average rate over the interval (exact for a line).
local current = rate_at(now)
if now > ts then
  tokens = math.min(burst, tokens + (now - ts) * (rate_at(ts) + current) / 2)
end

local result
if op == 'take' then
  tokens = tokens - 1
  local wait = 0
  if tokens < 0 then wait = -tokens / current end
  if wait > max_wait then
    tokens = tokens + 1
    result = {'0', tostring(wait), fmt(now + wait)}
  else
    result = {'1', tostring(wait), fmt(now + wait)}
  end
elseif op == 'slow' then
  if not (slowed_at and now - slowed_at < debounce) then
    slow_rate = math.max(floor, current / 2)
    if slow_rate > current then slow_rate = current end
    slowed_at = now
    current = slow_rate
    redis.call('HSET', KEYS[1], 'slow_rate', fmt(slow_rate), 'slowed_at', fmt(slowed_at))
  end
  result = {'1', tostring(current)}
else
  result = {'1', tostring(current)}
end

redis.call('HSET', KEYS[1], 'tokens', fmt(tokens), 'ts', fmt(now))
-- An idle bucket is full and recovered: let it go.
redis.call('PEXPIRE', KEYS[1], math.ceil((recovery + max_wait + 60) * 1000))
return result
"""


class RedisBucket:
    def __init__(self, client: redis.Redis, key: str, *, rate: float, recovery: float, burst: float = BURST) -> None:
        self.key = key
        self.rate_per_second = rate
        self.recovery = recovery
        self.burst = burst
        # register_script: EVALSHA, and EVAL again if Redis forgot the script (a restart).
        self._script = client.register_script(_SCRIPT)

    def _run(self, op: str, max_wait: float = 0.0) -> list:
        return self._script(
            keys=[self.key],
            args=[
                op,
                repr(float(self.rate_per_second)),
                repr(float(self.burst)),
                repr(float(max_wait)),
                repr(float(self.recovery)),
                repr(FLOOR_PER_SECOND),
                repr(SLOW_DOWN_DEBOUNCE_SECONDS),
            ],
        )

    def take_slot(self, *, max_wait: float) -> tuple[float, float] | None:
        """Like ``take``, with the reserved slot's time on Redis's clock: (wait, slot)."""
        granted, wait, slot = self._run("take", max_wait)
        return (float(wait), float(slot)) if granted in (b"1", "1") else None

    def take(self, *, max_wait: float) -> float | None:
        taken = self.take_slot(max_wait=max_wait)
        return taken[0] if taken else None

    def slow_down(self) -> float:
        return float(self._run("slow")[1])

    def rate(self) -> float:
        return float(self._run("rate")[1])


class LocalBucket:
    """The same bucket in this process only (no REDIS_URL): the script's rules, under a lock."""

    def __init__(self, key: str, *, rate: float, recovery: float, burst: float = BURST) -> None:
        self.key = key
        self.rate_per_second = rate
        self.recovery = recovery
        self.burst = burst
        self._lock = threading.Lock()
        self._tokens = float(burst)
        self._ts = time.monotonic()
        self._slow_rate: float | None = None
        self._slowed_at: float | None = None

    def _rate_at(self, when: float) -> float:
        if self._slow_rate is not None and self._slowed_at is not None and self.recovery > 0:
            done = max((when - self._slowed_at) / self.recovery, 0.0)
            if done < 1:
                return self._slow_rate + (self.rate_per_second - self._slow_rate) * done
        return self.rate_per_second

    def _refill(self) -> tuple[float, float]:
        now = time.monotonic()
        current = self._rate_at(now)
        if now > self._ts:
            self._tokens = min(self.burst, self._tokens + (now - self._ts) * (self._rate_at(self._ts) + current) / 2)
        self._ts = now
        return now, current

    def take(self, *, max_wait: float) -> float | None:
        with self._lock:
            _, current = self._refill()
            wait = max(1 - self._tokens, 0.0) / current
            if wait > max_wait:
                return None
            self._tokens -= 1
            return wait

    def slow_down(self) -> float:
        with self._lock:
            now, current = self._refill()
            if self._slowed_at is not None and now - self._slowed_at < SLOW_DOWN_DEBOUNCE_SECONDS:
                return current
            self._slow_rate = min(max(FLOOR_PER_SECOND, current / 2), current)
            self._slowed_at = now
            return self._slow_rate

    def rate(self) -> float:
        with self._lock:
            return self._refill()[1]


def bucket_key(backend: BaseSmsBackend) -> str:
    """``sms-rate:<backend class>:<account id>``: the class and the account, never a secret."""
    cls = type(backend)
    # A backend of its own that does not derive from BaseSmsBackend gets one bucket for its class.
    account = backend.rate_limit_account() if hasattr(backend, "rate_limit_account") else ""
    return f"{KEY_PREFIX}:{cls.__module__}.{cls.__qualname__}:{account}"


# One Redis client per process (a connection pool its threads share); rebuilt after a fork.
_client: tuple[int, str, redis.Redis] | None = None
_local_buckets: dict[tuple[str, float, float], LocalBucket] = {}
_local_lock = threading.Lock()


def _redis() -> redis.Redis:
    global _client
    url = settings.REDIS_URL
    if _client is None or _client[0] != os.getpid() or _client[1] != url:
        client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=2, health_check_interval=30)
        _client = (os.getpid(), url, client)
    return _client[2]


def bucket_for(backend: BaseSmsBackend) -> Bucket | None:
    """The shared bucket of ``backend``'s account, or None when SMS_RATE_PER_SECOND turns the limit off (≤ 0)."""
    if settings.SMS_RATE_PER_SECOND <= 0:
        return None
    rate = settings.SMS_RATE_PER_SECOND / (1 + LATE_TOLERANCE_SECONDS)
    key = bucket_key(backend)
    recovery = settings.SMS_RATE_RECOVERY_SECONDS
    if settings.REDIS_URL:
        return RedisBucket(_redis(), key, rate=rate, recovery=recovery)
    with _local_lock:
        return _local_buckets.setdefault((key, rate, recovery), LocalBucket(key, rate=rate, recovery=recovery))


def wait_for_turn(backend: BaseSmsBackend) -> bool:
    """Block until this send's slot under the provider's rate, at most SMS_RATE_MAX_WAIT_SECONDS.

    True: send now. False: the wait would be longer (nothing was reserved), or the
    bucket could not be asked (Redis restarting): the caller defers the text.
    """
    bucket = bucket_for(backend)
    if bucket is None:
        return True
    deadline = time.monotonic() + max(settings.SMS_RATE_MAX_WAIT_SECONDS, 0.0)
    while True:
        try:
            wait = bucket.take(max_wait=max(deadline - time.monotonic(), 0.0))
        except redis.RedisError as exc:
            # Sending blind could overrun the provider's limit for every worker at once; the
            # text waits for the dispatcher instead (the broker is this Redis too).
            logger.warning("SMS rate limiter unavailable, deferring: %s", exc)
            return False
        if wait is None:
            return False
        turn = time.monotonic() + wait
        if wait > 0:
            time.sleep(wait)
        if time.monotonic() - turn <= LATE_TOLERANCE_SECONDS:
            return True
        # Woke too late: this turn has passed (see LATE_TOLERANCE_SECONDS); take another.


def slow_down(backend: BaseSmsBackend) -> None:
    """The provider answered 429: every worker sending through this account slows down."""
    bucket = bucket_for(backend)
    if bucket is None:
        return
    try:
        rate = bucket.slow_down()
    except redis.RedisError as exc:
        logger.warning("SMS rate limiter unavailable, could not slow down: %s", exc)
        return
    logger.warning("provider rate limit reached (429): sending at %.1f texts a second for now", rate)
