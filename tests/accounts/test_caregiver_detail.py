"""A caregiver's details for staff (``caregiver_detail``). Who may see them is in
tests/test_permissions.py."""

from __future__ import annotations

from django.urls import reverse


def test_caregiver_detail_shows_their_details(client, social_worker, caregiver):
    client.force_login(social_worker)
    response = client.get(reverse("caregiver_detail", args=[caregiver.caregiver_profile.pk]))
    assert response.status_code == 200
    assert caregiver.email.encode() in response.content
