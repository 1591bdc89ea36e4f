"""A confirmed household that asks for more places than are left is refused on the
reply page: the form shows the reply that is kept, the reason sits beside the field,
and counts read as people would write them (1 place, 1 person)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from events.models import RSVP
from tests.accounts.factories import CaregiverFactory
from tests.events.factories import EventFactory, RSVPFactory
from tests.events.helpers import reply

NO_CHILDREN = {"children_0_4": "0", "children_5_11": "0", "children_12_17": "0", "childminding_for": "0"}


@pytest.mark.parametrize(
    ("capacity", "mine", "others", "asked", "message"),
    [
        (
            3,
            1,
            2,
            2,
            "There is only 1 place for your household now, so we kept your reply for 1 person. "
            "Ask the organiser if you need more.",
        ),
        (
            6,
            2,
            4,
            4,
            "There are only 2 places for your household now, so we kept your reply for 2 people. "
            "Ask the organiser if you need more.",
        ),
    ],
)
def test_growing_beyond_the_places_left_shows_the_kept_reply_and_why(
    signed_in, caregiver, wellington, social_worker, capacity, mine, others, asked, message
):
    event = EventFactory(region=wellington, created_by=social_worker, capacity=capacity, childminding=True)
    RSVPFactory(event=event, user=caregiver, adults=mine)
    RSVPFactory(event=event, user=CaregiverFactory(region=wellington).user, adults=others)

    response = signed_in.post(reverse("rsvp_edit", args=[event.pk]), reply(adults=str(asked), **NO_CHILDREN))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["adults"] == [message]
    assert form["adults"].value() == mine  # the kept reply, not the numbers refused
    html = response.content.decode()
    assert f'name="adults" value="{mine}"' in html
    assert RSVP.objects.get(event=event, user=caregiver).adults == mine


@pytest.mark.parametrize(
    ("capacity", "message"),
    [
        (1, "This event has room for 1 person in total, and your reply is for 2 people."),
        (3, "This event has room for 3 people in total, and your reply is for 4 people."),
    ],
)
def test_a_household_bigger_than_the_event_is_told_in_plain_numbers(
    signed_in, wellington, social_worker, capacity, message
):
    event = EventFactory(region=wellington, created_by=social_worker, capacity=capacity)
    response = signed_in.post(reverse("rsvp_edit", args=[event.pk]), reply(adults=str(capacity + 1), **NO_CHILDREN))
    assert response.context["form"].errors["adults"] == [message]


def test_the_confirmation_counts_one_person_in_the_singular(signed_in, wellington, social_worker):
    event = EventFactory(region=wellington, created_by=social_worker, capacity=10, title="Coffee morning")
    response = signed_in.post(reverse("rsvp_edit", args=[event.pk]), reply(adults="1", **NO_CHILDREN), follow=True)
    assert "You&#x27;re going to Coffee morning: 1 person. See you there!" in response.content.decode()
