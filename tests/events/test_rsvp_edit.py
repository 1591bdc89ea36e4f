"""A caregiver replies in the browser's terms (``rsvp_edit``): the reply form, its errors,
the waitlist, closed events, and the reply on My events."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import RSVP, Audience, EventInvitee, EventStatus
from tests.events.factories import EventFactory, RSVPFactory
from tests.events.helpers import reply


@pytest.fixture
def event(reply_event):
    """Open for replies: 60 places, childminding, family friendly (tests/events/conftest.py)."""
    return reply_event


def test_caregiver_replies_for_the_family(signed_in, caregiver, event):
    response = signed_in.post(reverse("rsvp_edit", args=[event.pk]), reply())
    assert response.status_code == 302
    assert response["Location"] == reverse("my_events")
    rsvp = RSVP.objects.get(event=event, user=caregiver)
    assert (rsvp.adults, rsvp.children_0_4, rsvp.children_5_11, rsvp.childminding_for) == (2, 1, 2, 2)
    assert rsvp.dietary == "One vegetarian"
    mine = signed_in.get(reverse("my_events"))
    assert event.title in mine.content.decode()
    assert "2 adults, 3 children, childminding for 2" in " ".join(mine.content.decode().split())


BAD_REPLIES = [
    (
        "adults",
        reply(adults="0", children_0_4="0", children_5_11="0", childminding_for="0"),
        "at least one adult or child",
    ),
    ("adults", reply(adults="-1"), "Enter 0 or more."),
    ("children_5_11", reply(children_5_11="two"), "Enter a whole number"),
    ("adults", reply(adults="30", children_5_11="30", childminding_for="0"), "room for 60 people in total"),
    ("childminding_for", reply(childminding_for="4"), "up to the 3 children"),
    ("going", reply(going="perhaps"), "Select a valid choice"),
]


@pytest.mark.parametrize(
    ("field", "data", "message"), BAD_REPLIES, ids=[f"{f}-{i}" for i, (f, _, _) in enumerate(BAD_REPLIES)]
)
def test_bad_replies_get_a_message_next_to_the_field_and_keep_the_old_reply(
    signed_in, caregiver, event, field, data, message
):
    existing = RSVPFactory(event=event, user=caregiver, adults=1)
    response = signed_in.post(reverse("rsvp_edit", args=[event.pk]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in e for e in errors), errors
    assert f'id="error_1_id_{field}"' in response.content.decode()
    existing.refresh_from_db()
    assert existing.heads == 1


def test_a_reply_that_does_not_fit_joins_the_waitlist_and_says_so(signed_in, caregiver, event, wellington):
    event.capacity = 6
    event.save()
    RSVPFactory(event=event, adults=3)
    response = signed_in.post(reverse("rsvp_edit", args=[event.pk]), reply(), follow=True)
    assert RSVP.objects.get(event=event, user=caregiver).waitlisted
    assert "you are on the waitlist for 5 people" in response.content.decode()


@pytest.mark.parametrize(
    "change",
    [
        {"rsvp_deadline": timezone.now() - timedelta(minutes=1)},
        {"status": EventStatus.CANCELLED, "cancelled_reason": "Storm warning", "cancelled_at": timezone.now()},
        {
            "starts_at": timezone.now() - timedelta(days=3),
            "ends_at": timezone.now() - timedelta(days=3) + timedelta(hours=2),
        },
    ],
    ids=["after-deadline", "cancelled", "past"],
)
def test_closed_events_say_so_and_save_nothing(signed_in, caregiver, event, change):
    type(event).objects.filter(pk=event.pk).update(**change)
    response = signed_in.post(reverse("rsvp_edit", args=[event.pk]), reply())
    assert response.status_code == 409
    assert "Replies are closed" in response.content.decode()
    assert not RSVP.objects.exists()


def test_events_outside_the_audience_are_404(client, caregiver_other_region, wellington, social_worker, caregiver):
    regional = EventFactory(region=wellington, created_by=social_worker)
    draft = EventFactory(region=wellington, created_by=social_worker, status=EventStatus.DRAFT)
    invited = EventFactory(region=wellington, created_by=social_worker, audience=Audience.INVITED)
    client.force_login(caregiver_other_region)
    assert client.post(reverse("rsvp_edit", args=[regional.pk]), reply()).status_code == 404
    client.force_login(caregiver)
    assert client.get(reverse("event_detail", args=[draft.pk])).status_code == 404
    assert client.post(reverse("rsvp_edit", args=[invited.pk]), reply()).status_code == 404
    EventInvitee.objects.create(event=invited, user=caregiver)
    assert client.post(reverse("rsvp_edit", args=[invited.pk]), reply()).status_code == 302
    assert RSVP.objects.filter(event=invited, user=caregiver).exists()
    assert not RSVP.objects.filter(event__in=[regional, draft]).exists()


def test_national_events_are_open_to_every_region(client, caregiver_other_region, manager):
    national = EventFactory(region=None, audience=Audience.NATIONAL, created_by=manager)
    client.force_login(caregiver_other_region)
    assert client.post(reverse("rsvp_edit", args=[national.pk]), reply(childminding_for="0")).status_code == 302


def test_no_childminding_field_where_none_is_offered(signed_in, wellington, social_worker):
    event = EventFactory(region=wellington, created_by=social_worker, childminding=False)
    form = signed_in.get(reverse("rsvp_edit", args=[event.pk])).context["form"]
    assert "childminding_for" not in form.fields
