"""notifications.selectors: the outbox's figures for the operations page."""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from notifications import selectors
from notifications.models import Channel, MessageStatus
from notifications.selectors import BEAT_TICK_CACHE_KEY
from tests.notifications.factories import MessageFactory


def test_an_empty_outbox(db):
    figures = selectors.outbox_figures()

    assert (figures.pending, figures.due, figures.sending, figures.failed, figures.suppressed) == (0, 0, 0, 0, 0)
    assert figures.oldest_pending is None
    assert figures.last_hour == []


def test_counts_by_status_and_the_last_day(db):
    now = timezone.now()
    MessageFactory(status=MessageStatus.SENDING)
    MessageFactory(status=MessageStatus.FAILED)
    MessageFactory(status=MessageStatus.FAILED, created_at=now - timedelta(days=3))
    MessageFactory(status=MessageStatus.SUPPRESSED, created_at=now - timedelta(days=3))
    MessageFactory(status=MessageStatus.DELIVERED)

    figures = selectors.outbox_figures(now=now)

    assert (figures.sending, figures.failed, figures.failed_last_day) == (1, 2, 1)
    assert (figures.suppressed, figures.suppressed_last_day) == (1, 0)


def test_the_oldest_pending_message_and_whether_it_is_due(db):
    now = timezone.now()
    quiet = MessageFactory(created_at=now - timedelta(hours=9), next_attempt_at=now + timedelta(hours=2))
    MessageFactory(created_at=now - timedelta(minutes=1), next_attempt_at=now - timedelta(minutes=1))
    MessageFactory(status=MessageStatus.FAILED, created_at=now - timedelta(days=2))

    figures = selectors.outbox_figures(now=now)

    assert (figures.pending, figures.due) == (2, 1)
    oldest = figures.oldest_pending
    assert (oldest.pk, oldest.age, oldest.due) == (quiet.pk, timedelta(hours=9), False)
    assert (oldest.kind_label, oldest.channel_label) == ("Reminder", "Text message")


def test_the_last_hour_counts_what_workers_took_by_status_and_channel(db):
    now = timezone.now()
    for status, channel in [
        (MessageStatus.SENT, Channel.SMS),
        (MessageStatus.SENT, Channel.SMS),
        (MessageStatus.DELIVERED, Channel.EMAIL),
        (MessageStatus.PENDING, Channel.SMS),  # retrying later
    ]:
        MessageFactory(status=status, channel=channel, claimed_at=now - timedelta(minutes=30))
    MessageFactory(status=MessageStatus.SENT, claimed_at=now - timedelta(hours=2))
    MessageFactory(status=MessageStatus.PENDING)  # never taken

    assert selectors.outbox_figures(now=now).last_hour == [
        ("Waiting to send", 0, 1),
        ("Sent", 0, 2),
        ("Delivered", 1, 0),
    ]


def test_beat_tick_late_after_three_intervals(settings):
    settings.NOTIFICATIONS_DISPATCH_EVERY_SECONDS = 10

    assert selectors.last_beat_tick().late  # never ran
    cache.set(BEAT_TICK_CACHE_KEY, timezone.now() - timedelta(seconds=25), timeout=None)
    assert not selectors.last_beat_tick().late
    cache.set(BEAT_TICK_CACHE_KEY, timezone.now() - timedelta(seconds=31), timeout=None)
    assert selectors.last_beat_tick().late


def test_beat_tick_when_the_cache_does_not_answer(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }

    tick = selectors.last_beat_tick()

    assert (tick.at, tick.readable, tick.late) == (None, False, True)
