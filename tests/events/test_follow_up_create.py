"""Logging a follow-up (``follow_up_create``): how, what, who and when; only for people
connected to the event."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import EventInvitee, FollowUp


def test_logging_a_follow_up_records_how_what_who_and_when(staff, social_worker, invited_event, caregiver):
    EventInvitee.objects.create(event=invited_event, user=caregiver)
    before = timezone.now()
    url = reverse("follow_up_create", args=[invited_event.pk, caregiver.pk])
    data = {"method": "call", "outcome": "left_message", "note": "Will try again on Saturday"}
    response = staff.post(url, data, follow=True)
    entry = FollowUp.objects.get()
    assert (entry.event, entry.caregiver, entry.by) == (invited_event, caregiver, social_worker)
    assert (entry.method, entry.outcome, entry.note) == ("call", "left_message", "Will try again on Saturday")
    assert before <= entry.at <= timezone.now()
    html = response.content.decode()
    assert f"Follow-up with {caregiver.display_name} recorded." in html
    assert f"phone call by {social_worker.display_name}: Left a message. Will try again on Saturday" in html
    [row] = response.context["rows"]
    assert row["log"] == [entry]


@pytest.mark.parametrize("method", ["text", "email"])
def test_follow_ups_by_text_and_email(staff, invited_event, caregiver, method):
    EventInvitee.objects.create(event=invited_event, user=caregiver)
    url = reverse("follow_up_create", args=[invited_event.pk, caregiver.pk])
    staff.post(url, {"method": method, "outcome": "coming", "note": ""})
    assert FollowUp.objects.get().method == method


def test_a_bad_follow_up_records_nothing(staff, invited_event, caregiver):
    EventInvitee.objects.create(event=invited_event, user=caregiver)
    url = reverse("follow_up_create", args=[invited_event.pk, caregiver.pk])
    response = staff.post(url, {"method": "fax", "outcome": "coming"}, follow=True)
    assert "Choose how you followed up and what happened" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_follow_up_with_someone_not_on_the_list_is_404(staff, invited_event, caregiver):
    url = reverse("follow_up_create", args=[invited_event.pk, caregiver.pk])
    assert staff.post(url, {"method": "call", "outcome": "coming"}).status_code == 404
    assert not FollowUp.objects.exists()


def test_follow_up_with_someone_unconnected_to_the_event_is_404(staff, event, caregiver):
    response = staff.post(
        reverse("follow_up_create", args=[event.pk, caregiver.pk]), {"method": "call", "outcome": "coming"}
    )
    assert response.status_code == 404
    assert not FollowUp.objects.exists()
