"""Capacity counts heads; a full event waitlists; freed places go to the waitlist in order."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from events import services
from events.models import RSVP, EventStatus, Response
from notifications.models import Message
from tests.accounts.factories import CaregiverFactory
from tests.events.factories import EventFactory


def household(adults=1, **children) -> services.HouseholdReply:
    return services.HouseholdReply(adults=adults, **children)


@pytest.fixture
def event(wellington, social_worker):
    return EventFactory(region=wellington, created_by=social_worker, capacity=10, childminding=True)


@pytest.fixture
def families(wellington):
    return [CaregiverFactory(region=wellington).user for _ in range(5)]


def test_capacity_counts_adults_and_children(event, families):
    rsvp = services.rsvp_submit(
        event=event, user=families[0], going=True, household=household(2, children_0_4=1, children_5_11=2)
    )
    assert not rsvp.waitlisted
    assert event.heads_going() == 5
    assert event.places_left() == 5


def test_a_household_that_does_not_fit_goes_on_the_waitlist(event, families):
    services.rsvp_submit(event=event, user=families[0], going=True, household=household(2, children_5_11=6))
    late = services.rsvp_submit(event=event, user=families[1], going=True, household=household(2, children_0_4=1))
    assert late.waitlisted and late.waitlisted_at is not None
    assert event.heads_going() == 8
    assert Message.objects.filter(recipient=families[1], kind="rsvp_waitlisted").exists()


def test_cancelling_promotes_the_waitlist_in_order_and_tells_them(event, families):
    services.rsvp_submit(event=event, user=families[0], going=True, household=household(2, children_5_11=6))  # 8
    first = services.rsvp_submit(event=event, user=families[1], going=True, household=household(2, children_0_4=2))
    second = services.rsvp_submit(event=event, user=families[2], going=True, household=household(3))
    assert first.waitlisted and second.waitlisted

    services.rsvp_cancel(event=event, user=families[0])

    first.refresh_from_db()
    second.refresh_from_db()
    assert not first.waitlisted and not second.waitlisted
    assert event.heads_going() == 7
    promoted = Message.objects.filter(kind="waitlist_promoted").values_list("recipient", flat=True)
    assert set(promoted) == {families[1].pk, families[2].pk}


def test_a_large_household_at_the_head_of_the_queue_keeps_its_place_while_a_smaller_one_fits(event, families):
    services.rsvp_submit(event=event, user=families[0], going=True, household=household(2, children_5_11=6))  # 8
    big = services.rsvp_submit(event=event, user=families[1], going=True, household=household(2, children_5_11=4))
    small = services.rsvp_submit(event=event, user=families[2], going=True, household=household(1))
    assert small.waitlisted is False  # 9 of 10: fits straight away
    tiny = services.rsvp_submit(event=event, user=families[3], going=True, household=household(2))
    assert tiny.waitlisted

    # Two places free up: the six-person household still does not fit, the two-person one does.
    services.rsvp_submit(event=event, user=families[0], going=True, household=household(2, children_5_11=4))
    big.refresh_from_db()
    tiny.refresh_from_db()
    assert big.waitlisted
    assert not tiny.waitlisted
    assert event.heads_going() == 9


def test_reducing_a_reply_promotes_and_growing_beyond_the_places_is_refused(event, families):
    holder = services.rsvp_submit(event=event, user=families[0], going=True, household=household(2, children_5_11=4))
    services.rsvp_submit(event=event, user=families[1], going=True, household=household(3))  # 9 of 10
    waiting = services.rsvp_submit(event=event, user=families[2], going=True, household=household(3))
    assert waiting.waitlisted

    with pytest.raises(services.RSVPRefused, match="only 7 places") as refused:
        services.rsvp_submit(event=event, user=families[0], going=True, household=household(2, children_5_11=6))
    assert refused.value.field == "adults"
    holder.refresh_from_db()
    assert holder.heads == 6  # kept as it was

    services.rsvp_submit(event=event, user=families[0], going=True, household=household(2, children_5_11=2))
    waiting.refresh_from_db()
    assert not waiting.waitlisted
    assert event.heads_going() == 10


def test_changing_a_waitlisted_reply_keeps_its_place_in_the_queue(event, families):
    services.rsvp_submit(event=event, user=families[0], going=True, household=household(10))
    first = services.rsvp_submit(event=event, user=families[1], going=True, household=household(2))
    services.rsvp_submit(event=event, user=families[2], going=True, household=household(2))
    queued_at = first.waitlisted_at
    changed = services.rsvp_submit(event=event, user=families[1], going=True, household=household(1, children_0_4=1))
    assert changed.waitlisted_at == queued_at


@pytest.mark.parametrize(
    ("hh", "field", "message"),
    [
        (household(0), "adults", "at least one adult or child"),
        (household(9, children_5_11=2), "adults", "room for 10 people in total, and your reply is for 11"),
        (household(1, children_0_4=1, childminding_for=2), "childminding_for", "up to the 1 child coming"),
    ],
)
def test_bad_households_are_refused_and_change_nothing(event, families, hh, field, message):
    with pytest.raises(services.RSVPRefused, match=message) as refused:
        services.rsvp_submit(event=event, user=families[0], going=True, household=hh)
    assert refused.value.field == field
    assert not RSVP.objects.exists()
    assert not Message.objects.exists()


def test_childminding_only_where_offered(wellington, social_worker, families):
    event = EventFactory(region=wellington, created_by=social_worker, childminding=False)
    with pytest.raises(services.RSVPRefused, match="does not have childminding"):
        services.rsvp_submit(
            event=event, user=families[0], going=True, household=household(1, children_0_4=1, childminding_for=1)
        )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": EventStatus.CANCELLED, "cancelled_reason": "Storm", "cancelled_at": timezone.now()}, "cancelled"),
        ({"status": EventStatus.DRAFT}, "not open for replies"),
        ({"rsvp_deadline": timezone.now() - timedelta(hours=1)}, "closed on the reply-by date"),
        (
            {"starts_at": timezone.now() - timedelta(days=2), "ends_at": timezone.now() - timedelta(days=2, hours=-2)},
            "already started",
        ),
    ],
    ids=["cancelled", "draft", "after-deadline", "past"],
)
def test_replies_are_refused_when_the_event_is_not_open(event, families, change, message):
    type(event).objects.filter(pk=event.pk).update(**change)
    event.refresh_from_db()
    with pytest.raises(services.RSVPRefused, match=message):
        services.rsvp_submit(event=event, user=families[0], going=True, household=household(1))
    assert not RSVP.objects.exists()


def test_not_going_is_recorded_and_confirmed(event, families):
    rsvp = services.rsvp_submit(event=event, user=families[0], going=False, household=household(0))
    assert rsvp.response == Response.NOT_GOING
    assert event.heads_going() == 0
    assert Message.objects.filter(recipient=families[0], kind="rsvp_not_going").exists()


def test_one_reply_per_person_per_event_is_a_database_rule(event, families):
    RSVP.objects.create(event=event, user=families[0], response=Response.GOING, adults=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        RSVP.objects.create(event=event, user=families[0], response=Response.GOING, adults=2)


def test_going_with_no_one_is_a_database_rule(event, families):
    with pytest.raises(IntegrityError), transaction.atomic():
        RSVP.objects.create(event=event, user=families[0], response=Response.GOING, adults=0)


def test_a_rolled_back_reply_leaves_no_message(event, families):
    def reply_then_fail():
        with transaction.atomic():
            services.rsvp_submit(event=event, user=families[0], going=True, household=household(2))
            raise RuntimeError("the request failed after the reply was written")

    with pytest.raises(RuntimeError):
        reply_then_fail()
    assert not RSVP.objects.exists()
    assert not Message.objects.exists()


def test_messages_never_mention_children(event, families):
    services.rsvp_submit(event=event, user=families[0], going=True, household=household(1, children_0_4=2))
    bodies = " ".join(m.subject + " " + m.body for m in Message.objects.all()).lower()
    assert "child" not in bodies
    assert "3 people" in bodies
