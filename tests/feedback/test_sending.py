"""surveys_send_due: who is asked what, when, and that running it twice sends nothing twice."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from buddies.models import MatchStatus
from events.models import Attendance, Audience
from feedback import services
from feedback.models import Invitation, Survey, SurveyKind
from notifications.models import Message
from tests.buddies.factories import MatchFactory
from tests.events.factories import EventFactory, RSVPFactory
from tests.feedback.factories import InvitationFactory
from tests.groups.factories import GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _ended(hours_ago: float, **fields):
    ends = timezone.now() - timedelta(hours=hours_ago)
    return EventFactory(starts_at=ends - timedelta(hours=2), ends_at=ends, **fields)


def _run_twice() -> tuple[int, int]:
    return services.surveys_send_due(), services.surveys_send_due()


def test_after_an_event_those_who_came_and_no_shows_are_asked_differently(wellington, social_worker, caregiver):
    event = _ended(4, region=wellington, created_by=social_worker)
    RSVPFactory(event=event, user=caregiver, attendance=Attendance.ATTENDED)
    missed = RSVPFactory(event=event, attendance=Attendance.NO_SHOW).user
    services._event_surveys(timezone.now())
    assert Invitation.objects.get(user=caregiver).survey.kind == SurveyKind.EVENT
    assert Invitation.objects.get(user=missed).survey.kind == SurveyKind.NO_SHOW
    no_show_mail = Message.objects.get(recipient=missed, kind="survey_invitation")
    assert "We missed you" in no_show_mail.subject
    token = services.invitation_token(Invitation.objects.get(user=missed))
    assert token in no_show_mail.body


def test_events_are_asked_about_only_a_few_hours_after_they_end(wellington, social_worker, caregiver):
    too_soon = _ended(1, region=wellington, created_by=social_worker)
    too_old = _ended(24 * 8, region=wellington, created_by=social_worker)
    meeting = _ended(4, region=wellington, created_by=social_worker, audience=Audience.GROUP)
    for event in (too_soon, too_old, meeting):
        RSVPFactory(event=event, user=caregiver)
    services._event_surveys(timezone.now())
    assert not Survey.objects.filter(kind__in=[SurveyKind.EVENT, SurveyKind.NO_SHOW]).exists()


def test_without_check_in_everyone_going_is_asked_about_the_event(wellington, social_worker, caregiver):
    event = _ended(4, region=wellington, created_by=social_worker)
    RSVPFactory(event=event, user=caregiver)
    services._event_surveys(timezone.now())
    assert Invitation.objects.get(user=caregiver).survey.kind == SurveyKind.EVENT


def test_running_twice_sends_nothing_twice(wellington, social_worker, caregiver):
    event = _ended(4, region=wellington, created_by=social_worker)
    RSVPFactory(event=event, user=caregiver, attendance=Attendance.ATTENDED)
    MatchFactory(status=MatchStatus.ACTIVE, started_on=timezone.localdate() - timedelta(days=31))
    group = GroupFactory(region=wellington, social_worker=social_worker, created_by=social_worker)
    MembershipFactory(group=group, user=caregiver)
    first, second = _run_twice()
    assert first > 0 and second == 0
    surveys, invitations, messages = Survey.objects.count(), Invitation.objects.count(), Message.objects.count()
    services.surveys_send_due()
    assert (Survey.objects.count(), Invitation.objects.count(), Message.objects.count()) == (
        surveys,
        invitations,
        messages,
    )
    assert Message.objects.filter(recipient=caregiver, kind="survey_invitation").count() == 3  # event, group, wellbeing


@pytest.mark.parametrize(
    ("days", "round_", "kind"),
    [(29, None, None), (30, 30, SurveyKind.BUDDY_30), (89, 30, SurveyKind.BUDDY_30), (90, 90, SurveyKind.BUDDY_60),
     (151, 150, SurveyKind.BUDDY_60)],
)  # fmt: skip
def test_buddy_pairs_at_30_days_then_every_60(days, round_, kind):
    match = MatchFactory(status=MatchStatus.ACTIVE, started_on=timezone.localdate() - timedelta(days=days))
    assert services.buddy_round_due(match.started_on, timezone.localdate()) == round_
    services._buddy_surveys(timezone.now())
    surveys = Survey.objects.filter(match=match)
    if kind is None:
        assert not surveys.exists()
    else:
        survey = surveys.get()
        assert (survey.kind, survey.round) == (kind, round_)
        assert set(survey.invitations.values_list("user", flat=True)) == {match.new_caregiver_id, match.buddy_id}


def test_buddy_pair_asked_once_at_the_end():
    match = MatchFactory(
        status=MatchStatus.ENDED, started_on=timezone.localdate() - timedelta(days=100), ended_at=timezone.now()
    )
    services._buddy_surveys(timezone.now())
    services._buddy_surveys(timezone.now())
    assert Survey.objects.get(match=match).kind == SurveyKind.BUDDY_END


def test_groups_quarterly(wellington, social_worker, caregiver):
    group = GroupFactory(region=wellington, social_worker=social_worker, created_by=social_worker)
    MembershipFactory(group=group, user=caregiver)
    services._group_surveys(timezone.now())
    services._group_surveys(timezone.now() + timedelta(days=1))
    assert Survey.objects.filter(group=group).count() == 1
    services._group_surveys(timezone.now() + timedelta(days=95))
    assert Survey.objects.filter(group=group).count() == 2


def test_wellbeing_at_joining_then_every_three_months(caregiver):
    services._wellbeing_surveys(timezone.now())
    assert list(Survey.objects.filter(kind=SurveyKind.WELLBEING).values_list("round", flat=True)) == [0]
    services._wellbeing_surveys(timezone.now() + timedelta(days=40))
    assert Survey.objects.filter(kind=SurveyKind.WELLBEING).count() == 1
    services._wellbeing_surveys(timezone.now() + timedelta(days=93))
    assert sorted(Survey.objects.filter(kind=SurveyKind.WELLBEING).values_list("round", flat=True)) == [0, 1]


def test_wellbeing_round_arithmetic():
    assert services.wellbeing_round_due(date(2026, 1, 31), date(2026, 4, 30)) == 0
    assert services.wellbeing_round_due(date(2026, 1, 31), date(2026, 5, 1)) == 1
    assert services.wellbeing_round_due(date(2026, 1, 15), date(2027, 1, 15)) == 4


def test_a_member_who_joins_during_the_quarter_is_asked_on_the_next_run(wellington, social_worker, caregiver):
    group = GroupFactory(region=wellington, social_worker=social_worker, created_by=social_worker)
    MembershipFactory(group=group, user=caregiver)
    assert services._group_surveys(timezone.now()) == 1
    newcomer = MembershipFactory(group=group).user
    assert services._group_surveys(timezone.now()) == 1
    assert set(Survey.objects.get(group=group).invitations.values_list("user", flat=True)) == {
        caregiver.pk,
        newcomer.pk,
    }


def test_the_link_expires(caregiver, monkeypatch):
    invitation = InvitationFactory(user=caregiver)
    token = services.invitation_token(invitation)
    assert services.invitation_from_token(token) == invitation
    monkeypatch.setattr(services, "LINK_DAYS", -1)
    assert services.invitation_from_token(token) is None
