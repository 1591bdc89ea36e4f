"""A small hand-built Wellington dataset whose report figures are worked out by hand below."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from buddies.models import MatchStatus
from events.models import Attendance, Audience, EventStatus, Response
from feedback.models import SurveyKind
from groups.models import Attendance as MeetingAttendance
from groups.models import Meeting
from tests.accounts.factories import CaregiverFactory
from tests.buddies.factories import MatchFactory
from tests.events.factories import EventFactory, RSVPFactory
from tests.feedback.factories import SurveyFactory, WellbeingSurveyFactory, respond
from tests.groups.factories import GroupFactory


def build(wellington, auckland, social_worker) -> None:
    """Within the last 30 days, in Wellington:

    - one event: 8 households going (each 1 adult + 1 child aged 5–11; 3 asked for childminding),
      6 checked in as attended, 2 no-shows; 1 household not going. A cancelled event and an
      Auckland event do not count.
      → events 1, going 8, attended 6, 75%, no-shows 2 of 8 (<5), families 6, children 6, childminding 3 (<5)
    - 6 caregivers approved 40 days ago; 5 got a buddy 2, 4, 6, 8, 10 days later (no check-ins since).
      → approved 6, buddied 5, 83%, median 6 days, pairs with no contact for 14 days 5
    - event survey: overall 5, 4, 4, 3, 5 (mean 4.2); connected 4, 5, 4, 4, 5 (100% agree)
      buddy survey: 3 answers (all <5)
    - wellbeing: baseline isolation 4, 4, 3, 5, 4 (4.0), confidence 2, 3, 2, 3, 2 (2.4);
      after 3 months isolation 3, 3, 2, 3, 2 (2.6), confidence 3, 4, 4, 3, 4 (3.6)
    """
    now = timezone.now()
    ten_days_ago = now - timedelta(days=10)
    event = EventFactory(
        region=wellington, created_by=social_worker, starts_at=ten_days_ago, ends_at=ten_days_ago + timedelta(hours=2)
    )
    for i in range(8):
        RSVPFactory(
            event=event,
            user=CaregiverFactory(region=wellington).user,
            children_5_11=1,
            childminding_for=1 if i < 3 else 0,
            attendance=Attendance.ATTENDED if i < 6 else Attendance.NO_SHOW,
        )
    RSVPFactory(event=event, user=CaregiverFactory(region=wellington).user, response=Response.NOT_GOING)
    cancelled = EventFactory(
        region=wellington,
        created_by=social_worker,
        starts_at=ten_days_ago,
        ends_at=ten_days_ago + timedelta(hours=2),
        status=EventStatus.CANCELLED,
        cancelled_at=now,
        cancelled_reason="Storm",
    )
    RSVPFactory(event=cancelled, user=CaregiverFactory(region=wellington).user, attendance=Attendance.ATTENDED)
    elsewhere = EventFactory(
        region=auckland, created_by=social_worker, starts_at=ten_days_ago, ends_at=ten_days_ago + timedelta(hours=2)
    )
    for _ in range(6):
        RSVPFactory(event=elsewhere, user=CaregiverFactory(region=auckland).user, attendance=Attendance.ATTENDED)

    approved = timezone.localdate() - timedelta(days=40)
    for days in (2, 4, 6, 8, 10, None):
        new = CaregiverFactory(region=wellington, approved_on=approved, social_worker=social_worker).user
        if days is not None:
            MatchFactory(new_caregiver=new, status=MatchStatus.ACTIVE, started_on=approved + timedelta(days=days))

    # A peer group that met twice in the period (6 members came to the first): groups 1, meetings 2,
    # 1 a month over the 61 days asked about, 6 attendances; met monthly 0 (2 of 3), not met 0.
    group = GroupFactory(region=wellington, social_worker=social_worker, created_by=social_worker)
    for days_ago, came in ((10, 6), (40, 0)):
        starts = now - timedelta(days=days_ago)
        meeting_event = EventFactory(
            region=wellington, created_by=social_worker, audience=Audience.GROUP, starts_at=starts,
            ends_at=starts + timedelta(hours=2),
        )  # fmt: skip
        meeting = Meeting.objects.create(group=group, event=meeting_event)
        for _ in range(came):
            came_user = CaregiverFactory(region=wellington).user
            MeetingAttendance.objects.create(meeting=meeting, user=came_user, attended=True)

    survey = SurveyFactory(event=event, region=wellington)
    for overall, connected in zip((5, 4, 4, 3, 5), (4, 5, 4, 4, 5), strict=True):
        respond(survey, {"overall": overall, "connected": connected, "worked": "The kai and the chat"})
    buddy_survey = SurveyFactory(
        kind=SurveyKind.BUDDY_30,
        event=None,
        match=MatchFactory(new_caregiver=CaregiverFactory(region=wellington).user),
        region=wellington,
    )
    for overall in (5, 5, 4):
        respond(buddy_survey, {"overall": overall, "buddy_helpful": 5})
    for round_, isolation, confidence in ((0, (4, 4, 3, 5, 4), (2, 3, 2, 3, 2)), (1, (3, 3, 2, 3, 2), (3, 4, 4, 3, 4))):
        for i, c in zip(isolation, confidence, strict=True):
            check_in = WellbeingSurveyFactory(region=wellington, round=round_)
            respond(check_in, {"isolation": i, "confidence": c, "stress": 3, "keep_caring": 5})
