"""The caregiver's side: find a group, ask to join or join, accept the agreement, leave."""

from __future__ import annotations

from datetime import time

import pytest
from django.urls import reverse

from groups import services
from groups.models import GroupKind, JoiningPolicy, Membership, MembershipStatus, Theme, Weekday
from tests.events.helpers import reply
from tests.groups.factories import GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer_client(client, newcomer):
    client.force_login(newcomer)
    return client


def _names(response) -> list[str]:
    return [g.name for g in response.context["groups"]]


def test_the_groups_page_starts_with_the_caregivers_region(newcomer_client, group, auckland):
    GroupFactory(region=auckland, name="Manukau coffee group")
    response = newcomer_client.get(reverse("group_list"))
    assert _names(response) == [group.name]


def test_the_groups_page_filters_by_region_kind_and_theme(newcomer_client, group, wellington, auckland):
    kin = GroupFactory(region=wellington, name="Kin carers", kind=GroupKind.SUPPORT, theme=Theme.KINSHIP)
    far = GroupFactory(region=auckland, name="Far away")
    assert _names(newcomer_client.get(reverse("group_list"), {"region": auckland.pk})) == [far.name]
    assert _names(newcomer_client.get(reverse("group_list"), {"kind": GroupKind.SUPPORT})) == [kin.name]
    assert _names(newcomer_client.get(reverse("group_list"), {"theme": Theme.KINSHIP})) == [kin.name]


def test_times_that_suit_me_match_the_profile_availability(newcomer_client, newcomer, group, wellington):
    """The newcomer is free at weekends only: the Saturday group suits, a Tuesday morning one does not."""
    profile = newcomer.caregiver_profile
    profile.available_weekday_daytime = profile.available_weekday_evening = False
    profile.available_weekend = True
    profile.save()
    GroupFactory(region=wellington, name="Tuesday mornings", weekday=Weekday.TUESDAY, meets_at=time(10))
    evening = GroupFactory(region=wellington, name="Wednesday evenings", weekday=Weekday.WEDNESDAY, meets_at=time(19))
    response = newcomer_client.get(reverse("group_list"), {"region": wellington.pk, "suits_me": "on"})
    assert _names(response) == [group.name]
    profile.available_weekday_evening = True
    profile.save()
    response = newcomer_client.get(reverse("group_list"), {"region": wellington.pk, "suits_me": "on"})
    assert sorted(_names(response)) == sorted([group.name, evening.name])


def test_the_public_group_page_shows_no_meetings_members_or_address(newcomer_client, group, meeting, member):
    member.user.first_name = "Rawiri"
    member.user.save()
    response = newcomer_client.get(reverse("group_detail", args=[group.pk]))
    page = response.content.decode()
    assert "Porirua" in page  # the general area
    assert "Kenepuru" not in page  # the meeting's address
    assert "Café Kōwhai" not in page
    assert member.user.first_name not in page
    assert "Ask to join" in page


def test_asking_to_join_with_a_message(newcomer_client, newcomer, group):
    response = newcomer_client.post(reverse("group_join", args=[group.pk]), {"message": "Kia ora koutou"})
    assert response.status_code == 302
    membership = Membership.objects.get(group=group, user=newcomer)
    assert (membership.status, membership.request_message) == (MembershipStatus.REQUESTED, "Kia ora koutou")
    page = newcomer_client.get(reverse("group_detail", args=[group.pk])).content.decode()
    assert "You asked to join" in page


def test_a_second_request_is_refused_next_to_the_field(newcomer_client, newcomer, group):
    services.membership_request(group=group, user=newcomer)
    response = newcomer_client.post(reverse("group_join", args=[group.pk]), {"message": "Again"})
    assert response.status_code == 200
    assert "already asked" in response.context["form"].errors["message"][0]


def test_joining_a_full_group_is_refused_with_a_clear_message(newcomer_client, group, member):
    group.capacity = 1
    group.save()
    response = newcomer_client.post(reverse("group_join", args=[group.pk]), {"message": ""})
    assert "full" in response.context["form"].errors["message"][0]


def test_joining_an_open_group_needs_the_agreement_ticked(newcomer_client, newcomer, group):
    group.joining_policy = JoiningPolicy.OPEN
    group.save()
    response = newcomer_client.post(reverse("group_join", args=[group.pk]), {"number": 1})
    assert "Tick the box" in response.context["form"].errors["accept"][0]
    response = newcomer_client.post(reverse("group_join", args=[group.pk]), {"number": 1, "accept": "on"})
    assert response.status_code == 302
    assert Membership.objects.get(group=group, user=newcomer).status == MembershipStatus.ACTIVE


def test_a_member_who_owes_the_agreement_is_sent_to_it_and_sees_nothing(client, group, newcomer, social_worker):
    membership = services.membership_request(group=group, user=newcomer)
    services.membership_approve(membership=membership, by=social_worker)
    client.force_login(newcomer)
    for name in ("group_detail", "group_members", "group_meetings"):
        response = client.get(reverse(name, args=[group.pk]))
        assert response.status_code == 302, name
        assert response["Location"] == reverse("group_agreement", args=[group.pk])
    response = client.post(reverse("group_agreement", args=[group.pk]), {"number": 1, "accept": "on"})
    assert response.status_code == 302
    assert client.get(reverse("group_members", args=[group.pk])).status_code == 200


