"""The batch assignment page: a proposal within capacities, edited or dropped before saving."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from buddies.models import Match, MatchStatus
from tests.buddies.conftest import make_buddy
from tests.buddies.factories import NewCaregiverFactory
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def intake(wellington):
    people = [
        NewCaregiverFactory(region=wellington, locality="Porirua", approved_on=timezone.localdate() - timedelta(days=d))
        for d in (15, 16, 17)
    ]
    one = make_buddy(wellington, "Porirua", capacity=1, user__first_name="Una")
    two = make_buddy(wellington, "Tawa", capacity=2, user__first_name="Rua")
    return [p.user for p in people], one, two


def proposal(client):
    response = client.get(reverse("buddy_batch"))
    return response, {f"buddy_{row['seeker'].user_id}": row["field"].value() for row in response.context["rows"]}


def test_the_proposal_fills_every_place_within_capacity_and_saves_nothing(client, social_worker, intake):
    people, one, two = intake
    client.force_login(social_worker)
    response, chosen = proposal(client)
    assert sorted(chosen.values()) == sorted([str(one.pk), str(two.pk), str(two.pk)])
    assert "Also in Porirua" in response.content.decode()
    assert not Match.objects.exists()


def test_confirming_offers_each_pair(client, social_worker, intake):
    people, one, two = intake
    client.force_login(social_worker)
    _, chosen = proposal(client)
    response = client.post(reverse("buddy_batch"), chosen)
    assert response.status_code == 302
    offers = Match.objects.filter(status=MatchStatus.OFFERED, assigned_by=social_worker)
    assert offers.count() == 3
    assert offers.filter(buddy=one).count() == 1


def test_a_pair_can_be_dropped_and_an_overloaded_buddy_is_refused_next_to_the_field(client, social_worker, intake):
    people, one, two = intake
    client.force_login(social_worker)
    _, chosen = proposal(client)
    everyone_to_una = dict.fromkeys(chosen, str(one.pk))
    response = client.post(reverse("buddy_batch"), everyone_to_una)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert len(errors) == 2 and all("room for 1 new caregiver" in e[0] for e in errors.values())
    assert "error-summary" in response.content.decode()
    assert not Match.objects.exists()

    dropped = {**chosen, f"buddy_{people[0].pk}": ""}
    client.post(reverse("buddy_batch"), dropped)
    assert Match.objects.count() == 2
    assert not Match.objects.filter(new_caregiver=people[0]).exists()


def test_batch_page_query_budget(client, social_worker, wellington, intake):
    client.force_login(social_worker)

    def add_rows():
        for n in range(20):
            NewCaregiverFactory(region=wellington, approved_on=timezone.localdate() - timedelta(days=20))
            make_buddy(wellington, "Tawa" if n % 2 else "Porirua")

    # 1 session, 2 user, 3 TOTP, 4 staff profile, 5 first region, 6 unmatched caregivers,
    # 7 their topics, 8 languages, 9 cultural wishes, 10 past matches, 11 available buddies,
    # 12 places taken, 13 their topics, 14 their languages, 15 weights, 16-17 the region
    # select's options (the widget iterates its queryset twice; the regions are a few rows).
    assert_constant_queries(lambda: client.get(reverse("buddy_batch")), add_rows, expected=17)
