"""Sharing a care map with one's own social worker, stopping, and the record of their reads."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import ReadKind, Role, StaffRead
from directory import caremap
from directory.models import CareMapShare
from tests.accounts.factories import make_staff
from tests.directory.factories import CareMapEntryFactory


@pytest.fixture
def shared(caregiver, social_worker):
    CareMapEntryFactory(owner=caregiver, label="Mere")
    return caremap.share_start(owner=caregiver)


def test_a_caregiver_shares_with_her_social_worker_and_stops(signed_in, caregiver, social_worker):
    page = signed_in.get(reverse("caremap")).content.decode()
    assert f"Share with {social_worker.display_name}" in page
    assert signed_in.post(reverse("caremap_share")).status_code == 302
    share = CareMapShare.objects.get(owner=caregiver)
    assert share.social_worker == social_worker and share.is_open
    page = signed_in.get(reverse("caremap")).content.decode()
    assert f"Shared with {social_worker.display_name} since" in page and "Stop sharing" in page
    signed_in.post(reverse("caremap_share"))  # a double click: still one share
    assert CareMapShare.objects.filter(owner=caregiver).count() == 1
    assert signed_in.post(reverse("caremap_stop_sharing")).status_code == 302
    share.refresh_from_db()
    assert share.stopped_at is not None
    assert "Stop sharing" not in signed_in.get(reverse("caremap")).content.decode()


def test_her_social_worker_reads_the_shared_map_and_each_read_is_recorded(client, caregiver, social_worker, shared):
    client.force_login(social_worker)
    url = reverse("caremap_shared", args=[caregiver.caregiver_profile.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>Mere</strong>" in html and 'role="img"' in html
    assert "Remove" not in html and "Add to my map" not in html  # read-only
    client.get(url)
    # In the agency's one read log: who, whose, what kind and under which share; no content.
    reads = StaffRead.objects.filter(what=ReadKind.CARE_MAP)
    assert (
        list(reads.values_list("reader", "subject", "object_id", "reason"))
        == [(social_worker.pk, caregiver.pk, shared.pk, "")] * 2
    )
    client.force_login(caregiver)
    page = client.get(reverse("caremap")).content.decode()
    assert f"{social_worker.display_name} looked at your map on" in page


def test_the_caregiver_page_links_to_a_map_shared_with_this_social_worker(client, caregiver, social_worker, shared):
    client.force_login(social_worker)
    detail = reverse("caregiver_detail", args=[caregiver.caregiver_profile.pk])
    assert reverse("caremap_shared", args=[caregiver.caregiver_profile.pk]) in client.get(detail).content.decode()
    caremap.share_stop(owner=caregiver)
    assert "care-map/" not in client.get(detail).content.decode()


def test_after_she_stops_sharing_her_social_worker_gets_404_and_nothing_is_recorded(
    client, caregiver, social_worker, shared
):
    caremap.share_stop(owner=caregiver)
    client.force_login(social_worker)
    assert client.get(reverse("caremap_shared", args=[caregiver.caregiver_profile.pk])).status_code == 404
    assert not StaffRead.objects.exists()


def test_a_map_never_shared_is_404_to_her_social_worker(client, caregiver, social_worker):
    client.force_login(social_worker)
    assert client.get(reverse("caremap_shared", args=[caregiver.caregiver_profile.pk])).status_code == 404


def test_another_social_worker_of_the_same_region_gets_404(client, caregiver, wellington, shared):
    colleague = make_staff(role=Role.SOCIAL_WORKER, regions=[wellington], email="colleague@example.org")
    client.force_login(colleague)
    assert client.get(reverse("caremap_shared", args=[caregiver.caregiver_profile.pk])).status_code == 404
    assert not StaffRead.objects.exists()


def test_a_new_social_worker_does_not_inherit_the_share(client, caregiver, wellington, shared):
    successor = make_staff(role=Role.SOCIAL_WORKER, regions=[wellington], email="successor@example.org")
    profile = caregiver.caregiver_profile
    profile.social_worker = successor
    profile.save()
    client.force_login(successor)
    assert client.get(reverse("caremap_shared", args=[profile.pk])).status_code == 404
    # Sharing again moves the share to the new social worker, closing the old one.
    share = caremap.share_start(owner=caregiver)
    assert share.social_worker == successor
    assert CareMapShare.objects.filter(owner=caregiver, stopped_at__isnull=True).count() == 1
    assert client.get(reverse("caremap_shared", args=[profile.pk])).status_code == 200


def test_a_caregiver_without_a_social_worker_cannot_share(signed_in, caregiver):
    profile = caregiver.caregiver_profile
    profile.social_worker = None
    profile.save()
    response = signed_in.post(reverse("caremap_share"), follow=True)
    assert "You have no social worker yet" in response.content.decode()
    assert not CareMapShare.objects.exists()


def test_the_database_allows_one_open_share_and_no_stop_before_the_start(caregiver, social_worker, shared):
    with pytest.raises(IntegrityError), transaction.atomic():
        CareMapShare.objects.create(owner=caregiver, social_worker=social_worker)
    with pytest.raises(IntegrityError), transaction.atomic():
        CareMapShare.objects.filter(pk=shared.pk).update(stopped_at=shared.shared_at - timedelta(days=1))
    caremap.share_stop(owner=caregiver, now=timezone.now())
    assert CareMapShare.objects.get().stopped_at is not None
