"""The invited list (``event_invitees``): who has not answered, adding caregivers of the
event's region, and what an invitation lets a caregiver see."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import ReadKind, StaffRead
from events.models import EventInvitee
from tests.events.factories import RSVPFactory
from tests.events.helpers import carer


def test_invited_list_shows_who_has_not_answered(staff, invited_event, wellington):
    answered = carer(wellington, "Hemi", "Answered")
    waiting = carer(wellington, "Mere", "Waiting")
    for user in (answered, waiting):
        EventInvitee.objects.create(event=invited_event, user=user)
    RSVPFactory(event=invited_event, user=answered)
    response = staff.get(reverse("event_invitees", args=[invited_event.pk]))
    assert [row["user"] for row in response.context["rows"]] == [waiting]
    assert "2 invited · 1 answered · 1 not yet answered." in response.content.decode()
    # The people listed (with their contact details and follow-ups) are recorded as read.
    assert list(StaffRead.objects.values_list("subject", "what", "object_id")) == [
        (waiting.pk, ReadKind.RSVP_DETAILS, invited_event.pk)
    ]


def test_only_caregivers_of_the_event_region_are_offered_as_invitees(
    client, social_worker, manager, invited_event, wellington, auckland, caregiver, caregiver_other_region
):
    already = carer(wellington, "Already", "Invited")
    EventInvitee.objects.create(event=invited_event, user=already)
    for user in (social_worker, manager):
        client.force_login(user)
        form = client.get(reverse("event_invitees", args=[invited_event.pk])).context["add_form"]
        assert [p.user for p in form.fields["caregivers"].queryset] == [caregiver], user.role


def test_adding_invitees(staff, invited_event, wellington, caregiver, caregiver_other_region):
    other = carer(wellington, "Rangi", "Added")
    url = reverse("event_invitees", args=[invited_event.pk])
    profiles = [caregiver.caregiver_profile.pk, other.caregiver_profile.pk]
    response = staff.post(url, {"caregivers": profiles}, follow=True)
    assert "Added 2 caregivers to the list." in response.content.decode()
    assert set(invited_event.invitee_links.values_list("user", flat=True)) == {caregiver.pk, other.pk}
    # Someone outside the event's region cannot be slipped in.
    response = staff.post(url, {"caregivers": [caregiver_other_region.caregiver_profile.pk]})
    assert response.status_code == 200
    assert response.context["add_form"].errors["caregivers"]
    assert invited_event.invitee_links.count() == 2


def test_an_invitee_sees_the_event_and_others_do_not(client, staff, invited_event, wellington, caregiver):
    staff.post(reverse("event_invitees", args=[invited_event.pk]), {"caregivers": [caregiver.caregiver_profile.pk]})
    neighbour = carer(wellington, "Not", "Invited")
    client.force_login(caregiver)
    assert client.get(reverse("event_detail", args=[invited_event.pk])).status_code == 200
    client.force_login(neighbour)
    assert client.get(reverse("event_detail", args=[invited_event.pk])).status_code == 404


def test_an_event_for_everyone_has_no_invited_list(staff, event):
    assert staff.get(reverse("event_invitees", args=[event.pk])).status_code == 404
