"""Close the loop (Mentorloop's pattern): the survey at the end of a buddy pairing asks whether
there is anything the social worker should know or follow up. Only the pair's coordinating
social worker reads those answers (with a read recorded); nobody else, and never in reports."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import ReadKind, Role, StaffRead
from buddies.models import MatchStatus
from feedback import services
from feedback.models import SurveyKind
from privacy import services as privacy_services
from tests.accounts.factories import make_staff
from tests.buddies.factories import ExperiencedCaregiverFactory, MatchFactory, NewCaregiverFactory
from tests.feedback.factories import InvitationFactory, SurveyFactory, respond

pytestmark = pytest.mark.django_db

FOLLOW_UP = "Things got hard at home in the last month; a call would help."


@pytest.fixture
def other_social_worker(wellington):
    """Another Wellington social worker: sees the region's pairs, coordinates none of these."""
    return make_staff(role=Role.SOCIAL_WORKER, regions=[wellington], email="sw2.wellington@example.org")


def _ended_pair(wellington, **fields):
    return MatchFactory(
        new_caregiver=NewCaregiverFactory(region=wellington).user,
        buddy=ExperiencedCaregiverFactory(region=wellington).user,
        status=MatchStatus.ENDED,
        ended_at=timezone.now() - timedelta(days=2),
        **fields,
    )


def _end_survey(pair, wellington):
    survey = SurveyFactory(kind=SurveyKind.BUDDY_END, event=None, match=pair, region=wellington, key=f"end:{pair.pk}")
    respond(survey, {"overall": 4, "follow_up": FOLLOW_UP}, user=pair.new_caregiver)
    respond(survey, {"overall": 5, "worked": "Weekly walks"}, user=pair.buddy)
    return survey


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_end_of_pairing_survey_asks_the_close_the_loop_question():
    assert "follow_up" in [q.code for q in SurveyFactory.build(kind=SurveyKind.BUDDY_END).questions]
    assert "follow_up" not in [q.code for q in SurveyFactory.build(kind=SurveyKind.BUDDY_30).questions]


def test_the_coordinator_who_assigned_the_pair_reads_the_answers_and_the_read_is_recorded(wellington, social_worker):
    pair = _ended_pair(wellington, assigned_by=social_worker)
    survey = _end_survey(pair, wellington)
    response = _client(social_worker).get(reverse("closing_answers", args=[pair.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert FOLLOW_UP in page
    assert pair.new_caregiver.display_name in page
    assert "Weekly walks" not in page  # only the close-the-loop answers
    reads = list(StaffRead.objects.values_list("reader_id", "subject_id", "what", "object_id"))
    assert reads == [(social_worker.pk, pair.new_caregiver.pk, ReadKind.SURVEY_ANSWERS, survey.pk)]


def test_without_an_assigner_the_new_caregivers_social_worker_coordinates(wellington, social_worker):
    pair = _ended_pair(wellington)
    pair.new_caregiver.caregiver_profile.social_worker = social_worker
    pair.new_caregiver.caregiver_profile.save(update_fields=["social_worker"])
    _end_survey(pair, wellington)
    assert _client(social_worker).get(reverse("closing_answers", args=[pair.pk])).status_code == 200


def test_another_social_worker_of_the_region_gets_404_and_nothing_is_recorded(
    wellington, social_worker, other_social_worker
):
    pair = _ended_pair(wellington, assigned_by=social_worker)
    _end_survey(pair, wellington)
    response = _client(other_social_worker).get(reverse("closing_answers", args=[pair.pk]))
    assert response.status_code == 404
    assert FOLLOW_UP not in response.content.decode()
    assert not StaffRead.objects.exists()


def test_a_page_with_nothing_to_follow_up_says_so_and_records_no_read(wellington, social_worker):
    pair = _ended_pair(wellington, assigned_by=social_worker)
    response = _client(social_worker).get(reverse("closing_answers", args=[pair.pk]))
    assert "Nobody in this pairing has written anything to follow up." in response.content.decode()
    assert not StaffRead.objects.exists()


def test_the_answer_goes_through_the_privacy_guard(wellington, social_worker):
    pair = _ended_pair(wellington, assigned_by=social_worker)
    privacy_services.protected_name_add(user=pair.new_caregiver, name="Moana")
    survey = SurveyFactory(kind=SurveyKind.BUDDY_END, event=None, match=pair, region=wellington)
    invitation = InvitationFactory(survey=survey, user=pair.new_caregiver)
    answers = {"overall": 4, "follow_up": "Moana is struggling at school"}
    with pytest.raises(services.AnswerRefused) as refused:
        services.response_submit(invitation=invitation, answers=answers, share_name=False)
    assert refused.value.field == "follow_up"


def test_the_managers_report_never_shows_close_the_loop_answers(client_for, wellington):
    # Five people answered (enough for written answers to show): their "what worked" shows,
    # their close-the-loop answers do not.
    pair = _ended_pair(wellington)
    survey = SurveyFactory(kind=SurveyKind.BUDDY_END, event=None, match=pair, region=wellington)
    for i in range(5):
        respond(survey, {"overall": 4, "worked": "Weekly walks", "follow_up": f"Please call me {i}"}, share_name=True)
    start = (timezone.localdate() - timedelta(days=30)).isoformat()
    query = {"start": start, "end": timezone.localdate().isoformat(), "region": ""}
    page = client_for("manager").get(reverse("report"), query).content.decode()
    assert "Weekly walks" in page
    assert "Please call me" not in page


def test_the_pair_page_links_to_the_answers_for_the_coordinator_only(wellington, social_worker, other_social_worker):
    pair = _ended_pair(wellington, assigned_by=social_worker)
    link = reverse("closing_answers", args=[pair.pk])
    assert link in _client(social_worker).get(reverse("match_detail", args=[pair.pk])).content.decode()
    other = _client(other_social_worker).get(reverse("match_detail", args=[pair.pk]))
    assert other.status_code == 200
    assert link not in other.content.decode()
