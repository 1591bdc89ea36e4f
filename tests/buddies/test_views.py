"""The buddy pages through the test client: the caregiver's choice, the buddy's answer,
contacts, the fit check, the end, and the social worker's follow-up and assignment."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Language, Topic
from buddies import selectors
from buddies.matching import CRITERIA, Weights
from buddies.models import BuddyProfile, Enquiry, Match, MatchStatus, MatchWeights
from tests.buddies.conftest import make_buddy
from tests.buddies.factories import CheckInFactory, MatchFactory, NewCaregiverFactory
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_the_new_caregiver_sees_three_suggestions_with_reasons_and_no_surnames(client, new_carer, buddies, buddy):
    client.force_login(new_carer)
    response = client.get(reverse("buddy_home"))
    html = response.content.decode()
    assert [s.candidate.first_name for s in response.context["suggestions"]][0] == "Mere"
    assert len(response.context["suggestions"]) == 3
    assert "Also in Porirua · both free weekday evenings" in html
    assert buddy.last_name not in html and buddy.email not in html


def test_choose_then_the_buddy_accepts_and_both_log_a_contact(client, new_carer, buddies, buddy, social_worker):
    client.force_login(new_carer)
    response = client.post(reverse("buddy_choose"), {"buddy": buddy.pk}, follow=True)
    assert "We have asked Mere" in response.content.decode()
    match = Match.objects.get(new_caregiver=new_carer, status=MatchStatus.OFFERED)

    client.force_login(buddy)
    page = client.get(reverse("match_detail", args=[match.pk])).content.decode()
    assert "Would you be Aroha" in page
    client.post(reverse("offer_respond", args=[match.pk]), {"answer": "accept"})
    match.refresh_from_db()
    assert match.status == MatchStatus.ACCEPTED

    today = timezone.localdate().isoformat()
    response = client.post(reverse("check_in_create", args=[match.pk]), {"contact_type": "call", "happened_on": today})
    assert response.status_code == 302
    client.force_login(new_carer)
    client.post(reverse("check_in_create", args=[match.pk]), {"contact_type": "coffee", "happened_on": today})
    match.refresh_from_db()
    assert match.status == MatchStatus.ACTIVE
    assert match.check_ins.count() == 2

    client.force_login(social_worker)
    response = client.get(reverse("buddy_follow_up"))
    assert [m.pk for m in response.context["active"]] == [match.pk]
    assert response.context["figure"]["buddied"] == 1


def test_choosing_someone_not_suggested_is_refused(client, new_carer, buddies, wellington):
    stranger = make_buddy(wellington, "Karori")
    client.force_login(new_carer)
    response = client.post(reverse("buddy_choose"), {"buddy": stranger.pk}, follow=True)
    assert "no longer available" in response.content.decode()
    assert not Match.objects.filter(new_caregiver=new_carer).exists()


def test_a_contact_with_a_future_date_is_shown_next_to_the_field(client, buddy):
    match = MatchFactory(buddy=buddy, status=MatchStatus.ACTIVE)
    client.force_login(buddy)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        reverse("check_in_create", args=[match.pk]), {"contact_type": "call", "happened_on": tomorrow}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"happened_on": ["The date cannot be in the future."]}
    assert "error-summary" in response.content.decode()
    assert not match.check_ins.exists()


def test_the_fit_check_is_private_and_ending_asks_for_a_reason(client, buddy, social_worker):
    match = MatchFactory(buddy=buddy, status=MatchStatus.ACTIVE)
    client.force_login(match.new_caregiver)
    client.post(reverse("fit_check", args=[match.pk]), {"fit": "deciding"})
    match.refresh_from_db()
    assert match.fit_new == "deciding"
    client.force_login(buddy)
    response = client.post(reverse("match_end", args=[match.pk]), {"reason": ""})
    assert "reason" in response.context["form"].errors
    client.post(reverse("match_end", args=[match.pk]), {"reason": "completed", "feedback": "Good times"})
    match.refresh_from_db()
    assert (match.status, match.feedback_buddy) == (MatchStatus.ENDED, "Good times")


def test_buddy_settings_refuse_a_capacity_over_three(client, caregiver):
    client.force_login(caregiver)
    response = client.post(reverse("buddy_settings"), {"willing": "on", "capacity": "4"})
    assert "capacity" in response.context["form"].errors
    client.post(reverse("buddy_settings"), {"willing": "on", "capacity": "3"})
    assert BuddyProfile.objects.get(user=caregiver).capacity == 3


def test_the_social_worker_sees_stale_pairs_and_caregivers_waiting_for_a_buddy(
    client, social_worker, wellington, buddy
):
    stale = MatchFactory(buddy=buddy, status=MatchStatus.ACTIVE, started_on=timezone.localdate() - timedelta(days=40))
    CheckInFactory(match=stale, happened_on=timezone.localdate() - timedelta(days=15))
    fresh = MatchFactory(buddy=buddy, status=MatchStatus.ACTIVE, started_on=timezone.localdate() - timedelta(days=40))
    CheckInFactory(match=fresh, happened_on=timezone.localdate() - timedelta(days=2))
    for profile in (stale.new_caregiver.caregiver_profile, fresh.new_caregiver.caregiver_profile):
        profile.region = wellington
        profile.save()
    waiting = NewCaregiverFactory(region=wellington, approved_on=timezone.localdate() - timedelta(days=15))
    NewCaregiverFactory(region=wellington, approved_on=timezone.localdate() - timedelta(days=10))  # too soon
    client.force_login(social_worker)
    response = client.get(reverse("buddy_follow_up"))
    assert [m.pk for m in response.context["stale"]] == [stale.pk]
    assert [p.pk for p in response.context["unmatched"]] == [waiting.pk]


def test_the_social_worker_assigns_a_buddy_directly(client, social_worker, new_carer, buddies, buddy):
    client.force_login(social_worker)
    url = reverse("buddy_assign", args=[new_carer.caregiver_profile.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"buddy": buddy.pk})
    match = Match.objects.get(new_caregiver=new_carer)
    assert (match.status, match.assigned_by, match.buddy) == (MatchStatus.OFFERED, social_worker, buddy)


def test_suggestions_page_query_budget(client, new_carer, wellington, buddies):
    teens, _ = Topic.objects.get_or_create(name="Teenagers")
    samoan, _ = Language.objects.get_or_create(name="Samoan")
    new_carer.caregiver_profile.topics.add(teens)
    new_carer.caregiver_profile.languages.add(samoan)
    client.force_login(new_carer)

    def add_rows():
        for n in range(30):
            user = make_buddy(wellington, "Porirua" if n % 2 else "Tawa")
            user.caregiver_profile.topics.add(teens)
            user.caregiver_profile.languages.add(samoan)

    # 1 session, 2 user, 3 live match, 4 caregiver profile, 5 has had a buddy,
    # 6 profile + region, 7 culture wish, 8 topics, 9 languages, 10 excluded buddies,
    # 11 available buddies, 12 places taken at each buddy, 13 their shared topics, 14 their
    # shared languages, 15 weights, 16 pairs as a buddy, 17 past buddies, 18 buddy settings.
    assert_constant_queries(lambda: client.get(reverse("buddy_home")), add_rows, expected=18)


def test_follow_up_page_query_budget(client, social_worker, wellington, buddy):
    client.force_login(social_worker)

    def add_rows():
        for _ in range(15):
            match = MatchFactory(buddy=make_buddy(wellington), status=MatchStatus.ACTIVE)
            CheckInFactory(match=match)
            NewCaregiverFactory(region=wellington, approved_on=timezone.localdate() - timedelta(days=20))

    # 1 session, 2 user, 3 TOTP, 4 staff profile, then one query per list: 5 stale pairs,
    # 6 unmatched caregivers, 7 open offers, 8 pairs, 9 recently ended, 10 the key figure.
    assert_constant_queries(lambda: client.get(reverse("buddy_follow_up")), add_rows, expected=10)


def test_managers_adjust_the_weights_and_suggestions_use_them(client, manager, new_carer, buddies):
    client.force_login(manager)
    response = client.post(reverse("match_weights"), {**dict.fromkeys(CRITERIA, "1"), "place": "-1"})
    assert "place" in response.context["form"].errors
    client.post(reverse("match_weights"), {**dict.fromkeys(CRITERIA, "0"), "availability": "10"})
    assert MatchWeights.objects.get().availability == 10
    assert selectors.weights() == Weights(**{**dict.fromkeys(CRITERIA, 0.0), "availability": 10.0})


def test_a_social_worker_makes_an_experienced_caregiver_an_ambassador(client, social_worker, buddy, wellington):
    client.force_login(social_worker)
    response = client.get(reverse("buddy_list"))
    assert [p.user for p in response.context["page"].object_list] == [buddy]
    client.post(
        reverse("buddy_profile_edit", args=[buddy.caregiver_profile.pk]),
        {"ambassador": "on", "willing": "on", "capacity": "3"},
    )
    profile = BuddyProfile.objects.get(user=buddy)
    assert (profile.ambassador, profile.capacity) == (True, 3)


def test_buddy_list_query_budget(client, social_worker, wellington, buddy):
    client.force_login(social_worker)

    def add_rows():
        for _ in range(30):
            MatchFactory(buddy=make_buddy(wellington), status=MatchStatus.ACTIVE)

    # 1 session, 2 user, 3 TOTP, 4 staff profile, 5 count, 6 the page of caregivers with
    # their buddy settings and load.
    assert_constant_queries(lambda: client.get(reverse("buddy_list")), add_rows, expected=6)


def test_a_caregiver_of_the_same_region_outside_the_pair_gets_404_everywhere(client, wellington, buddy):
    match = MatchFactory(buddy=buddy, status=MatchStatus.OFFERED)
    neighbour = NewCaregiverFactory(region=wellington, locality="Porirua").user
    client.force_login(neighbour)
    for name in ("match_detail", "check_in_create", "fit_check", "match_feedback", "match_end"):
        assert client.get(reverse(name, args=[match.pk])).status_code == 404, name
    assert client.post(reverse("offer_respond", args=[match.pk]), {"answer": "accept"}).status_code == 404
    match.refresh_from_db()
    assert match.status == MatchStatus.OFFERED


def test_the_new_caregiver_cannot_answer_their_own_offer(client, buddy):
    match = MatchFactory(buddy=buddy, status=MatchStatus.OFFERED)
    client.force_login(match.new_caregiver)
    assert client.post(reverse("offer_respond", args=[match.pk]), {"answer": "accept"}).status_code == 403
    match.refresh_from_db()
    assert match.status == MatchStatus.OFFERED


def test_the_caregiver_home_page_shows_their_buddy(client, buddy):
    match = MatchFactory(buddy=buddy, status=MatchStatus.ACTIVE)
    client.force_login(match.new_caregiver)
    html = client.get(reverse("home")).content.decode()
    assert "Mere is your buddy." in html and reverse("match_detail", args=[match.pk]) in html


@pytest.mark.parametrize("status", [MatchStatus.SUGGESTED, MatchStatus.PASSED, MatchStatus.WITHDRAWN])
def test_a_buddy_never_offered_the_match_gets_404_for_the_new_caregivers_private_choices(client, buddy, status):
    # Next choices and people set aside are the new caregiver's own: the buddy in them
    # must not learn that the caregiver exists, where they live, or that they were passed over.
    match = MatchFactory(buddy=buddy, status=status)
    client.force_login(buddy)
    for name in ("match_detail", "check_in_create", "fit_check", "match_feedback", "match_end"):
        assert client.get(reverse(name, args=[match.pk])).status_code == 404, name
    assert client.post(reverse("offer_respond", args=[match.pk]), {"answer": "accept"}).status_code == 404
    client.force_login(match.new_caregiver)
    assert client.get(reverse("match_detail", args=[match.pk])).status_code == 200


def test_a_buddy_still_sees_an_offer_that_was_withdrawn(client, buddy):
    match = MatchFactory(buddy=buddy, status=MatchStatus.WITHDRAWN, offered_at=timezone.now())
    client.force_login(buddy)
    assert client.get(reverse("match_detail", args=[match.pk])).status_code == 200


def test_buddy_home_budget_for_a_buddy_with_many_pairs(client, wellington, buddy):
    client.force_login(buddy)

    def add_rows():
        for status in (MatchStatus.OFFERED, MatchStatus.ACCEPTED, MatchStatus.ACTIVE) * 5:
            MatchFactory(buddy=buddy, status=status, new_caregiver=NewCaregiverFactory(region=wellington).user)

    # 1 session, 2 user, 3 live match, 4 caregiver profile (needs a buddy?), 5 the pairs they
    # are a buddy for, with the new caregivers' profiles, 6 their own past buddies, 7 buddy settings.
    assert_constant_queries(lambda: client.get(reverse("buddy_home")), add_rows, expected=7)


def test_enquiry_list_budget(client, social_worker, wellington, buddy):
    client.force_login(social_worker)

    def add_rows():
        Enquiry.objects.bulk_create(
            Enquiry(
                first_name=f"Enquirer {n}",
                region=wellington,
                household="single",
                how_heard="website",
                recorded_by=social_worker,
                ambassador=buddy,
            )
            for n in range(30)
        )

    # 1 session, 2 user, 3 TOTP, 4 staff profile, 5 the enquiries with region and ambassador.
    assert_constant_queries(lambda: client.get(reverse("enquiry_list")), add_rows, expected=5)


def test_an_experienced_caregiver_is_not_asked_to_choose_a_buddy(client, wellington, buddy, buddies):
    # Buddies are for the first six months after approval: a five-year carer (a buddy
    # herself) was shown "Choose your buddy" and could be paired as a new caregiver.
    client.force_login(buddy)
    response = client.get(reverse("buddy_home"))
    assert not response.context["needs_buddy"] and response.context["suggestions"] == []
    other = buddies[1]
    client.post(reverse("buddy_choose"), {"buddy": other.pk})
    assert not Match.objects.filter(new_caregiver=buddy).exists()


def test_the_social_worker_ends_a_pair_without_a_feedback_box_that_would_be_dropped(client, buddy, social_worker):
    match = MatchFactory(buddy=buddy, status=MatchStatus.ACTIVE)
    client.force_login(social_worker)
    url = reverse("match_end", args=[match.pk])
    response = client.get(url)
    assert "feedback" not in response.context["form"].fields
    assert 'name="feedback"' not in response.content.decode()
    assert client.post(url, {"reason": "not_a_fit"}).status_code == 302
    match.refresh_from_db()
    assert (match.status, match.end_reason, match.ended_by) == (MatchStatus.ENDED, "not_a_fit", social_worker)
    client.force_login(buddy)  # the pair still have the box
    other = MatchFactory(buddy=buddy, status=MatchStatus.ACTIVE)
    assert "feedback" in client.get(reverse("match_end", args=[other.pk])).context["form"].fields
