"""A caregiver changes their reply, then cancels it (``rsvp_cancel``): My events no longer lists it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from events.models import RSVP
from tests.events.helpers import reply


@pytest.fixture
def event(reply_event):
    """Open for replies: 60 places, childminding, family friendly (tests/events/conftest.py)."""
    return reply_event


def test_changing_and_cancelling_a_reply(signed_in, caregiver, event):
    signed_in.post(reverse("rsvp_edit", args=[event.pk]), reply())
    form = signed_in.get(reverse("rsvp_edit", args=[event.pk])).context["form"]
    assert form.initial["going"] == "yes"
    assert form.instance.adults == 2
    signed_in.post(reverse("rsvp_edit", args=[event.pk]), reply(adults="1", children_5_11="0", childminding_for="1"))
    assert RSVP.objects.get(event=event, user=caregiver).heads == 2
    signed_in.post(reverse("rsvp_cancel", args=[event.pk]))
    assert RSVP.objects.get(event=event, user=caregiver).response == "not_going"
    assert signed_in.get(reverse("my_events")).context["upcoming"] == []
