"""Sending what is in the outbox: once, never lost.

The life of a message (``Message.status``):

    pending ──claim──▶ sending ──provider accepted──▶ sent ──callback──▶ delivered
       ▲                  │  └─permanent error──▶ failed (SMS → email fallback)
       └──transient error, quiet hours, per-person cap (next_attempt_at later)
    pending ──opted out / number invalid──▶ suppressed

Rules that make "never twice" hold:
- a worker must *claim* a row with a conditional UPDATE (pending → sending);
  a second worker, or the same task delivered twice, finds nothing to claim;
- retries are rows with a later ``next_attempt_at``, picked up by the periodic
  dispatcher, never Celery countdowns or ETAs (Redis would redeliver those after
  its visibility timeout);
- a row stuck in "sending" (its worker was killed mid-send) is reconciled by
  asking the provider whether it arrived (``lookup``), not re-sent blindly.

And "never lost": rows are written in the caller's transaction and queued on
commit; the dispatcher re-queues any pending row whose task went missing (a
Redis restart, a worker killed before it acknowledged), but not those merely
waiting their turn behind a backlog in the send queue.

At the provider's rate: the send task has a queue of its own ("send"), served by
a worker with a thread pool, and each text first takes its turn from the shared
rate limiter (ratelimit.py). A turn more than SMS_RATE_MAX_WAIT_SECONDS away
defers the text (pending again, no attempt counted); a 429 slows every worker down.
"""

from __future__ import annotations

import logging
import random
import smtplib
import zoneinfo
from datetime import datetime, timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Channel, Message, MessageStatus, PhoneNumberStatus
from .phones import mark_number_invalid, sms_opt_out
from .ratelimit import slow_down, wait_for_turn
from .sms import BaseSmsBackend, SmsPermanentError, SmsRateLimited, SmsTransientError, get_sms_backend

logger = logging.getLogger(__name__)


# --- Queueing ---------------------------------------------------------------------


def queue_on_commit(message_ids: list[int], *, stamped: bool = False) -> None:
    """Queue send tasks once the surrounding transaction commits (ids, not objects).

    The rows are stamped as queued (``queued_at``) in the caller's transaction, so
    they become visible already queued: a dispatcher that reads them between the
    commit and the publishing below leaves them to it rather than queueing them
    twice. ``stamped``: the caller created them with ``queued_at`` set (one query fewer).
    A row's stamp is then its creation time: when writing a batch and publishing it
    take longer than NOTIFICATIONS_REQUEUE_AFTER_SECONDS, the dispatcher may queue
    some of it a second time, which the claim makes harmless.
    """
    if not message_ids:
        return
    if not stamped:
        Message.objects.filter(pk__in=message_ids, status=MessageStatus.PENDING).update(queued_at=timezone.now())

    def _queue():
        for i, message_id in enumerate(message_ids):
            try:
                send_message.delay(message_id)
            except Exception:
                # The broker is down (a Redis restart). The rows are committed:
                # the dispatcher queues them on its next run. Failing here would
                # turn the caller's committed RSVP into an error page.
                logger.exception("could not queue messages %s; the dispatcher will", message_ids[i:])
                Message.objects.filter(pk__in=message_ids[i:], status=MessageStatus.PENDING).update(queued_at=None)
                return

    transaction.on_commit(_queue)


# --- Sending one message -----------------------------------------------------------


# The task lives beside the queueing code that calls it (as pretix's mail task
# does), so queueing needs no import from tasks.py. acks_late +
# reject_on_worker_lost: a task whose worker is killed goes back to the queue
# instead of vanishing; the conditional claim in message_send makes the second
# delivery harmless. It is never scheduled with a countdown or ETA. It is routed
# to the "send" queue (CELERY_TASK_ROUTES), whose worker runs a thread pool.
@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_message(message_id: int) -> str:
    return message_send(message_id=message_id)


