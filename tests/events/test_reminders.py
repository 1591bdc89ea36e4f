"""Reminders are rows with due times, written once by the periodic scan."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from events import services as event_services
from events.models import EventReminder, EventStatus
from events.reminders import reminders_create_due
from notifications.models import Channel, Message
from notifications.services import fit_text
from notifications.sms import is_gsm7, sms_segments
from tests.accounts.factories import CaregiverFactory


def make_event(social_worker, wellington, *, starts_in: timedelta, **fields):
    start = timezone.now() + starts_in
    return event_services.event_create(
        created_by=social_worker,
        title=fields.pop("title", "Coffee morning"),
        kind="coffee_morning",
        audience="region",
        region=wellington,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        venue_name=fields.pop("venue_name", "Petone Library"),
        status=EventStatus.PUBLISHED,
        **fields,
    )


def going(event, wellington, n: int, *, sms: bool = True):
    people = []
    for i in range(n):
        profile = CaregiverFactory(
            region=wellington,
            contact_by_sms=sms,
            phone=f"+6421555{i:04d}" if sms else "",
            sms_consent_at=timezone.now() if sms else None,
        )
        event_services.rsvp_submit(
            event=event,
            user=profile.user,
            going=True,
            household=event_services.HouseholdReply(adults=1, children_5_11=1),
        )
        people.append(profile.user)
    return people


def reminder_messages():
    return Message.objects.filter(kind="event_reminder")


def test_new_events_get_the_default_reminders(social_worker, wellington):
    event = make_event(social_worker, wellington, starts_in=timedelta(days=30))
    offsets = {(r.minutes_before, r.by_email, r.by_sms) for r in event.reminders.all()}
    assert offsets == {(7 * 24 * 60, True, False), (24 * 60, True, True)}
    day_before = event.reminders.get(minutes_before=24 * 60)
    assert day_before.due_at == event.starts_at - timedelta(days=1)


def test_due_reminders_are_written_once_per_person_and_channel(social_worker, wellington):
    event = make_event(social_worker, wellington, starts_in=timedelta(hours=20))  # the 24-hour one is due
    people = going(event, wellington, 3)
    assert reminders_create_due() == 9  # 3 people × (24-hour email + text, and the overdue 7-day email)
    assert reminders_create_due() == 0  # running the scan again writes nothing
    day_before = reminder_messages().filter(
        idempotency_key__startswith=f"reminder:{event.reminders.get(minutes_before=1440).pk}:"
    )
    assert day_before.count() == 6
    assert set(day_before.values_list("recipient", flat=True)) == {p.pk for p in people}


def test_reminders_not_yet_due_wait(social_worker, wellington):
    event = make_event(social_worker, wellington, starts_in=timedelta(days=3))
    going(event, wellington, 2)
    assert reminders_create_due() == 2  # the 7-day email only
    assert set(reminder_messages().values_list("channel", flat=True)) == {Channel.EMAIL}


def test_waitlisted_and_not_going_people_get_no_reminder(social_worker, wellington):
    event = make_event(social_worker, wellington, starts_in=timedelta(hours=20), capacity=2)
    first, second = going(event, wellington, 2, sms=False)  # the first household fills it; the second waits
    assert reminders_create_due() == 2  # the first household's 7-day and 24-hour emails
    assert set(reminder_messages().values_list("recipient", flat=True)) == {first.pk}


def test_moving_the_event_later_reschedules_its_reminders(social_worker, wellington):
    event = make_event(social_worker, wellington, starts_in=timedelta(hours=20))
    going(event, wellington, 1, sms=False)
    reminders_create_due()
    event.starts_at += timedelta(days=10)
    event.ends_at += timedelta(days=10)
    event_services.event_update(event=event, changed=["starts_at", "ends_at"])
    reminder = event.reminders.get(minutes_before=24 * 60)
    assert reminder.processed_at is None
    assert reminder.due_at == event.starts_at - timedelta(days=1)


def test_cancelled_events_send_no_reminders(social_worker, wellington):
    event = make_event(social_worker, wellington, starts_in=timedelta(hours=20))
    going(event, wellington, 1)
    event_services.event_cancel(event=event, reason="The venue flooded.")
    assert reminders_create_due() == 0


def test_a_typical_reminder_text_fits_one_segment_and_never_mentions_children(social_worker, wellington):
    event = make_event(
        social_worker,
        wellington,
        starts_in=timedelta(hours=20),
        title="Whānau fun day in Lower Hutt",
        venue_name="Walter Nash Centre, Taitā",
    )
    going(event, wellington, 1)
    reminders_create_due()
    text = reminder_messages().get(channel=Channel.SMS).body
    assert sms_segments(text) == 1, text
    assert "Whanau fun day" in text  # macrons dropped so the text stays in one 160-character segment
    assert "child" not in text.lower()
    email = reminder_messages().filter(channel=Channel.EMAIL).first()
    assert "Whānau fun day" in email.subject  # emails keep the macrons
    assert "child" not in email.body.lower()


def test_fit_text_keeps_macrons_when_they_fit():
    assert fit_text("Hui at the marae, Ōtaki") == "Hui at the marae, Ōtaki"
    assert is_gsm7(fit_text("A long text about the Whānau fun day " * 3)) is True


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI sets DATABASE_URL)")
@pytest.mark.django_db(transaction=True)
def test_two_scans_at_once_write_each_reminder_once(social_worker, wellington):
    event = make_event(social_worker, wellington, starts_in=timedelta(hours=20))
    going(event, wellington, 20)
    barrier = threading.Barrier(2)
    counts: list[int] = []

    def scan():
        try:
            barrier.wait(timeout=10)
            counts.append(reminders_create_due(batch=1))
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(counts) == reminder_messages().count() == 20 * 2 + 20  # 24-hour email+text, 7-day email
    assert EventReminder.objects.filter(event=event, processed_at__isnull=True).count() == 0


def test_long_titles_and_venues_are_shortened_to_fit_one_segment(social_worker, wellington):
    event = make_event(
        social_worker,
        wellington,
        starts_in=timedelta(hours=20),
        title="Evening workshop: trauma-informed parenting for new caregivers",
        venue_name="Caregiver support office, training room, level 2",
    )
    people = going(event, wellington, 1)
    reminders_create_due()
    texts = Message.objects.filter(recipient=people[0], channel=Channel.SMS)
    assert set(texts.values_list("kind", flat=True)) == {"rsvp_confirmed", "event_reminder"}
    for text in texts:
        assert sms_segments(text.body) == 1, text.body
        assert "Caregiver support office" in text.body
        assert "/e/" in text.body
    assert "2 people" in Message.objects.get(recipient=people[0], kind="rsvp_confirmed", channel=Channel.SMS).body
