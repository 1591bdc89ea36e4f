"""Lowering capacity while replies arrive: decided under the event's lock, so the
confirmed heads never exceed the capacity saved (real PostgreSQL, real threads).

The outside check that found this: staff lowered capacity 30 → 20 while six
2-person replies arrived, and 24 heads ended up confirmed against 20 places.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from django.forms import modelform_factory
from django.urls import reverse

from events import services
from events.admin import EventAdminForm
from events.models import Event
from tests.accounts.factories import CaregiverFactory
from tests.events.factories import EventFactory
from tests.events.helpers import form_data

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI sets DATABASE_URL)"
)

REPLIES = 6


def confirm(event, n: int, wellington) -> None:
    for _ in range(n):
        user = CaregiverFactory(region=wellington).user
        services.rsvp_submit(event=event, user=user, going=True, household=services.HouseholdReply(adults=2))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(5))
def test_lowering_capacity_during_a_burst_of_replies_never_overbooks(wellington, social_worker, round_):
    event = EventFactory(region=wellington, created_by=social_worker, capacity=30)
    confirm(event, 7, wellington)  # 14 heads: 20 places would be enough before the burst
    people = [CaregiverFactory(region=wellington).user for _ in range(REPLIES)]
    barrier = threading.Barrier(REPLIES + 1)
    errors: list[BaseException] = []
    refused: list[str] = []

    def reply(user):
        try:
            barrier.wait(timeout=10)
            services.rsvp_submit(event=event, user=user, going=True, household=services.HouseholdReply(adults=2))
        except BaseException as exc:  # noqa: BLE001  (reported by the assertion below)
            errors.append(exc)
        finally:
            connection.close()

    def lower():
        try:
            edited = Event.objects.get(pk=event.pk)
            edited.capacity = 20
            barrier.wait(timeout=10)
            services.event_update(event=edited, changed=["capacity"])
        except services.EventChangeRefused as exc:
            refused.append(exc.message)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=reply, args=(user,)) for user in people]
    threads.append(threading.Thread(target=lower))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    event.refresh_from_db()
    assert event.heads_going() <= event.capacity
    if refused:  # the replies got in first: the change names the people going and nothing changed
        assert event.capacity == 30
        assert refused[0].endswith("people are already going. The capacity cannot be less than that.")
    else:  # the change got in first: late replies were waitlisted, never over 20
        assert event.capacity == 20


def test_the_edit_page_says_so_when_replies_beat_the_change(client, wellington, social_worker, monkeypatch, db):
    """The form's own check passed, then replies arrived before the save: the page shows why, nothing saved."""
    event = EventFactory(region=wellington, created_by=social_worker, capacity=30)
    confirm(event, 7, wellington)
    client.force_login(social_worker)
    form = client.get(reverse("event_edit", args=[event.pk])).context["form"]
    data = form_data(form, capacity="16")

    real_update = services.event_update

    def replies_arrive_first(*, event, changed):
        confirm(Event.objects.get(pk=event.pk), 2, wellington)  # 18 heads now
        return real_update(event=event, changed=changed)

    monkeypatch.setattr(services, "event_update", replies_arrive_first)
    response = client.post(reverse("event_edit", args=[event.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["capacity"] == [
        "18 people are already going. The capacity cannot be less than that."
    ]
    event.refresh_from_db()
    assert (event.capacity, event.sequence) == (30, 0)


@pytest.mark.django_db(transaction=True)
def test_the_admins_capacity_check_holds_the_events_lock_until_the_save(wellington, social_worker):
    """A reply waits for the admin's save instead of slipping in between its check and its
    save (which the service would then refuse: a server error page in the admin)."""
    event = EventFactory(region=wellington, created_by=social_worker, capacity=10)
    confirm(event, 2, wellington)  # 4 going
    CapacityForm = modelform_factory(Event, form=EventAdminForm, fields=["capacity"])  # noqa: N806
    waited: list[bool] = []

    def reply_meanwhile():
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '200ms'")
                Event.objects.select_for_update().get(pk=event.pk)
            waited.append(False)
        except Exception:  # noqa: BLE001 - the lock timeout is the point
            waited.append(True)
        finally:
            connection.close()

    with transaction.atomic():
        form = CapacityForm({"capacity": 4}, instance=event)
        assert form.is_valid(), form.errors
        thread = threading.Thread(target=reply_meanwhile)
        thread.start()
        thread.join(timeout=10)
    assert waited == [True]