def message_send(*, message_id: int) -> str:
    """Send one message if it is due and nobody else has it. Returns what happened.

    1. Claim: pending → sending, in one conditional UPDATE (row count 0: not ours).
    2. Apply the rules: opted-out or invalid numbers are suppressed; texts in
       quiet hours and messages over the per-person cap wait (back to pending).
    3. A text waits for its turn under the provider's rate (at most
       SMS_RATE_MAX_WAIT_SECONDS; longer: back to pending, no attempt counted).
    4. Hand it to the email backend or SMS provider, then record the outcome:
       sent; a transient error retries later with backoff (bounded), a 429
       also slows the shared rate limiter down; a permanent error fails it,
       flags the number and falls back to email.
    """
    now = timezone.now()
    claimed = Message.objects.filter(pk=message_id, status=MessageStatus.PENDING, next_attempt_at__lte=now).update(
        status=MessageStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return "not-due"
    message = Message.objects.select_related("recipient__caregiver_profile__region").get(pk=message_id)

    if message.channel == Channel.SMS:
        number = PhoneNumberStatus.objects.filter(phone=message.to).first()
        if number and not number.can_text:
            reason = "The person replied STOP." if number.opted_out_at else "The number cannot receive texts."
            _finish(message, MessageStatus.SUPPRESSED, reason=reason)
            return "suppressed"
        wake = _quiet_hours_end(message, now)
        if wake:
            _defer(message, until=wake, reason=_quiet_hours_reason(), count_attempt=False)
            return "deferred-quiet-hours"
    if _over_cap(message, now):
        _defer(
            message,
            until=now + timedelta(minutes=15),
            reason="Too many messages to this person this hour.",
            count_attempt=False,
        )
        return "deferred-cap"

    sms_backend = get_sms_backend() if message.channel == Channel.SMS else None
    if sms_backend is not None and not wait_for_turn(sms_backend):
        _defer(
            message,
            until=timezone.now() + timedelta(seconds=settings.SMS_RATE_MAX_WAIT_SECONDS),
            reason="Waiting for the provider's rate limit.",
            count_attempt=False,
        )
        return "deferred-rate"

    try:
        provider_id = _deliver(message, sms_backend)
    except SmsRateLimited as exc:
        slow_down(sms_backend)
        return _retry_later(message, exc)
    except SmsPermanentError as exc:
        _sms_failed_permanently(message, exc)
        return "failed"
    except (SmsTransientError, smtplib.SMTPException, OSError) as exc:
        if isinstance(exc, smtplib.SMTPRecipientsRefused):
            _finish(message, MessageStatus.FAILED, reason="The email address was refused.", error=str(exc))
            return "failed"
        return _retry_later(message, exc)
    Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
        status=MessageStatus.SENT, sent_at=timezone.now(), provider_message_id=provider_id[:100], last_error=""
    )
    logger.info("message %s sent (%s, %s)", message.pk, message.channel, message.kind)
    return "sent"


def _deliver(message: Message, sms_backend: BaseSmsBackend | None) -> str:
    if sms_backend is None:
        email = EmailMultiAlternatives(subject=message.subject, body=message.body, to=[message.to])
        email.attach_alternative(
            render_to_string("notifications/email.html", {"message": message, "site_name": settings.SITE_NAME}),
            "text/html",
        )
        email.extra_headers["X-Portal-Message"] = message.idempotency_key
        email.send()
        return f"email:{message.pk}"
    return sms_backend.send(to=message.to, body=message.body, reference=message.idempotency_key).provider_id


def _finish(message: Message, status: str, *, reason: str = "", error: str = "") -> None:
    Message.objects.filter(pk=message.pk).update(status=status, status_reason=reason[:300], last_error=error)


def _defer(message: Message, *, until: datetime, reason: str, count_attempt: bool) -> None:
    Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
        status=MessageStatus.PENDING,
        next_attempt_at=until,
        status_reason=reason,
        queued_at=None,
        attempts=F("attempts") if count_attempt else F("attempts") - 1,
    )


def backoff(attempts: int) -> timedelta:
    """Exponential backoff with jitter, capped well below the broker's visibility timeout."""
    base = settings.NOTIFICATIONS_RETRY_BASE_SECONDS
    cap = settings.NOTIFICATIONS_RETRY_MAX_SECONDS
    delay = min(base * 2 ** max(attempts - 1, 0), cap)
    return timedelta(seconds=delay + random.uniform(0, base))  # noqa: S311  (jitter, not security)


def _retry_later(message: Message, exc: Exception) -> str:
    max_attempts = settings.NOTIFICATIONS_MAX_ATTEMPTS
    if message.attempts >= max_attempts:
        _finish(message, MessageStatus.FAILED, reason=f"Gave up after {message.attempts} attempts.", error=str(exc))
        if message.channel == Channel.SMS:
            email_fallback(message)
        return "failed"
    Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
        status=MessageStatus.PENDING,
        next_attempt_at=timezone.now() + backoff(message.attempts),
        last_error=str(exc)[:2000],
        status_reason="Provider unavailable; will try again.",
        queued_at=None,
    )
    logger.warning("message %s: transient error, will retry: %s", message.pk, exc)
    return "retry"


