"""Managers review staff reads (``staff_reads``): by staff member and period, counts per
staff member, each read with the caregiver's name, for caregivers in the manager's regions;
bad dates are refused next to the field; its query budget. Who may see it:
tests/test_permissions.py (managers only)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.models import ReadKind, Role, StaffRead
from accounts.reads import record_read, record_reads
from tests.accounts.factories import CaregiverFactory, make_staff
from tests.querycount import assert_constant_queries

URL = reverse("staff_reads")


def days_ago(n: int) -> datetime:
    return datetime.combine(timezone.localdate() - timedelta(days=n), time(12), tzinfo=timezone.get_current_timezone())


def read(reader, subject, *, days: int = 0, what=ReadKind.RECORD, reason=""):
    return StaffRead.objects.create(reader=reader, subject=subject, what=what, at=days_ago(days), reason=reason)


def test_every_read_with_who_whom_what_and_why_and_counts_per_staff_member(
    client, manager, social_worker, caregiver, caregiver_other_region, social_worker_other_region
):
    record_read(reader=social_worker, subject=caregiver, what=ReadKind.RECORD)
    record_reads(reader=social_worker, subjects=[caregiver], what=ReadKind.CSV_EXPORT, reason="Name badges")
    record_read(reader=social_worker_other_region, subject=caregiver_other_region, what=ReadKind.CARE_MAP)
    client.force_login(manager)
    response = client.get(URL)
    html = response.content.decode()
    assert [(c["name"], c["n"]) for c in response.context["counts"]] == [
        (social_worker.display_name, 2),
        (social_worker_other_region.display_name, 1),
    ]
    assert caregiver.display_name in html and caregiver_other_region.display_name in html
    assert "Name badges" in html and "Spreadsheet (CSV) export" in html
    assert len(response.context["page"].object_list) == 3


def test_filter_by_staff_member_and_period(client, manager, social_worker, caregiver, social_worker_other_region):
    read(social_worker, caregiver, days=10)
    read(social_worker, caregiver, days=3)
    read(social_worker_other_region, caregiver, days=3)
    client.force_login(manager)
    start = (timezone.localdate() - timedelta(days=5)).isoformat()
    response = client.get(URL, {"reader": social_worker.pk, "start": start})
    assert [r.at for r in response.context["page"].object_list] == [days_ago(3)]
    assert [c["n"] for c in response.context["counts"]] == [1]
    end = (timezone.localdate() - timedelta(days=5)).isoformat()
    response = client.get(URL, {"end": end})
    assert [r.at for r in response.context["page"].object_list] == [days_ago(10)]


def test_bad_dates_get_a_message_next_to_the_field_and_list_nothing(client, manager, social_worker, caregiver):
    read(social_worker, caregiver)
    client.force_login(manager)
    response = client.get(URL, {"start": "2026-13-45", "end": ""})
    html = response.content.decode()
    assert "Enter a valid date." in html and 'id="error-summary"' in html
    assert 'aria-invalid="true"' in html or "is-invalid" in html
    assert 'value="2026-13-45"' in html  # what was typed is kept
    assert "Every read, newest first" not in html
    response = client.get(URL, {"start": "2026-05-10", "end": "2026-05-01"})
    assert "The end of the period must be on or after its start." in response.content.decode()
    assert client.get(URL, {"start": "0001-01-01"}).context["form"].errors["start"]


def test_an_unknown_staff_member_is_refused_next_to_the_field(client, manager):
    client.force_login(manager)
    response = client.get(URL, {"reader": "999999"})
    assert response.context["form"].errors["reader"]


def test_a_regional_manager_sees_reads_of_caregivers_in_her_regions_only(
    client, wellington, auckland, social_worker, caregiver, caregiver_other_region, social_worker_other_region
):
    regional = make_staff(role=Role.MANAGER, regions=[wellington], email="regional.manager@example.org")
    read(social_worker, caregiver)
    read(social_worker_other_region, caregiver_other_region)
    client.force_login(regional)
    response = client.get(URL)
    assert [r.subject_id for r in response.context["page"].object_list] == [caregiver.pk]
    assert caregiver_other_region.display_name not in response.content.decode()
    assert [c["name"] for c in response.context["counts"]] == [social_worker.display_name]


def test_the_manager_home_page_links_to_it(client, manager):
    client.force_login(manager)
    assert URL in client.get(reverse("home")).content.decode()


def test_query_budget(client, manager, social_worker, caregiver, wellington):
    read(social_worker, caregiver)
    client.force_login(manager)

    def add_rows():
        readers = [
            make_staff(role=Role.SOCIAL_WORKER, regions=[wellington], email=f"sw{i}@example.org") for i in range(5)
        ]
        people = [CaregiverFactory(region=wellington).user for _ in range(10)]
        StaffRead.objects.bulk_create(
            StaffRead(reader=r, subject=p, what=ReadKind.RSVP_DETAILS, object_id=1) for r in readers for p in people
        )

    # 1 session, 2 user, 3 TOTP check, 4 staff profile (national or regional), 5 the staff members to
    # choose from, 6 counts per staff member, 7 count of reads (pages), 8 this page of them
    # with reader and caregiver.
    assert_constant_queries(lambda: client.get(URL), add_rows, expected=8)
