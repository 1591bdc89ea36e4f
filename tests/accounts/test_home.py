"""The home page (``home``), one per role: a caregiver's next events, a social worker's
caseload and pending invitations, a manager's figures by region; the navigation per
role; query budgets."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from groups.models import Group as PeerGroup
from mydata.models import ClosureRequest
from tests.accounts.factories import CaregiverFactory
from tests.events.factories import EventFactory, RSVPFactory
from tests.groups.factories import bulk_groups
from tests.invitations.factories import InvitationFactory
from tests.querycount import assert_constant_queries


def test_caregiver_home_shows_empty_states(client, caregiver):
    client.force_login(caregiver)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert "You have no events coming up" in html
    assert "You are not in a peer group yet" in html
    assert "offered a buddy" in html
    assert reverse("buddy_home") in html


def test_caregiver_home_lists_their_next_events(client, caregiver, wellington, social_worker):
    event = EventFactory(region=wellington, created_by=social_worker, title="Whānau fun day")
    RSVPFactory(event=event, user=caregiver, adults=2)
    client.force_login(caregiver)
    html = client.get(reverse("home")).content.decode()
    assert "Whānau fun day" in html
    assert "You have no events coming up" not in html


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
    html = response.content.decode()
    # What the box used to promise is in the reports now: linked, section by section.
    for section in ("participation", "buddies", "groups", "satisfaction", "wellbeing", "workload"):
        assert f'href="{reverse("report")}#{section}"' in html
    assert "Event attendance: families and children reached, by region and month." not in html
    # Staff reads have their own page now; only the constellations' figures are still to come.
    assert f'href="{reverse("staff_reads")}"' in html
    assert "Coming to this page" in html and "Constellations' own figures" in html
    assert "Reads of caregivers" not in html


def test_administrator_home_points_to_the_admin(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("home"))
    assert b"admin site" in response.content


def test_navigation_is_computed_per_role(client, caregiver, social_worker, manager):
    client.force_login(caregiver)
    labels = [item["label"] for item in client.get(reverse("home")).context["nav_items"]]
    assert labels == ["Home", "Events", "My events", "Groups", "Buddies", "Directory", "My answers", "My profile"]
    client.force_login(social_worker)
    labels = [item["label"] for item in client.get(reverse("home")).context["nav_items"]]
    assert labels == ["Home", "Events", "Groups", "Caregivers", "Directory", "Reports", "Buddies", "Invitations"]
    client.force_login(manager)
    labels = [item["label"] for item in client.get(reverse("home")).context["nav_items"]]
    assert labels[:7] == ["Home", "Events", "Groups", "Caregivers", "Directory", "Reports", "Staff reads"]


def test_social_worker_home_query_budget(client, social_worker, wellington, caregiver):
    client.force_login(social_worker)

    def add_rows():
        for _ in range(30):
            CaregiverFactory(region=wellington, social_worker=social_worker)
            InvitationFactory(region=wellington, invited_by=social_worker)
        bulk_groups(wellington, social_worker, 25)
        PeerGroup.objects.update(created_at=timezone.now() - timedelta(days=60))  # none has met: flagged

    # 1 session, 2 user, 3 TOTP, 4 staff profile (cached on the user for both lists),
    # 5 caseload count, 6 invitation count, 7 groups not met in 6 weeks (with region),
    # 8 the buddy figure (buddies.selectors.buddy_figure),
    # 9 first ten of the caseload, 10 first ten invitations, 11 open requests to close an account.
    assert_constant_queries(lambda: client.get(reverse("home")), add_rows, expected=11)


def test_social_worker_home_points_to_requests_to_close_an_account(client, social_worker, caregiver):
    client.force_login(social_worker)
    assert "asked to close their account" not in client.get(reverse("home")).content.decode()
    ClosureRequest.objects.create(user=caregiver)
    html = client.get(reverse("home")).content.decode()
    assert "1 caregiver has asked to close their account" in html
    assert f'href="{reverse("mydata:closures")}"' in html


def test_manager_home_query_budget(client, manager, wellington, auckland, caregiver):
    client.force_login(manager)

    def add_rows():
        for region in (wellington, auckland):
            for _ in range(20):
                CaregiverFactory(region=region)
            bulk_groups(region, manager, 20, members_each=3)

    # 1 session, 2 user, 3 TOTP, 4 staff profile, 5 figures per region in one grouped query,
    # 6 group health figures (one row per group, added up per region),
    # 7 the buddy figure (two counts in one query).
    assert_constant_queries(lambda: client.get(reverse("home")), add_rows, expected=7)
