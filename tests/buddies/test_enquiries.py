"""Enquiries from prospective caregivers, and ambassadors from the same engine."""

from __future__ import annotations

import pytest
from django.urls import reverse

from buddies.models import BuddyProfile, Enquiry, EnquiryOutcome
from tests.buddies.conftest import make_buddy

pytestmark = pytest.mark.django_db


@pytest.fixture
def ambassadors(wellington, auckland):
    samoan = make_buddy(wellington, "Porirua", cultural_identity="Samoan", user__first_name="Losa")
    other = make_buddy(wellington, "Karori", user__first_name="Jim")
    far = make_buddy(auckland, "Manukau", cultural_identity="Samoan", user__first_name="Tavita")
    not_ambassador = make_buddy(wellington, "Porirua", cultural_identity="Samoan", user__first_name="Ema")
    BuddyProfile.objects.filter(user__in=[samoan, other, far]).update(ambassador=True, willing=False)
    return samoan, other, far, not_ambassador


def test_recording_an_enquiry_suggests_ambassadors_sharing_the_background_first(client, social_worker, ambassadors):
    samoan, other, far, not_ambassador = ambassadors
    client.force_login(social_worker)
    response = client.post(
        reverse("enquiry_create"),
        {
            "first_name": "Pita",
            "region": social_worker.staff_profile.regions.get().pk,
            "household": "couple",
            "cultural_background": "Samoan",
            "how_heard": "event",
        },
        follow=True,
    )
    enquiry = Enquiry.objects.get()
    assert enquiry.recorded_by == social_worker
    names = [s.candidate.first_name for s in response.context["suggestions"]]
    assert names[0] == "Losa" and "Ema" not in names
    assert "shares your cultural background" in response.content.decode()


def test_the_outcome_is_logged(client, social_worker, ambassadors):
    samoan = ambassadors[0]
    client.force_login(social_worker)
    enquiry = Enquiry.objects.create(
        region=social_worker.staff_profile.regions.get(),
        first_name="Pita",
        household="single",
        how_heard="website",
        recorded_by=social_worker,
    )
    url = reverse("enquiry_detail", args=[enquiry.pk])
    client.post(url, {"ambassador": samoan.pk, "outcome": "connected", "outcome_note": "Coffee on Friday"})
    enquiry.refresh_from_db()
    assert (enquiry.ambassador, enquiry.outcome) == (samoan, EnquiryOutcome.CONNECTED)
    assert enquiry.outcome_at is not None
    response = client.post(url, {"outcome": "nonsense"})
    assert "outcome" in response.context["form"].errors
    assert client.get(reverse("enquiry_list")).context["enquiries"] == [enquiry]


def test_an_enquiry_with_no_name_is_refused_next_to_the_field(client, social_worker, wellington):
    client.force_login(social_worker)
    response = client.post(reverse("enquiry_create"), {"region": wellington.pk, "household": "single"})
    assert set(response.context["form"].errors) == {"first_name", "how_heard"}
    assert not Enquiry.objects.exists()
