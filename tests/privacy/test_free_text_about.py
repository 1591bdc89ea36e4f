"""Staff free text about a caregiver (a follow-up note) is checked with the real guard against
the names that caregiver protects, not only the writer's (accounts.free_text ``about=``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts import free_text
from events.models import Audience, EventInvitee, FollowUp
from privacy import services as privacy_services
from tests.accounts.factories import CaregiverFactory
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def korimako(caregiver):
    """The caregiver protects the name of a child in her care."""
    privacy_services.protected_name_add(user=caregiver, name="Korimako")
    return caregiver


def test_the_interface_checks_the_names_of_the_person_written_about(korimako, social_worker):
    text = "Talked with her, Korimako's settling in"
    assert [f.category for f in free_text.check(text, author=social_worker)] == []
    findings = free_text.check(text, author=social_worker, about=korimako)
    found = [(text[f.start : f.end], f.category, f.high_risk) for f in findings]
    assert found == [("Korimako", "PROTECTED_NAME", True)]
    # Said so: the name is the caregiver's, not one the writer registered.
    assert "caregiver you are writing about" in str(findings[0].explanation)


def test_several_people_and_nobody(korimako, social_worker, wellington):
    other = CaregiverFactory(region=wellington).user
    privacy_services.protected_name_add(user=other, name="Ottoline")
    text = "Korimako and Ottoline both came"
    found = free_text.check(text, author=social_worker, about=[korimako, other])
    assert [text[f.start : f.end] for f in found] == ["Korimako", "Ottoline"]
    assert [text[f.start : f.end] for f in free_text.check(text, author=social_worker, about=[other])] == ["Ottoline"]
    assert free_text.check(text, author=social_worker, about=[]) == free_text.check(text, author=social_worker)


def test_a_writers_own_protected_name_keeps_its_own_explanation(korimako, wellington):
    writer = CaregiverFactory(region=wellington).user
    privacy_services.protected_name_add(user=writer, name="Hemi")
    text = "Hemi and Korimako"
    found = free_text.check(text, author=writer, about=korimako)
    explanations = {text[f.start : f.end]: str(f.explanation) for f in found}
    assert "you asked us to protect" in explanations["Hemi"]
    assert "caregiver you are writing about" in explanations["Korimako"]


def test_a_follow_up_note_naming_the_caregivers_protected_child_is_refused(client, korimako, social_worker, wellington):
    event = EventFactory(region=wellington, created_by=social_worker, audience=Audience.INVITED)
    EventInvitee.objects.create(event=event, user=korimako)
    client.force_login(social_worker)
    url = reverse("follow_up_create", args=[event.pk, korimako.pk])
    data = {"method": "call", "outcome": "coming", "note": "Coming, bringing Korimako"}

    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors["note"]
    assert any("caregiver you are writing about" in e for e in errors)
    assert response.context["form"].data["note"] == data["note"]  # what was typed is kept
    assert not FollowUp.objects.exists()
    # Protected names are high-risk: no confirmation lets it through.
    client.post(url, {**data, free_text.CONFIRM: "on"})
    assert not FollowUp.objects.exists()

    client.post(url, {**data, "note": "Coming, bringing [child]"})
    assert FollowUp.objects.get().note == "Coming, bringing [child]"


def test_another_caregivers_protected_name_is_not_this_notes_business(client, caregiver, social_worker, wellington):
    """Only the person written about counts: a name someone else protects is not flagged."""
    other = CaregiverFactory(region=wellington).user
    privacy_services.protected_name_add(user=other, name="Korimako")
    event = EventFactory(region=wellington, created_by=social_worker, audience=Audience.INVITED)
    EventInvitee.objects.create(event=event, user=caregiver)
    client.force_login(social_worker)
    url = reverse("follow_up_create", args=[event.pk, caregiver.pk])
    response = client.post(url, {"method": "call", "outcome": "coming", "note": "Korimako is a lovely name"})
    assert response.status_code == 302
    assert FollowUp.objects.get().note == "Korimako is a lovely name"
