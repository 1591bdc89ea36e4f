"""Event reminders, written as outbox rows when they come due.

Reminders are rows with a due time (``EventReminder.due_at``, kept in step with
the event's start by ``events.services``), claimed by a periodic task, never
far-future Celery ETAs: see ``events.tasks.send_due_reminders``.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from notifications.services import notify

from .models import EventReminder, EventStatus


def reminders_create_due(batch: int = 50) -> int:
    """Write the messages of every reminder that has come due.

    Each reminder is claimed with SELECT … FOR UPDATE SKIP LOCKED and marked
    processed in the same transaction as its messages, so two beat processes
    (or a beat run twice) cannot both write it; the messages' idempotency keys
    (reminder, person, channel) are a second guard. Messages are queued for
    sending when the transaction commits. Returns the number of messages written.
    """
    written = 0
    now = timezone.now()
    while True:
        with transaction.atomic():
            reminders = list(
                EventReminder.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(processed_at__isnull=True, due_at__lte=now)
                .filter(event__status=EventStatus.PUBLISHED, event__starts_at__gt=now)
                .order_by("due_at", "pk")
                .select_related("event", "event__region")[:batch]
            )
            if not reminders:
                return written
            for reminder in reminders:
                channels = {c for c, on in (("email", reminder.by_email), ("sms", reminder.by_sms)) if on}
                # Only households holding places: the waitlisted are not coming (yet).
                rsvps = reminder.event.rsvps.confirmed().select_related("user__caregiver_profile")
                for rsvp in rsvps:
                    written += len(
                        notify(
                            recipient=rsvp.user,
                            kind="event_reminder",
                            key=f"reminder:{reminder.pk}",
                            context={"rsvp": rsvp, "reminder": reminder},
                            event=reminder.event,
                            channels=channels,
                        )
                    )
                reminder.processed_at = timezone.now()
                reminder.save(update_fields=["processed_at"])
