"""Home pages per role, the caseload and invitation lists (with query budgets), caregiver detail."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.accounts.factories import CaregiverFactory, UserFactory
from tests.invitations.factories import InvitationFactory
from tests.querycount import assert_constant_queries


def test_caregiver_home_shows_empty_states(client, caregiver):
    client.force_login(caregiver)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert "You have no events coming up" in html
    assert "You are not in a peer group yet" in html
    assert "offered a buddy" in html


def test_social_worker_home_shows_caseload_and_pending_invitations(
    client, social_worker, caregiver, caregiver_other_region, wellington
):
    InvitationFactory(region=wellington, invited_by=social_worker, email="waiting@example.org")
    client.force_login(social_worker)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert caregiver.display_name in html
    assert caregiver_other_region.display_name not in html
    assert "waiting@example.org" in html
    assert response.context["caseload_count"] == 1


def test_manager_home_shows_figures_by_region_and_says_what_is_coming(
    client, manager, caregiver, caregiver_other_region
):
    client.force_login(manager)
    response = client.get(reverse("home"))
    figures = {row["name"]: row["caregiver_count"] for row in response.context["figures"]}
    assert figures == {"Auckland": 1, "Wellington": 1}
    assert b"Coming to this page" in response.content


def test_navigation_is_computed_per_role(client, caregiver, social_worker):
    client.force_login(caregiver)
    labels = [item["label"] for item in client.get(reverse("home")).context["nav_items"]]
    assert labels == ["Home", "Events", "My events", "My profile"]
    client.force_login(social_worker)
    labels = [item["label"] for item in client.get(reverse("home")).context["nav_items"]]
    assert labels == ["Home", "Events", "Caregivers", "Invitations"]


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


def test_caregiver_detail_shows_their_details(client, social_worker, caregiver):
    client.force_login(social_worker)
    response = client.get(reverse("caregiver_detail", args=[caregiver.caregiver_profile.pk]))
    assert response.status_code == 200
    assert caregiver.email.encode() in response.content


# --- Query budgets: the same number of queries for 1 row as for 60 (more than a page) ---


@pytest.mark.parametrize("scope", ["mine", "all"])
def test_caregiver_list_query_budget(client, social_worker, wellington, caregiver, scope):
    client.force_login(social_worker)

    def add_rows():
        for _ in range(60):
            CaregiverFactory(region=wellington, social_worker=social_worker)

    # 1 session, 2 user, 3 TOTP check (MFA middleware), 4 staff profile (regions),
    # 5 count for the paginator, 6 the page of caregivers with user, region and social worker joined.
    assert_constant_queries(lambda: client.get(reverse("caregiver_list"), {"scope": scope}), add_rows, expected=6)


def test_invitation_list_query_budget(client, social_worker, wellington):
    client.force_login(social_worker)
    InvitationFactory(region=wellington, invited_by=social_worker)

    def add_rows():
        for _ in range(60):
            InvitationFactory(region=wellington, invited_by=social_worker)

    # 1 session, 2 user, 3 TOTP check, 4 staff profile, 5 count, 6 the page with region and inviter joined.
    assert_constant_queries(lambda: client.get(reverse("invitation_list")), add_rows, expected=6)


def test_social_worker_home_query_budget(client, social_worker, wellington, caregiver):
    client.force_login(social_worker)

    def add_rows():
        for _ in range(30):
            CaregiverFactory(region=wellington, social_worker=social_worker)
            InvitationFactory(region=wellington, invited_by=social_worker)

    # 1 session, 2 user, 3 TOTP, 4 staff profile (cached on the user for both lists),
    # 5 caseload count, 6 invitation count, 7 first ten of the caseload, 8 first ten invitations.
    assert_constant_queries(lambda: client.get(reverse("home")), add_rows, expected=8)


def test_manager_home_query_budget(client, manager, wellington, auckland, caregiver):
    client.force_login(manager)

    def add_rows():
        for region in (wellington, auckland):
            for _ in range(20):
                CaregiverFactory(region=region)

    # 1 session, 2 user, 3 TOTP, 4 staff profile, 5 figures per region in one grouped query.
    assert_constant_queries(lambda: client.get(reverse("home")), add_rows, expected=5)


def test_administrator_home_points_to_the_admin(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("home"))
    assert b"admin site" in response.content


def test_user_without_a_caregiver_profile_is_refused_the_profile_page(client, db):
    # A caregiver-role account created in the admin without a profile must not crash.
    user = UserFactory(role=Role.CAREGIVER)
    client.force_login(user)
    assert client.get(reverse("profile")).status_code == 404


def test_caregiver_home_lists_their_next_events(client, caregiver, wellington, social_worker):
    from tests.events.factories import EventFactory, RSVPFactory

    event = EventFactory(region=wellington, created_by=social_worker, title="Whānau fun day")
    RSVPFactory(event=event, user=caregiver, adults=2)
    client.force_login(caregiver)
    html = client.get(reverse("home")).content.decode()
    assert "Whānau fun day" in html
    assert "You have no events coming up" not in html
