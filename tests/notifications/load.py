"""Many caregivers who want texts, going to one event, and what one beat tick
queues: shared by the outbox's fault tests (test_faults.py) and the notifications
benchmark (bench/run.py).

Rows are bulk-created, so thousands take a moment; every caregiver has their own
number, so a fake provider's count per number is exact.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from accounts.models import CaregiverProfile, CaregiverStatus, Region, Role, User
from events import services as event_services
from events.models import RSVP, EventStatus, Response
from events.tasks import send_due_reminders
from notifications.tasks import dispatch
from tests.accounts.factories import make_staff


def zone_where_it_is(hour: int) -> str:
    """An Etc/GMT±N zone where the local hour is now ``hour`` (Etc signs are inverted: GMT-3 is UTC+3)."""
    offset = (hour - datetime.now(UTC).hour + 12) % 24 - 12
    return "Etc/GMT" if offset == 0 else f"Etc/GMT{-offset:+d}"


def make_event(*, hour: int = 12, starts_in: timedelta = timedelta(hours=20), slug: str = "midday"):
    """A region where it is now ``hour`` o'clock, and a published coffee morning there ``starts_in`` from now."""
    region = Region.objects.create(name=f"Region {slug}", slug=slug, timezone=zone_where_it_is(hour))
    organiser = make_staff(role=Role.SOCIAL_WORKER, regions=[region], mfa=False, email=f"sw.{slug}@example.org")
    start = timezone.now() + starts_in
    event = event_services.event_create(
        created_by=organiser,
        title="Coffee morning",
        kind="coffee_morning",
        audience="region",
        region=region,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        venue_name="Petone Library",
        status=EventStatus.PUBLISHED,
    )
    return region, event


def people(region: Region, n: int, *, prefix: str, email: bool = False) -> list[User]:
    """``n`` caregivers who want texts, each with their own number (bulk-created: fast)."""
    now = timezone.now()
    users = User.objects.bulk_create(
        User(email=f"{prefix}{i}@example.org", first_name=f"P{i}", role=Role.CAREGIVER, password="!") for i in range(n)
    )
    digit = sum(map(ord, prefix)) % 10
    CaregiverProfile.objects.bulk_create(
        CaregiverProfile(
            user=user,
            region=region,
            status=CaregiverStatus.APPROVED,
            approved_on=now.date(),
            contact_by_email=email,
            contact_by_sms=True,
            phone=f"+6421{digit}{i:06d}",
            sms_consent_at=now,
        )
        for i, user in enumerate(users)
    )
    return users


def going(event, users: list[User]) -> None:
    RSVP.objects.bulk_create(RSVP(event=event, user=user, response=Response.GOING, adults=1) for user in users)


def beat_tick() -> None:
    """What one beat tick queues: due reminders become messages; the outbox scan."""
    send_due_reminders.delay()
    dispatch.delay()
