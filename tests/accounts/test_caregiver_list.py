"""The caregiver list (``caregiver_list``): only the regions the staff member works in,
their caseload or everyone, search; its query budget (1 row as for 60, more than a page)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.accounts.factories import CaregiverFactory
from tests.querycount import assert_constant_queries


def test_caregiver_list_shows_only_regions_the_staff_member_works_in(
    client, social_worker_other_region, caregiver, caregiver_other_region
):
    client.force_login(social_worker_other_region)
    response = client.get(reverse("caregiver_list"), {"scope": "all"})
    shown = [p.user for p in response.context["page"].object_list]
    assert shown == [caregiver_other_region]


def test_caseload_scope_and_search(client, social_worker, wellington, caregiver):
    CaregiverFactory(region=wellington, social_worker=None, user__first_name="Unassigned", locality="Porirua")
    client.force_login(social_worker)
    mine = client.get(reverse("caregiver_list"))  # a social worker starts on their caseload
    assert [p.user for p in mine.context["page"].object_list] == [caregiver]
    everyone = client.get(reverse("caregiver_list"), {"scope": "all", "q": "porirua"})
    assert [p.user.first_name for p in everyone.context["page"].object_list] == ["Unassigned"]


@pytest.mark.parametrize("scope", ["mine", "all"])
def test_caregiver_list_query_budget(client, social_worker, wellington, caregiver, scope):
    client.force_login(social_worker)

    def add_rows():
        for _ in range(60):
            CaregiverFactory(region=wellington, social_worker=social_worker)

    # 1 session, 2 user, 3 TOTP check (MFA middleware), 4 staff profile (regions),
    # 5 count for the paginator, 6 the page of caregivers with user, region and social worker joined.
    assert_constant_queries(lambda: client.get(reverse("caregiver_list"), {"scope": scope}), add_rows, expected=6)
