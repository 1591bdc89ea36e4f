"""Rows kept for the counts after a closure have no person: the pages, exports, surveys and
reports that read them still work, and count them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from buddies.models import MatchStatus
from events import selectors as event_selectors
from events.models import RSVP, Attendance
from feedback import services as feedback_services
from feedback.models import Invitation as SurveyInvitation
from mydata import closure
from tests.accounts.factories import CaregiverFactory
from tests.buddies.factories import BuddyProfileFactory, MatchFactory, NewCaregiverFactory
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

FORMER = "A former caregiver"


@pytest.fixture
def past_event(wellington, social_worker, caregiver):
    """Ended five hours ago; the caregiver persona and one other came."""
    event = EventFactory(region=wellington, created_by=social_worker, starts_at=timezone.now() - timedelta(hours=7))
    other = CaregiverFactory(region=wellington).user
    for person in (caregiver, other):
        RSVP.objects.create(event=event, user=person, response="going", attendance=Attendance.ATTENDED)
    return event, other


def _close(caregiver, social_worker) -> None:
    closure.closure_confirm(closure=closure.closure_request(user=caregiver), by=social_worker)


def test_staff_pages_of_the_event_show_a_former_caregiver(client_for, past_event, caregiver, social_worker):
    event, _other = past_event
    _close(caregiver, social_worker)
    client = client_for("social_worker")
    for name in ("event_rsvps", "event_check_in"):
        response = client.get(reverse(name, args=[event.pk]))
        assert response.status_code == 200 and FORMER in response.content.decode(), name
    csv = client.post(reverse("event_rsvps_csv", args=[event.pk]), {"reason": "Numbers for the annual report"})
    assert csv.status_code == 200 and FORMER in csv.content.decode()
    kept = RSVP.objects.get(event=event, user=None)
    response = client.post(reverse("rsvp_check_in", args=[event.pk, kept.pk]), {"attendance": "no_show"})
    assert response.status_code == 302


def test_the_event_survey_asks_only_the_people_still_here(past_event, caregiver, social_worker):
    event, other = past_event
    _close(caregiver, social_worker)
    feedback_services.surveys_send_due()
    assert list(SurveyInvitation.objects.filter(survey__event=event).values_list("user", flat=True)) == [other.pk]


def test_a_pair_whose_buddy_left_is_asked_no_more(caregiver, social_worker, wellington):
    BuddyProfileFactory(user=caregiver)
    MatchFactory(
        new_caregiver=NewCaregiverFactory(region=wellington).user,
        buddy=caregiver,
        status=MatchStatus.ACTIVE,
        started_on=timezone.localdate() - timedelta(days=40),
    )
    _close(caregiver, social_worker)
    feedback_services.surveys_send_due()  # would fail on a pair without its buddy
    assert not SurveyInvitation.objects.filter(survey__match__isnull=False).exists()


def test_the_participation_report_counts_her_family(past_event, caregiver, social_worker, wellington):
    event, _other = past_event
    start, end = event.starts_at - timedelta(days=1), event.starts_at + timedelta(days=1)
    before = event_selectors.participation_by_region([wellington.pk], start, end)
    _close(caregiver, social_worker)
    assert event_selectors.participation_by_region([wellington.pk], start, end) == before
    assert before[wellington.pk]["families"] == 2
