"""The outbox sender: claim once, send once, retry later, defer in quiet hours, fall back to email."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from notifications import sending
from notifications.inbound import message_status_update
from notifications.models import Channel, Message, MessageStatus, PhoneNumberStatus
from notifications.sms import LocmemSmsBackend, SmsPermanentError, SmsTransientError
from tests.accounts.factories import CaregiverFactory
from tests.notifications.factories import PHONE, MessageFactory

NZ = zoneinfo.ZoneInfo("Pacific/Auckland")
NOON_NZ = dt.datetime(2026, 12, 2, 12, 0, tzinfo=NZ)


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    LocmemSmsBackend.outbox.clear()
    yield
    LocmemSmsBackend.outbox.clear()


@pytest.fixture
def person(wellington):
    return CaregiverFactory(region=wellington, contact_by_sms=True, phone=PHONE, sms_consent_at=timezone.now()).user


def make_message(person, channel=Channel.SMS, **fields) -> Message:
    """A reminder to ``person`` by ``channel``, due a second ago."""
    defaults = {"next_attempt_at": timezone.now() - timedelta(seconds=1)}
    return MessageFactory(recipient=person, channel=channel, **(defaults | fields))


class FlakySms:
    """An SMS backend that raises what it is told to (tests swap it in through settings)."""

    error: Exception | None = None

    def send(self, *, to, body, reference):
        if FlakySms.error:
            raise FlakySms.error
        return LocmemSmsBackend().send(to=to, body=body, reference=reference)


@pytest.fixture
def flaky_sms(settings):
    settings.SMS_BACKEND = "tests.notifications.test_sending.FlakySms"
    FlakySms.error = None
    yield FlakySms
    FlakySms.error = None


@pytest.fixture
def freeze():
    """``freeze(moment)``: the clock reads ``moment`` (and ticks on) until the test ends."""
    travellers = []

    def _freeze(moment):
        if travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(moment, tick=True)
        traveller.start()
        travellers.append(traveller)

    yield _freeze
    for traveller in travellers:
        traveller.stop()


@pytest.fixture
def time_machine_noon(freeze):
    """Midday in New Zealand: outside quiet hours whatever the real clock says."""
    freeze(NOON_NZ)


def test_a_text_is_sent_once_even_if_the_task_runs_twice(person, time_machine_noon):
    message = make_message(person)
    assert sending.message_send(message_id=message.pk) == "sent"
    assert sending.message_send(message_id=message.pk) == "not-due"
    assert len(LocmemSmsBackend.outbox) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.sent_at is not None
    assert message.attempts == 1


def test_email_has_plain_text_and_html_parts(person, time_machine_noon):
    message = make_message(person, channel=Channel.EMAIL, body="Kia ora,\n\nSee https://example.org/e/1\n")
    assert sending.message_send(message_id=message.pk) == "sent"
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.body.startswith("Kia ora")
    html, mimetype = sent.alternatives[0]
    assert mimetype == "text/html"
    assert '<a href="https://example.org/e/1"' in html


def test_transient_errors_retry_later_with_growing_backoff_then_give_up(person, flaky_sms, settings, time_machine_noon):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    FlakySms.error = SmsTransientError("provider returned 500")
    message = make_message(person)
    waits = []
    for _ in range(2):
        assert sending.message_send(message_id=message.pk) == "retry"
        message.refresh_from_db()
        assert message.status == MessageStatus.PENDING
        waits.append(message.next_attempt_at - timezone.now())
        Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert waits[1] > waits[0] - timedelta(seconds=30)  # grows (jitter is at most the base)
    assert all(w < timedelta(seconds=settings.NOTIFICATIONS_RETRY_MAX_SECONDS + 60) for w in waits)
    assert sending.message_send(message_id=message.pk) == "failed"
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    # The failed text falls back to email.
    fallback = Message.objects.get(fallback_for=message)
    assert fallback.channel == Channel.EMAIL
    assert fallback.to == person.email


def test_backoff_is_capped_below_the_visibility_timeout(settings):
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 30
    settings.NOTIFICATIONS_RETRY_MAX_SECONDS = 1800
    assert sending.backoff(1) < timedelta(seconds=61)
    assert sending.backoff(50) <= timedelta(seconds=1830)
    assert timedelta(seconds=1830) < timedelta(
        seconds=settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    )


def test_invalid_number_fails_flags_the_number_and_falls_back_to_email(person, flaky_sms, time_machine_noon):
    FlakySms.error = SmsPermanentError("21211 not a valid phone number", invalid_number=True)
    message = make_message(person)
    assert sending.message_send(message_id=message.pk) == "failed"
    assert PhoneNumberStatus.objects.get(phone=person.caregiver_profile.phone).invalid_at is not None
    assert Message.objects.filter(fallback_for=message, channel=Channel.EMAIL).count() == 1
    # The next text to that number is not attempted.
    FlakySms.error = None
    later = make_message(person)
    assert sending.message_send(message_id=later.pk) == "suppressed"
    assert LocmemSmsBackend.outbox == []


def test_opted_out_numbers_are_suppressed_not_sent(person, time_machine_noon):
    PhoneNumberStatus.objects.create(phone=person.caregiver_profile.phone, opted_out_at=timezone.now())
    message = make_message(person)
    assert sending.message_send(message_id=message.pk) == "suppressed"
    message.refresh_from_db()
    assert message.status == MessageStatus.SUPPRESSED
    assert "STOP" in message.status_reason
    assert LocmemSmsBackend.outbox == []


@pytest.mark.parametrize(
    ("local_time", "wakes"),
    [
        (dt.datetime(2026, 12, 2, 21, 30, tzinfo=NZ), dt.datetime(2026, 12, 3, 8, 0, tzinfo=NZ)),
        (dt.datetime(2026, 12, 3, 6, 15, tzinfo=NZ), dt.datetime(2026, 12, 3, 8, 0, tzinfo=NZ)),
    ],
    ids=["evening", "early-morning"],
)
def test_texts_wait_for_the_end_of_quiet_hours(person, freeze, local_time, wakes):
    freeze(local_time)
    message = make_message(person, next_attempt_at=local_time - timedelta(seconds=1))
    assert sending.message_send(message_id=message.pk) == "deferred-quiet-hours"
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING
    assert message.next_attempt_at == wakes
    assert message.attempts == 0
    assert LocmemSmsBackend.outbox == []
    # Emails are not held back.
    email = make_message(person, channel=Channel.EMAIL, next_attempt_at=local_time - timedelta(seconds=1))
    assert sending.message_send(message_id=email.pk) == "sent"
    # At 8am the text goes.
    freeze(wakes)
    assert sending.message_send(message_id=message.pk) == "sent"


def test_a_burst_is_capped_per_person(person, settings, time_machine_noon):
    settings.NOTIFICATIONS_HOURLY_CAP = 2
    results = [sending.message_send(message_id=make_message(person, kind="event_changed").pk) for _ in range(3)]
    assert results == ["sent", "sent", "deferred-cap"]
    assert len(LocmemSmsBackend.outbox) == 2


def test_a_message_stuck_in_sending_is_asked_about_not_resent(person, settings, time_machine_noon):
    message = make_message(person, status=MessageStatus.SENDING, claimed_at=timezone.now() - timedelta(hours=1))
    assert sending.reconcile_stuck() == 1
    message.refresh_from_db()
    # The locmem backend cannot be asked, so the text goes back to pending to be sent.
    assert message.status == MessageStatus.PENDING


def test_queue_due_requeues_only_rows_without_a_live_task(
    person, settings, time_machine_noon, django_capture_on_commit_callbacks
):
    # Tasks other tests published wait in this broker's send queue unless a worker took
    # them: counted as live, they would hide the lost row.
    with sending.send_message.app.connection_for_write() as conn:
        conn.default_channel.queue_purge(settings.SEND_QUEUE)
    fresh = make_message(person, queued_at=timezone.now())
    lost = make_message(person, queued_at=timezone.now() - timedelta(hours=1))
    never = make_message(person)
    later = make_message(person, next_attempt_at=timezone.now() + timedelta(hours=1))
    assert sending.queue_due() == 2
    queued = set(
        Message.objects.filter(queued_at__gte=timezone.now() - timedelta(seconds=5)).values_list("pk", flat=True)
    )
    assert {lost.pk, never.pk} <= queued
    assert later.pk not in queued
    assert fresh.pk in queued  # it was queued a moment ago and is left alone


def test_old_bodies_and_numbers_are_purged_but_status_kept(person, time_machine_noon):
    old = make_message(person, status=MessageStatus.DELIVERED, created_at=timezone.now() - timedelta(days=31))
    recent = make_message(person, status=MessageStatus.SENT)
    assert sending.purge_old() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.body, old.to, old.status) == ("", "", MessageStatus.DELIVERED)
    assert old.purged_at is not None
    assert recent.body != ""


def test_a_failed_delivery_report_for_a_text_falls_back_to_email(person, time_machine_noon):
    message = make_message(person, status=MessageStatus.SENT, provider_message_id="SM123")
    assert message_status_update(provider_message_id="SM123", status=MessageStatus.FAILED, error="30003")
    assert message_status_update(provider_message_id="SM123", status=MessageStatus.FAILED, error="30003") is False
    assert Message.objects.filter(fallback_for=message, channel=Channel.EMAIL).count() == 1


def test_a_send_that_may_still_be_in_flight_is_not_reconciled(person, settings, time_machine_noon):
    settings.NOTIFICATIONS_STUCK_AFTER_SECONDS = 1
    settings.SMS_TIMEOUT = 10  # the provider may still be answering for 3 × 10 s
    message = make_message(person, status=MessageStatus.SENDING, claimed_at=timezone.now() - timedelta(seconds=20))
    assert sending.reconcile_stuck() == 0
    message.refresh_from_db()
    assert message.status == MessageStatus.SENDING


def test_a_broker_outage_at_commit_leaves_the_message_for_the_dispatcher(
    person, monkeypatch, time_machine_noon, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(sending.send_message, "delay", broker_down)
    message = make_message(person)
    with django_capture_on_commit_callbacks(execute=True):
        sending.queue_on_commit([message.pk])  # does not raise into the caller's request
    message.refresh_from_db()
    # Pending and not queued: the dispatcher's next run (queue_due) picks it up at once.
    assert (message.status, message.queued_at) == (MessageStatus.PENDING, None)


def test_quiet_hours_can_be_switched_off(person, freeze, settings):
    settings.SMS_QUIET_HOURS = None
    late = dt.datetime(2026, 12, 2, 23, 0, tzinfo=NZ)
    freeze(late)
    message = make_message(person, next_attempt_at=late - timedelta(seconds=1))
    assert sending.message_send(message_id=message.pk) == "sent"
