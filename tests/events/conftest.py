"""Fixtures shared by the events test modules (one module per page or action).

``event`` is the event the staff pages run: a Wellington coffee morning for 30 with
childminding, and ``replies`` five households' answers to it. The modules for the
event form, the calendar files and the reply form need an event of another shape;
each names the one it uses (``fun_day``, ``calendar_event``, ``reply_event``) in a
module-level ``event`` fixture, which overrides this one for that module.
"""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Audience, CalendarFeed, EventKind, Response
from tests.accounts.factories import CaregiverFactory
from tests.events.factories import EventFactory, RSVPFactory
from tests.events.helpers import at, bulk_events, carer, next_local

# --- Who is signed in ----------------------------------------------------------------


@pytest.fixture
def staff(client, social_worker):
    client.force_login(social_worker)
    return client


@pytest.fixture
def signed_in(client, caregiver):
    client.force_login(caregiver)
    return client


@pytest.fixture
def sms_caregiver(wellington):
    """A Wellington caregiver who asked for emails and texts: two channels."""
    return CaregiverFactory(
        region=wellington, contact_by_sms=True, phone="+64211234567", sms_consent_at=timezone.now()
    ).user


# --- The staff pages' event ----------------------------------------------------------


@pytest.fixture
def event(wellington, social_worker):
    return EventFactory(region=wellington, created_by=social_worker, capacity=30, childminding=True)


@pytest.fixture
def replies(event, wellington):
    """Three households going, one waitlisted, one not going."""
    aroha = carer(wellington, "Aroha", "Ngata", phone="+64211111111")
    ben = carer(wellington, "Ben", "Smith")
    cara = carer(wellington, "Cara", "Jones")
    dan = carer(wellington, "Dan", "Waits")
    eve = carer(wellington, "Eve", "Away")
    return {
        "aroha": RSVPFactory(
            event=event, user=aroha, adults=2, children_0_4=1, children_5_11=2, childminding_for=2, dietary="Vegetarian"
        ),
        "ben": RSVPFactory(event=event, user=ben, adults=1, children_12_17=1, access_needs="Wheelchair user"),
        "cara": RSVPFactory(
            event=event,
            user=cara,
            adults=2,
            children_5_11=1,
            childminding_for=1,
            dietary="Halal",
            access_needs="Quiet space",
        ),
        "dan": RSVPFactory(
            event=event, user=dan, adults=2, children_0_4=1, waitlisted=True, waitlisted_at=timezone.now()
        ),
        "eve": RSVPFactory(event=event, user=eve, response=Response.NOT_GOING, adults=0),
    }


@pytest.fixture
def invited_event(wellington, social_worker):
    return EventFactory(region=wellington, created_by=social_worker, audience=Audience.INVITED, title="Training day")


@pytest.fixture
def five_events(wellington, social_worker, caregiver):
    """The few rows of the list pages' query budgets: five events, one reply from the caregiver."""
    events = bulk_events(5, wellington, social_worker)
    RSVPFactory(event=events[0], user=caregiver, adults=2)
    return events


# --- The event form's event (test_event_edit.py, test_event_cancel.py) ---------------


@pytest.fixture
def fun_day(wellington, social_worker):
    """Published, on a Saturday 4–6pm NZ time at least a week away (whole minutes, as a form would send)."""
    starts = next_local(5, time(16))
    return EventFactory(
        region=wellington,
        created_by=social_worker,
        kind=EventKind.FAMILY_FUN_DAY,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        capacity=40,
        childminding=True,
        description="Games on the field.",
    )


@pytest.fixture
def fun_day_replies(fun_day, caregiver, sms_caregiver, wellington):
    """Going (email), going (email + text), waitlisted (email), not going (email)."""
    waiting = CaregiverFactory(region=wellington).user
    declined = CaregiverFactory(region=wellington).user
    RSVPFactory(event=fun_day, user=caregiver, adults=2, children_5_11=2)
    RSVPFactory(event=fun_day, user=sms_caregiver, adults=1)
    RSVPFactory(event=fun_day, user=waiting, adults=2, waitlisted=True, waitlisted_at=timezone.now())
    RSVPFactory(event=fun_day, user=declined, response=Response.NOT_GOING)
    return {"going": [caregiver, sms_caregiver], "waiting": waiting, "declined": declined}


# --- The calendar files' event and feed (test_event_ics.py, test_calendar_feed*.py) --


@pytest.fixture
def calendar_event(wellington, social_worker):
    return EventFactory(
        title="Family fun day",
        region=wellington,
        created_by=social_worker,
        venue_name="Hutt Park",
        venue_address="Hutt Park Road, Lower Hutt",
        **at(next_local(5, time(16))),
    )


@pytest.fixture
def feed(client, caregiver) -> CalendarFeed:
    """Made the way a caregiver makes it: the button on My events."""
    client.force_login(caregiver)
    response = client.post(reverse("calendar_feed_reset"), follow=True)
    assert "Your calendar address is ready." in response.content.decode()
    made = CalendarFeed.objects.get(user=caregiver)
    assert response.context["feed_url"] == "http://testserver" + reverse("calendar_feed", args=[made.token])
    client.logout()
    return made


# --- The reply form's event (test_rsvp_edit.py, test_rsvp_cancel.py) ----------------


@pytest.fixture
def reply_event(wellington, social_worker):
    return EventFactory(
        region=wellington, created_by=social_worker, capacity=60, childminding=True, family_friendly=True
    )