def _sms_failed_permanently(message: Message, exc: SmsPermanentError) -> None:
    if getattr(exc, "opted_out", False):
        sms_opt_out(message.to)
        reason = "The person has unsubscribed from texts."
    else:
        if getattr(exc, "invalid_number", False):
            mark_number_invalid(message.to, str(exc))
        reason = "The text could not be delivered to this number."
    _finish(message, MessageStatus.FAILED, reason=reason, error=str(exc))
    email_fallback(message)


def email_fallback(failed: Message) -> Message | None:
    """A text that failed for good is sent again by email, once (unless the person has no email channel)."""
    recipient = failed.recipient
    if recipient is None or Message.objects.filter(fallback_for=failed).exists():
        return None
    key = f"{failed.idempotency_key}:fallback-email"
    message, created = Message.objects.get_or_create(
        idempotency_key=key,
        defaults={
            "recipient": recipient,
            "channel": Channel.EMAIL,
            "kind": failed.kind,
            "event": failed.event,
            "to": recipient.email,
            "subject": f"{settings.SITE_NAME}: a message we could not text you",
            "body": f"We tried to text you this but could not:\n\n{failed.body}\n",
            "fallback_for": failed,
            "queued_at": timezone.now(),
        },
    )
    if created:
        queue_on_commit([message.pk], stamped=True)
    return message


def recipient_timezone(message: Message) -> zoneinfo.ZoneInfo:
    profile = getattr(message.recipient, "caregiver_profile", None) if message.recipient else None
    if profile is not None and profile.region_id:
        return profile.region.tzinfo
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _quiet_hours_end(message: Message, now: datetime) -> datetime | None:
    """When quiet hours end for this recipient, or None if it is not quiet now."""
    if settings.SMS_QUIET_HOURS is None:
        return None
    quiet_start, quiet_end = settings.SMS_QUIET_HOURS
    tz = recipient_timezone(message)
    local = timezone.localtime(now, tz)
    if quiet_end <= local.time() < quiet_start:
        return None
    wake_day = local.date() if local.time() < quiet_end else local.date() + timedelta(days=1)
    return datetime.combine(wake_day, quiet_end, tzinfo=tz)


def _quiet_hours_reason() -> str:
    quiet_start, quiet_end = settings.SMS_QUIET_HOURS
    return f"Quiet hours (no texts {quiet_start:%H:%M}–{quiet_end:%H:%M})."


def _over_cap(message: Message, now: datetime) -> bool:
    """A burst of changes must not become a flood: at most N messages per person per hour and channel."""
    cap = settings.NOTIFICATIONS_HOURLY_CAP
    if message.recipient_id is None or message.kind in URGENT_KINDS:
        return False
    recent = Message.objects.filter(
        recipient_id=message.recipient_id,
        channel=message.channel,
        status__in=[MessageStatus.SENT, MessageStatus.DELIVERED],
        sent_at__gte=now - timedelta(hours=1),
    ).count()
    return recent >= cap


# Never held back by the cap: the person needs to know now.
URGENT_KINDS = {"event_cancelled", "invitation", "invitation_existing_account"}


# --- The periodic dispatcher -------------------------------------------------------------


def dispatch_due() -> dict:
    """What celery beat runs every minute. Each step is safe to run twice or in two
    processes at once.

    1. Reconcile messages stuck in "sending" (their worker died mid-send).
    2. Queue pending messages that are due and have no live task (retries,
       deferred texts, tasks lost with Redis or a killed worker).

    Old bodies and phone numbers are purged by the daily retention task (notifications/retention.py).
    Apps that write scheduled messages (event reminders) have beat entries of
    their own; the rows they write are queued on commit, or here if that failed.
    """
    return {
        "reconciled": reconcile_stuck(),
        "queued": queue_due(),
    }


