"""The privacy guard on every other free text a caregiver writes that others read (issue 12,
Deliver 4): RSVP notes, follow-up notes, join-request and hub-request messages, buddy feedback.

Each form is one row of ``FORMS``: how to reach it, what it sends besides the guarded field,
and where the text lands when saved. Every row runs the same tests: a high-risk finding is
refused next to the field (nothing saved, the text kept), one click replaces it and the form
then saves, a lower-risk finding needs the confirmation, a clean text saves as before, and a
name the author protected is caught.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import free_text
from buddies.models import MatchStatus
from events.models import RSVP, Audience, EventInvitee, FollowUp
from groups.models import GroupKind, HubRequest, MemberRole, Membership
from privacy import services as privacy_services
from tests.accounts.factories import CaregiverFactory
from tests.buddies.factories import MatchFactory
from tests.events.factories import EventFactory
from tests.events.helpers import reply
from tests.groups.factories import GroupFactory, MembershipFactory
from tests.html_page import Page

PHONE = "Ring me on 021 458 2210 please"
PHONE_SPAN = "021 458 2210"
SCHOOL = "She starts at Hillside Kindergarten next week"
CLEAN = "Vegetarian, and a quiet corner if possible"


@dataclass
class Form:
    """``setup(request)`` returns (client, url, other fields, field, saved) where ``saved()``
    is the saved text, or None when nothing was saved."""

    setup: object
    field: str


def _rsvp(request):
    caregiver = request.getfixturevalue("caregiver")
    event = EventFactory(
        region=request.getfixturevalue("wellington"),
        created_by=request.getfixturevalue("social_worker"),
        capacity=30,
        childminding=True,
    )
    client = request.getfixturevalue("client")
    client.force_login(caregiver)
    data = reply(dietary="")

    def saved():
        row = RSVP.objects.filter(event=event, user=caregiver).first()
        return row.dietary if row else None

    return client, caregiver, reverse("rsvp_edit", args=[event.pk]), data, saved


def _rsvp_access(request):
    client, author, url, data, _saved = _rsvp(request)

    def saved():
        row = RSVP.objects.filter(user=author).first()
        return row.access_needs if row else None

    return client, author, url, data, saved


def _follow_up(request):
    caregiver = request.getfixturevalue("caregiver")
    staff = request.getfixturevalue("social_worker")
    event = EventFactory(
        region=request.getfixturevalue("wellington"), created_by=staff, audience=Audience.INVITED, title="Training"
    )
    EventInvitee.objects.create(event=event, user=caregiver)
    client = request.getfixturevalue("client")
    client.force_login(staff)

    def saved():
        row = FollowUp.objects.first()
        return row.note if row else None

    url = reverse("follow_up_create", args=[event.pk, caregiver.pk])
    return client, staff, url, {"method": "call", "outcome": "coming", "return_to": "replies"}, saved


def _join_request(request):
    newcomer = CaregiverFactory(region=request.getfixturevalue("wellington"), user__first_name="Sione").user
    staff = request.getfixturevalue("social_worker")
    group = GroupFactory(region=request.getfixturevalue("wellington"), social_worker=staff, created_by=staff)
    client = request.getfixturevalue("client")
    client.force_login(newcomer)

    def saved():
        row = Membership.objects.filter(group=group, user=newcomer).first()
        return row.request_message if row else None

    return client, newcomer, reverse("group_join", args=[group.pk]), {}, saved


def _hub_request(request):
    staff = request.getfixturevalue("social_worker")
    wellington = request.getfixturevalue("wellington")
    group = GroupFactory(region=wellington, kind=GroupKind.CONSTELLATION, social_worker=staff, created_by=staff)
    hub = CaregiverFactory(region=wellington, user__first_name="Aroha").user
    MembershipFactory(group=group, user=hub, role=MemberRole.FACILITATOR)
    caregiver = request.getfixturevalue("caregiver")
    MembershipFactory(group=group, user=caregiver)
    client = request.getfixturevalue("client")
    client.force_login(caregiver)
    data = {"kind": "sleepover", "starts_on": (timezone.localdate() + timedelta(days=5)).isoformat(), "ends_on": ""}

    def saved():
        row = HubRequest.objects.first()
        return row.message if row else None

    return client, caregiver, reverse("hub_requests", args=[group.pk]), data, saved


def _hub_answer(request):
    client, satellite, url, data, _saved = _hub_request(request)
    client.post(url, {**data, "message": ""})
    hub_request = HubRequest.objects.get()
    hub = Membership.objects.get(group=hub_request.group, role=MemberRole.FACILITATOR).user
    client.force_login(hub)

    def saved():
        hub_request.refresh_from_db()
        return hub_request.answer if hub_request.status != "open" else None

    url = reverse("hub_request_answer", args=[hub_request.group_id, hub_request.pk])
    return client, hub, url, {"decision": "agree"}, saved


def _match_end(request):
    match = MatchFactory(status=MatchStatus.ACTIVE)
    client = request.getfixturevalue("client")
    client.force_login(match.buddy)

    def saved():
        match.refresh_from_db()
        return match.feedback_buddy if match.status == MatchStatus.ENDED else None

    return client, match.buddy, reverse("match_end", args=[match.pk]), {"reason": "completed"}, saved


def _match_feedback(request):
    match = MatchFactory(status=MatchStatus.ENDED)
    client = request.getfixturevalue("client")
    client.force_login(match.new_caregiver)

    def saved():
        match.refresh_from_db()
        return match.feedback_new or None

    return client, match.new_caregiver, reverse("match_feedback", args=[match.pk]), {}, saved


FORMS = {
    "rsvp dietary": Form(_rsvp, "dietary"),
    "rsvp access needs": Form(_rsvp_access, "access_needs"),
    "event follow-up note": Form(_follow_up, "note"),
    "group join request": Form(_join_request, "message"),
    "hub request": Form(_hub_request, "message"),
    "hub answer": Form(_hub_answer, "answer"),
    "buddy end feedback": Form(_match_end, "feedback"),
    "buddy feedback": Form(_match_feedback, "feedback"),
}

pytestmark = [pytest.mark.django_db, pytest.mark.parametrize("form", list(FORMS.values()), ids=list(FORMS))]


def _post(client, url, data):
    response = client.post(url, data)
    assert response.status_code in (200, 302), response.status_code
    return response


def test_a_high_risk_finding_is_refused_next_to_the_field_and_nothing_saved(request, form):
    client, _author, url, data, saved = form.setup(request)
    response = _post(client, url, {**data, form.field: PHONE})
    assert response.status_code == 200
    bound = response.context["form"] if "form" in response.context else response.context["feedback_form"]
    assert any("phone number" in e for e in bound.errors[form.field])
    assert bound.data[form.field] == PHONE  # what was typed is kept
    page = Page.of(response)
    assert page.error_summaries  # linked to the field
    html = response.content.decode()
    assert 'name="free_text_redact"' in html and "[number]" in html
    assert free_text.CONFIRM not in bound.fields  # no way to send a phone number as it is
    assert saved() is None
    # Ticking a confirmation does not help: a phone number must be replaced.
    _post(client, url, {**data, form.field: PHONE, free_text.CONFIRM: "on"})
    assert saved() is None


def test_one_click_replaces_the_finding_then_the_form_saves(request, form):
    client, _author, url, data, saved = form.setup(request)
    start = PHONE.index(PHONE_SPAN)
    response = _post(
        client, url, {**data, form.field: PHONE, free_text.REDACT: f"{form.field}:{start}:{start + len(PHONE_SPAN)}"}
    )
    assert response.status_code == 200
    bound = response.context["form"] if "form" in response.context else response.context["feedback_form"]
    assert bound.data[form.field] == "Ring me on [number] please"
    assert saved() is None  # shown again first
    _post(client, url, {**data, form.field: bound.data[form.field]})
    assert saved() == "Ring me on [number] please"


def test_a_lower_risk_finding_needs_the_confirmation(request, form):
    client, _author, url, data, saved = form.setup(request)
    response = _post(client, url, {**data, form.field: SCHOOL})
    assert response.status_code == 200
    bound = response.context["form"] if "form" in response.context else response.context["feedback_form"]
    assert any("school" in e for e in bound.errors[form.field])
    assert free_text.CONFIRM in bound.errors
    assert saved() is None
    _post(client, url, {**data, form.field: SCHOOL, free_text.CONFIRM: "on"})
    assert saved() == SCHOOL


def test_a_clean_text_saves_as_before(request, form):
    client, _author, url, data, saved = form.setup(request)
    response = _post(client, url, {**data, form.field: CLEAN})
    assert response.status_code == 302
    assert saved() == CLEAN


def test_a_name_the_author_protected_is_caught(request, form):
    client, author, url, data, saved = form.setup(request)
    privacy_services.protected_name_add(user=author, name="Tipene")
    response = _post(client, url, {**data, form.field: "Tipene will come too"})
    assert response.status_code == 200
    bound = response.context["form"] if "form" in response.context else response.context["feedback_form"]
    assert any("protect" in e for e in bound.errors[form.field])
    assert saved() is None
