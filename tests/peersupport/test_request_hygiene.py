"""Every request: NUL characters answered 400 (never a 500 from the database),
and no personal page kept in a browser's or proxy's cache."""

from __future__ import annotations

import pytest
from django.urls import reverse

from events.models import CalendarFeed
from invitations.services import invitation_token
from tests.events.factories import EventFactory
from tests.invitations.factories import InvitationFactory

NUL_REQUESTS = [
    ("social_worker", "/caregivers/?q=%00"),
    ("social_worker", "/events/{event}/check-in/?q=%00"),
    ("social_worker", "/events/{event}/messages/?status=%00"),
    ("caregiver", "/events/?kind=%00"),
    ("anonymous", "/calendar/%00.ics"),
    ("anonymous", "/accounts/login/?next=%00"),
]


@pytest.mark.parametrize(("persona", "path"), NUL_REQUESTS)
def test_a_nul_character_is_a_bad_request_not_a_server_error(client_for, wellington, social_worker, persona, path):
    event = EventFactory(region=wellington, created_by=social_worker)
    response = client_for(persona).get(path.format(event=event.pk))
    assert response.status_code == 400
    assert "We could not read that address" in response.content.decode()


def test_an_ordinary_query_still_works(client_for):
    assert client_for("social_worker").get("/caregivers/?q=Aroha").status_code == 200


PERSONAL_PAGES = [
    ("caregiver", "profile", None),
    ("caregiver", "my_messages", None),
    ("caregiver", "my_events", None),
    ("caregiver", "home", None),
    ("social_worker", "caregiver_detail", "caregiver"),
    ("social_worker", "event_rsvps", "event"),
    ("social_worker", "event_rsvps_csv", "event"),
    ("social_worker", "invitation_list", None),
    ("manager", "home", None),
]


@pytest.mark.parametrize(("persona", "name", "arg"), PERSONAL_PAGES)
def test_personal_pages_are_never_stored(client_for, personas, wellington, social_worker, persona, name, arg):
    event = EventFactory(region=wellington, created_by=social_worker)
    args = {"caregiver": [personas["caregiver"].caregiver_profile.pk], "event": [event.pk], None: []}[arg]
    response = client_for(persona).get(reverse(name, args=args))
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control
    assert "private" in cache_control


def test_the_invitation_page_is_never_stored(client, wellington, social_worker):
    invitation = InvitationFactory(region=wellington, invited_by=social_worker)
    url = reverse("invitation_accept", kwargs={"uid": invitation.uid, "token": invitation_token(invitation)})
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_calendar_feed_keeps_its_own_short_private_cache(client, caregiver):
    feed = CalendarFeed.objects.create(user=caregiver)
    response = client.get(reverse("calendar_feed", kwargs={"token": feed.token}))
    assert response["Cache-Control"] == "private, max-age=900"


def test_static_files_keep_their_long_cache(client, db):
    response = client.get("/static/css/site.css")
    response.close()  # WhiteNoise streams the file
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
