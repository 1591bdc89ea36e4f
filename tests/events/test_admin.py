"""The event admin writes through events.services, like the site."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import DEFAULT_CHECKLIST, RSVP, Event, EventKind, EventStatus, HouseholdReply
from notifications.models import Message
from tests.accounts.factories import CaregiverFactory
from tests.adminforms import form_errors, form_values


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def event(social_worker, wellington):
    """Published, 10am local time in a fortnight (whole minutes, as the forms write them)."""
    starts = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=14), time(10)))
    return services.event_create(
        created_by=social_worker,
        title="Coffee morning",
        kind=EventKind.COFFEE_MORNING,
        region=wellington,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        venue_name="Community hall",
        capacity=2,
        status=EventStatus.PUBLISHED,
    )


def change_url(event: Event) -> str:
    return reverse("admin:events_event_change", args=[event.pk])


def save(client, event: Event, **overrides):
    """Open the event's admin page and save it with ``overrides``."""
    response = client.post(change_url(event), form_values(client.get(change_url(event)), **overrides))
    assert response.status_code == 302, form_errors(response)
    event.refresh_from_db()
    return response


def going(event: Event, user, adults: int = 1) -> RSVP:
    return services.rsvp_submit(event=event, user=user, going=True, household=HouseholdReply(adults=adults))


def test_moving_the_start_moves_the_reminders_and_tells_people_going(superuser_client, event, caregiver):
    going(event, caregiver)
    due = {r.pk: r.due_at for r in event.reminders.all()}
    sequence = event.sequence
    assert len(due) == len(settings.EVENT_REMINDERS) == 2

    moved = timedelta(days=3)
    save(superuser_client, event, starts_at=event.starts_at + moved, ends_at=event.ends_at + moved)

    assert {r.pk: r.due_at for r in event.reminders.all()} == {pk: at + moved for pk, at in due.items()}
    assert event.sequence > sequence
    told = Message.objects.filter(kind="event_changed", event=event, recipient=caregiver)
    assert told.exists()


def test_saving_unchanged_tells_no_one_and_keeps_the_reminders(superuser_client, event, caregiver):
    going(event, caregiver)
    due = {r.pk: r.due_at for r in event.reminders.all()}

    save(superuser_client, event)

    assert {r.pk: r.due_at for r in event.reminders.all()} == due
    assert not Message.objects.filter(kind="event_changed").exists()


def test_raising_the_capacity_promotes_waitlisted_households(superuser_client, event, caregiver, wellington):
    going(event, caregiver, adults=2)
    other = CaregiverFactory(region=wellington).user
    assert going(event, other).waitlisted

    save(superuser_client, event, capacity=3)

    assert not RSVP.objects.get(event=event, user=other).waitlisted
    assert Message.objects.filter(kind="waitlist_promoted", event=event, recipient=other).exists()


def test_capacity_cannot_go_below_the_people_going(superuser_client, event, caregiver):
    going(event, caregiver, adults=2)
    page = superuser_client.get(change_url(event))

    response = superuser_client.post(change_url(event), form_values(page, capacity=1))

    assert response.status_code == 200
    assert "capacity" in response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.capacity == 2


def test_a_reminder_changed_in_the_admin_follows_the_start(superuser_client, event):
    page = superuser_client.get(change_url(event))
    data = form_values(page)
    assert data["reminders-0-minutes_before"] == ["10080"]  # a week before: the first default
    data["reminders-0-minutes_before"] = ["90"]

    response = superuser_client.post(change_url(event), data)

    assert response.status_code == 302, form_errors(response)
    assert event.reminders.get(minutes_before=90).due_at == event.starts_at - timedelta(minutes=90)


def test_the_form_does_not_offer_cancelled(superuser_client, event):
    response = superuser_client.post(
        change_url(event), form_values(superuser_client.get(change_url(event)), status="cancelled")
    )

    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


def test_the_cancel_action_cancels_through_the_service(superuser_client, event, caregiver):
    going(event, caregiver)
    sequence = event.sequence
    changelist = reverse("admin:events_event_changelist")

    response = superuser_client.post(
        changelist, {"action": "cancel_events", "_selected_action": [event.pk], "reason": "Storm warning"}
    )

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert event.cancelled_reason == "Storm warning"
    assert event.sequence == sequence + 1
    assert Message.objects.filter(kind="event_cancelled", event=event, recipient=caregiver).exists()
    # A cancelled event is not edited any more, as on the site.
    assert superuser_client.post(change_url(event), {}).status_code == 403


def test_the_cancel_action_needs_a_reason(superuser_client, event):
    changelist = reverse("admin:events_event_changelist")
    assert 'name="reason"' in superuser_client.get(changelist).content.decode()

    superuser_client.post(changelist, {"action": "cancel_events", "_selected_action": [event.pk], "reason": " "})

    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


def test_an_event_added_in_the_admin_gets_the_checklist_and_default_reminders(superuser_client, superuser, wellington):
    add_url = reverse("admin:events_event_add")
    starts = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=21), time(16)))
    data = form_values(
        superuser_client.get(add_url),
        title="Family fun day",
        kind=EventKind.FAMILY_FUN_DAY,
        region=wellington.pk,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        venue_name="Hutt Park",
        status=EventStatus.PUBLISHED,
    )

    response = superuser_client.post(add_url, data)

    assert response.status_code == 302, form_errors(response)
    event = Event.objects.get(title="Family fun day")
    assert event.created_by == superuser
    assert event.starts_at == starts
    assert [item.label for item in event.checklist.all()] == DEFAULT_CHECKLIST
    assert sorted(r.minutes_before for r in event.reminders.all()) == sorted(m for m, _ in settings.EVENT_REMINDERS)
    assert all(r.due_at == starts - timedelta(minutes=r.minutes_before) for r in event.reminders.all())


def test_rsvps_are_read_only(superuser_client, event, caregiver):
    rsvp = going(event, caregiver)
    url = reverse("admin:events_rsvp_change", args=[rsvp.pk])

    assert superuser_client.get(url).status_code == 200
    assert superuser_client.post(url, {"adults": 5}).status_code == 403
    assert superuser_client.get(reverse("admin:events_rsvp_add")).status_code == 403
    assert (
        superuser_client.post(reverse("admin:events_rsvp_delete", args=[rsvp.pk]), {"post": "yes"}).status_code == 403
    )
    rsvp.refresh_from_db()
    assert rsvp.adults == 1


def test_an_event_people_replied_to_is_not_deleted_in_the_admin(superuser_client, event, caregiver):
    # Deleting it would delete their replies without telling them: cancel it instead.
    going(event, caregiver)

    response = superuser_client.post(reverse("admin:events_event_delete", args=[event.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()
