"""A social worker sends a listing to a caregiver on her caseload: one message through
the outbox, with the listing and nothing else personal."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from notifications.models import Channel, Message
from tests.accounts.factories import CaregiverFactory
from tests.directory.factories import ListingFactory


def test_the_message_has_the_listing_and_no_other_personal_data(staff, social_worker, wellington):
    profile = CaregiverFactory(
        region=wellington,
        social_worker=social_worker,
        user__first_name="Aroha",
        user__last_name="Uniquesurname",
        user__email="aroha.private@example.org",
        locality="Secretville",
        phone="+64211234567",
        contact_by_sms=True,
        sms_consent_at=timezone.now(),
        cultural_identity="Ngāti Example",
    )
    listing = ListingFactory(
        name="Whānau Kinship Carers Wellington", region=wellington, phone="0800 000 500", opening_hours="Weekdays"
    )
    response = staff.post(reverse("listing_send", args=[listing.pk]), {"caregiver": profile.user_id})
    assert response.status_code == 302

    sent = Message.objects.filter(kind="directory_listing", recipient=profile.user)
    assert {m.channel for m in sent} == {Channel.EMAIL, Channel.SMS}
    email = sent.get(channel=Channel.EMAIL)
    link = reverse("listing_detail", args=[listing.pk])
    assert "Whānau Kinship Carers Wellington" in email.subject
    assert "Kia ora Aroha" in email.body
    assert "0800 000 500" in email.body and link in email.body and listing.email in email.body
    text = sent.get(channel=Channel.SMS)
    assert link in text.body and "0800 000 500" in text.body
    for message in sent:
        whole = message.subject + message.body
        for private in (
            "Uniquesurname", "aroha.private", "Secretville", "1234567", "Ngāti Example",
            social_worker.last_name, social_worker.email,
        ):  # fmt: skip
            assert private not in whole, private


def test_sending_twice_in_a_day_records_one_message(staff, social_worker, wellington):
    profile = CaregiverFactory(region=wellington, social_worker=social_worker)
    listing = ListingFactory(region=wellington)
    for _ in range(2):
        staff.post(reverse("listing_send", args=[listing.pk]), {"caregiver": profile.user_id})
    assert Message.objects.filter(kind="directory_listing").count() == 1


def test_only_caregivers_on_her_caseload_can_be_chosen(staff, wellington, caregiver_other_region):
    listing = ListingFactory(region=wellington)
    other = CaregiverFactory(region=wellington)  # Wellington, but not on her caseload
    for person in (other.user, caregiver_other_region):
        response = staff.post(reverse("listing_send", args=[listing.pk]), {"caregiver": person.pk})
        assert response.status_code == 200
        assert "caseload" in response.context["form"].errors["caregiver"][0]
    response = staff.post(reverse("listing_send", args=[listing.pk]), {})
    assert "caseload" in response.context["form"].errors["caregiver"][0]
    assert not Message.objects.exists()


def test_the_form_lists_her_caseload(staff, caregiver, wellington):
    listing = ListingFactory(region=wellington)
    body = staff.get(reverse("listing_send", args=[listing.pk])).content.decode()
    assert caregiver.display_name in body
