"""A caregiver's details for staff (``caregiver_detail``). Who may see them is in
tests/test_permissions.py."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import ReadKind, StaffRead


def test_caregiver_detail_shows_their_details(client, social_worker, caregiver):
    client.force_login(social_worker)
    response = client.get(reverse("caregiver_detail", args=[caregiver.caregiver_profile.pk]))
    assert response.status_code == 200
    assert caregiver.email.encode() in response.content


def test_each_view_of_a_caregivers_record_is_recorded_without_its_content(client, social_worker, caregiver):
    client.force_login(social_worker)
    url = reverse("caregiver_detail", args=[caregiver.caregiver_profile.pk])
    client.get(url)
    client.get(url)
    rows = list(StaffRead.objects.values_list("reader", "subject", "what", "object_id", "reason"))
    assert rows == [(social_worker.pk, caregiver.pk, ReadKind.RECORD, caregiver.caregiver_profile.pk, "")] * 2


def test_a_refused_view_records_nothing(client, social_worker_other_region, caregiver):
    client.force_login(social_worker_other_region)
    assert client.get(reverse("caregiver_detail", args=[caregiver.caregiver_profile.pk])).status_code == 404
    assert not StaffRead.objects.exists()


def test_a_caregiver_looking_at_her_own_profile_records_nothing(client, caregiver):
    client.force_login(caregiver)
    for name in ("profile", "who_looked", "home"):
        assert client.get(reverse(name)).status_code == 200
    assert not StaffRead.objects.exists()
