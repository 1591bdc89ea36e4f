"""A caregiver's record of staff reads (``who_looked``): who from the agency looked at
what and when, newest first, paginated; only her own rows; its query budget."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.models import ReadKind, StaffRead
from accounts.reads import record_read, record_reads
from tests.querycount import assert_constant_queries


def test_she_sees_who_looked_at_what_and_when_newest_first(client, caregiver, social_worker, manager):
    social_worker.staff_profile.job_title = "Caregiver social worker"
    social_worker.staff_profile.save()
    record_read(reader=manager, subject=caregiver, what=ReadKind.CSV_EXPORT, reason="Badges")
    record_read(reader=social_worker, subject=caregiver, what=ReadKind.CARE_MAP)
    client.force_login(caregiver)
    response = client.get(reverse("who_looked"))
    html = response.content.decode()
    reads = list(response.context["page"].object_list)
    assert [r.what for r in reads] == [ReadKind.CARE_MAP, ReadKind.CSV_EXPORT]
    assert "Caregiver social worker" in html and social_worker.display_name in html
    assert "Care map" in html and "Spreadsheet (CSV) export" in html
    assert "Badges" not in html  # the reason is for managers; she sees who, what kind and when


def test_she_sees_only_her_own_reads(client, caregiver, caregiver_other_region, social_worker_other_region):
    record_read(reader=social_worker_other_region, subject=caregiver_other_region, what=ReadKind.RECORD)
    client.force_login(caregiver)
    response = client.get(reverse("who_looked"))
    assert list(response.context["page"].object_list) == []
    assert "Nobody from the agency has looked at your record yet." in response.content.decode()


def test_the_profile_page_links_to_it(client, caregiver):
    client.force_login(caregiver)
    assert reverse("who_looked") in client.get(reverse("profile")).content.decode()


def test_many_reads_are_paginated_fifty_a_page(client, caregiver, social_worker):
    record_reads(reader=social_worker, subjects=[caregiver], what=ReadKind.RECORD)
    StaffRead.objects.bulk_create(
        StaffRead(reader=social_worker, subject=caregiver, what=ReadKind.RECORD, at=timezone.now() - timedelta(days=i))
        for i in range(1, 60)
    )
    client.force_login(caregiver)
    first = client.get(reverse("who_looked"))
    assert len(first.context["page"].object_list) == 50
    assert "Page 1 of 2" in first.content.decode()
    assert len(client.get(reverse("who_looked"), {"page": 2}).context["page"].object_list) == 10


def test_query_budget(client, caregiver, social_worker, manager):
    record_read(reader=social_worker, subject=caregiver, what=ReadKind.RECORD)
    client.force_login(caregiver)

    def add_rows():
        StaffRead.objects.bulk_create(
            StaffRead(reader=reader, subject=caregiver, what=ReadKind.RSVP_DETAILS, object_id=i)
            for i in range(40)
            for reader in (social_worker, manager)
        )

    # 1 session, 2 user, 3 count of her reads, 4 this page of them with reader and job title.
    assert_constant_queries(lambda: client.get(reverse("who_looked")), add_rows, expected=4)