def queue_due(limit: int = 5000) -> int:
    """Queue pending rows that are due and have no live task. Safe in two dispatchers at once.

    1. Rows never queued, or put back to pending (a retry, a deferral): queued.
    2. Rows queued more than NOTIFICATIONS_REQUEUE_AFTER_SECONDS ago and still
       pending: their task may be lost (a Redis restart, tasks a killed worker had
       taken) or may still be waiting behind a backlog (10,000 reminders take
       minutes at the provider's rate). The send queue is first in, first out, so
       the tasks still waiting are those of the most recently queued rows: with N
       tasks waiting, only rows older than the newest N are queued again.
    3. Claimed with SELECT … FOR UPDATE SKIP LOCKED and stamped with the queue
       time in one transaction, so a second dispatcher neither waits for these rows
       nor queues them too; the tasks are published after the commit.
    """
    now = timezone.now()
    stale = now - timedelta(seconds=settings.NOTIFICATIONS_REQUEUE_AFTER_SECONDS)
    due = Message.objects.filter(status=MessageStatus.PENDING, next_attempt_at__lte=now)
    with transaction.atomic():
        ids = list(
            due.filter(queued_at__isnull=True)
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        lost = _lost_count()
        if lost and len(ids) < limit:
            ids += list(
                due.filter(queued_at__lt=stale)
                .select_for_update(skip_locked=True)
                .order_by("queued_at", "pk")
                .values_list("pk", flat=True)[: min(lost, limit - len(ids))]
            )
        if ids:
            Message.objects.filter(pk__in=ids).update(queued_at=now)

            def _publish():
                for message_id in ids:
                    send_message.delay(message_id)

            transaction.on_commit(_publish)
    return len(ids)


def _lost_count() -> int:
    """How many queued, still pending rows cannot have a task waiting in the send queue."""
    queued = Message.objects.filter(status=MessageStatus.PENDING, queued_at__isnull=False).count()
    if not queued:
        return 0
    waiting = send_queue_length()
    return queued if waiting is None else max(queued - waiting, 0)


def send_queue_length() -> int | None:
    """Tasks waiting in the send queue (not yet taken by a worker), or None if the broker does not say."""
    try:
        with send_message.app.connection_for_read() as conn:
            channel = conn.default_channel
            try:
                return channel.queue_declare(queue=settings.SEND_QUEUE, passive=True).message_count
            except conn.channel_errors:
                return 0  # no such queue yet: nothing waiting
    except Exception:
        logger.exception("could not ask the broker how long the send queue is")
        return None


def reconcile_stuck() -> int:
    """Messages claimed long ago but never finished: ask the provider.

    Found → sent. Not found → pending again (it never left). A provider that
    cannot be asked (email over SMTP) → pending again: a rare duplicate email is
    better than a lost one; texts, which can be asked, are never sent twice.
    """
    # Never while the send may still be in flight (a text waits up to
    # SMS_RATE_MAX_WAIT_SECONDS for its turn, then each provider request times out
    # after SMS_TIMEOUT): the provider would not know it yet, and it would be sent twice.
    stuck_after = max(
        settings.NOTIFICATIONS_STUCK_AFTER_SECONDS, 3 * settings.SMS_TIMEOUT + settings.SMS_RATE_MAX_WAIT_SECONDS
    )
    cutoff = timezone.now() - timedelta(seconds=stuck_after)
    stuck = list(Message.objects.filter(status=MessageStatus.SENDING, claimed_at__lt=cutoff)[:1000])
    for message in stuck:
        provider_id = None
        if message.channel == Channel.SMS:
            backend = get_sms_backend()
            lookup = getattr(backend, "lookup", None)
            try:
                provider_id = (
                    lookup(
                        reference=message.idempotency_key, to=message.to, body=message.body, since=message.created_at
                    )
                    if lookup
                    else None
                )
            except SmsTransientError:
                continue  # ask again next minute
        if provider_id:
            Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
                status=MessageStatus.SENT, sent_at=timezone.now(), provider_message_id=provider_id[:100]
            )
        else:
            Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
                status=MessageStatus.PENDING, queued_at=None, status_reason="Sending was interrupted; trying again."
            )
    return len(stuck)


def purge_old(now: datetime | None = None) -> int:
    """Bodies and addresses go after settings.RETENTION["notifications.message_bodies"];
    status metadata stays. A message still waiting or being sent keeps them until it is done."""
    now = now or timezone.now()
    cutoff = now - settings.RETENTION["notifications.message_bodies"]
    return (
        Message.objects.filter(created_at__lt=cutoff, purged_at__isnull=True)
        .exclude(status__in=[MessageStatus.PENDING, MessageStatus.SENDING])
        .update(body="", to="", purged_at=now)
    )