def test_after_a_change_members_accept_again(client, member, social_worker):
    services.agreement_update(group=member.group, number=2, text="Version two", by=social_worker)
    client.force_login(member.user)
    response = client.get(reverse("group_detail", args=[member.group.pk]))
    assert response["Location"] == reverse("group_agreement", args=[member.group.pk])
    page = client.get(response["Location"]).content.decode()
    assert "changed the agreement" in page and "Version two" in page


def test_accepting_an_old_version_gets_a_clear_message(client, member, social_worker):
    services.agreement_update(group=member.group, number=2, text="Version two", by=social_worker)
    client.force_login(member.user)
    response = client.post(reverse("group_agreement", args=[member.group.pk]), {"number": 1, "accept": "on"})
    assert response.status_code == 200
    assert "changed while you were reading" in response.content.decode()
    # The page now carries the version it shows: accepting it works (it used to keep the
    # old number in its hidden field, so every later attempt was refused the same way).
    form = response.context["form"]
    assert form["number"].value() == 2 and form["accept"].value() is not True
    assert form.non_field_errors() and "accept" not in form.errors
    assert 'name="number" value="2"' in response.content.decode()
    response = client.post(reverse("group_agreement", args=[member.group.pk]), {"number": 2, "accept": "on"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.agreement_version.number == 2


def test_joining_an_open_group_after_the_agreement_changed_offers_the_new_version(
    newcomer_client, newcomer, group, social_worker
):
    group.joining_policy = JoiningPolicy.OPEN
    group.save()
    services.agreement_update(group=group, number=2, text="Version two", by=social_worker)
    response = newcomer_client.post(reverse("group_join", args=[group.pk]), {"number": 1, "accept": "on"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "changed while you were reading" in body and "Version two" in body
    assert 'name="number" value="2"' in body
    response = newcomer_client.post(reverse("group_join", args=[group.pk]), {"number": 2, "accept": "on"})
    assert response.status_code == 302
    assert Membership.objects.get(group=group, user=newcomer).agreement_version.number == 2


def test_members_see_first_names_meetings_and_the_place(client, member, meeting, facilitator):
    member.user.first_name, member.user.last_name = "Aroha", "Ngata"
    member.user.save()
    client.force_login(member.user)
    detail = client.get(reverse("group_detail", args=[member.group.pk])).content.decode()
    assert "Café Kōwhai" in detail and "Hine" in detail
    members = client.get(reverse("group_members", args=[member.group.pk])).content.decode()
    assert "Aroha" in members and "Ngata" not in members and member.user.email not in members
    meetings = client.get(reverse("group_meetings", args=[member.group.pk])).content.decode()
    assert "Kenepuru" in meetings


def test_a_member_can_reply_to_a_meeting(client, member, meeting):
    client.force_login(member.user)
    response = client.post(reverse("rsvp_edit", args=[meeting.event_id]), reply(childminding_for="0"))
    assert response.status_code == 302
    assert meeting.event.rsvps.get(user=member.user).response == "going"
    page = client.get(reverse("group_detail", args=[member.group.pk])).content.decode()
    assert "You&#x27;re going" in page or "You're going" in page


def test_a_caregiver_outside_the_group_gets_404_on_its_meeting(client, meeting, newcomer):
    client.force_login(newcomer)
    assert client.get(reverse("event_detail", args=[meeting.event_id])).status_code == 404
    assert client.get(reverse("group_members", args=[meeting.group_id])).status_code == 404
    assert client.get(reverse("group_meetings", args=[meeting.group_id])).status_code == 404


def test_leaving(client, member, meeting):
    client.force_login(member.user)
    response = client.post(reverse("group_leave", args=[member.group.pk]))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == MembershipStatus.LEFT
    assert client.get(reverse("group_members", args=[member.group.pk])).status_code == 404
    assert client.get(reverse("event_detail", args=[meeting.event_id])).status_code == 404


def test_membership_factory_for_other_groups(group):
    assert MembershipFactory(group=group).group == group


def test_a_social_worker_sees_the_groups_their_caseload_belongs_to(
    client, group, caregiver_other_region, social_worker_other_region
):
    """An Auckland caregiver in a Wellington group: their Auckland social worker may see it."""
    client.force_login(social_worker_other_region)
    assert client.get(reverse("group_detail", args=[group.pk])).status_code == 404
    MembershipFactory(group=group, user=caregiver_other_region)
    assert client.get(reverse("group_detail", args=[group.pk])).status_code == 200
    assert client.get(reverse("group_members", args=[group.pk])).status_code == 200
    assert client.get(reverse("group_requests", args=[group.pk])).status_code == 403  # not theirs to run
