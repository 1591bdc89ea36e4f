"""The one-click link: answered on a phone without signing in, once per person; the answers
are stored as given; a forged link is 404; the database refuses a second response."""

from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.urls import reverse

from feedback import services
from feedback.models import Answer, Response
from tests.feedback.factories import AnswerFactory, InvitationFactory, ResponseFactory, SurveyFactory
from tests.html_page import Page

pytestmark = pytest.mark.django_db

GOOD = {"overall": "4", "connected": "5", "worked": "Meeting other kinship carers", "better": ""}


def _link(invitation) -> str:
    return reverse("survey_answer", args=[services.invitation_token(invitation)])


def test_visitor_answers_from_the_link_without_signing_in(client, caregiver):
    invitation = InvitationFactory(user=caregiver)
    page = client.get(_link(invitation))
    assert page.status_code == 200
    assert "Overall, how was it?" in page.content.decode()
    response = client.post(_link(invitation), {**GOOD, "share_name": "on"})
    assert response.status_code == 200
    assert "Your answers have reached us" in response.content.decode()
    saved = Response.objects.get(user=caregiver)
    assert saved.share_name
    assert {a.question: (a.value, a.text) for a in saved.answers.all()} == {
        "overall": (4, ""),
        "connected": (5, ""),
        "worked": (None, "Meeting other kinship carers"),
    }
    invitation.refresh_from_db()
    assert invitation.answered_at is not None


def test_second_answer_is_refused(client, caregiver):
    invitation = InvitationFactory(user=caregiver)
    client.post(_link(invitation), GOOD)
    again = client.post(_link(invitation), GOOD)
    assert "already answered" in again.content.decode()
    assert Response.objects.count() == 1


def test_missing_rating_shows_an_error_summary(client, caregiver):
    invitation = InvitationFactory(user=caregiver)
    response = client.post(_link(invitation), {**GOOD, "overall": ""})
    page = Page.of(response)
    assert page.title.startswith("Error:")
    assert page.error_summaries
    assert not Response.objects.exists()


def test_link_of_a_closed_account_is_404(client, caregiver):
    invitation = InvitationFactory(user=caregiver)
    caregiver.is_active = False
    caregiver.save(update_fields=["is_active"])
    assert client.get(_link(invitation)).status_code == 404


def test_forged_link_is_404(client):
    assert client.get(reverse("survey_answer", args=["MQ:1abcde:forged"])).status_code == 404


def test_database_allows_one_response_per_person_per_survey(caregiver):
    survey = SurveyFactory()
    ResponseFactory(survey=survey, user=caregiver)
    with pytest.raises(IntegrityError):
        ResponseFactory(survey=survey, user=caregiver)


@pytest.mark.parametrize(
    "fields", [{"question": "overall", "value": 6}, {"question": "overall", "value": 3, "text": "x"},
               {"question": "worked", "value": 3}, {"question": "not_in_bank", "value": 3}],
)  # fmt: skip
def test_database_refuses_answers_that_do_not_fit_the_question(fields):
    with pytest.raises(IntegrityError):
        AnswerFactory(**fields)


def test_the_privacy_guard_refuses_a_written_answer_that_could_identify_a_child(client, caregiver):
    """The real guard (accounts.free_text → privacy): answers are read by staff, so a finding is
    refused next to its question and nothing is saved."""
    invitation = InvitationFactory(user=caregiver)
    answer = {**GOOD, "worked": "Tama loved it, text me on 021 458 2210"}
    response = client.post(_link(invitation), answer)
    error = Page.of(response).by_id("id_worked_error")  # next to the field, as Django names it
    assert error is not None and "personal phone number" in error.text()
    assert not Answer.objects.exists() and not Response.objects.exists()
    assert "Tama loved it" in response.content.decode()  # what was typed is kept


def test_my_answers_shows_only_my_own(client_for, caregiver, caregiver_other_region):
    mine = ResponseFactory(user=caregiver)
    AnswerFactory(response=mine, question="overall", value=5)
    theirs = ResponseFactory(user=caregiver_other_region)
    AnswerFactory(response=theirs, question="worked", value=None, text="Secret of someone else")
    html = client_for("caregiver").get(reverse("my_answers")).content.decode()
    assert "5 – Excellent" in html
    assert "Secret of someone else" not in html
