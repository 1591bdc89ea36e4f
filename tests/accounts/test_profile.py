"""A caregiver edits their own details; bad input gets a message next to the field and saves nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import CaregiverProfile, Language, Role, Topic
from tests.accounts.factories import UserFactory


def form_data(**overrides):
    data = {
        "first_name": "Aroha",
        "last_name": "Ngata",
        "locality": "Petone",
        "caregiver_type": "kinship",
        "household": "couple",
        "started_caring_on": "2019-03-01",
        "cultural_identity": "Ngāti Porou",
        "available_weekday_evening": "on",
        "available_weekend": "on",
        "contact_by_email": "on",
        "contact_by_sms": "on",
        "phone": "021 555 0101",
        "sms_consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def signed_in(client, caregiver):
    client.force_login(caregiver)
    return client


def test_caregiver_saves_their_details_and_phone_is_stored_as_e164(signed_in, caregiver):
    reo = Language.objects.create(name="Te reo Māori")
    teens = Topic.objects.create(name="Caring for teenagers")
    response = signed_in.post(reverse("profile"), form_data(languages=[reo.pk], topics=[teens.pk]))
    assert response.status_code == 302
    profile = CaregiverProfile.objects.get(user=caregiver)
    assert profile.phone == "+64215550101"
    assert profile.contact_by_sms and profile.sms_consent_at is not None
    assert profile.locality == "Petone"
    assert profile.availability_labels == ["Weekday evenings", "Weekends"]
    assert list(profile.languages.all()) == [reo]
    assert list(profile.topics.all()) == [teens]
    caregiver.refresh_from_db()
    assert caregiver.first_name == "Aroha"


def test_consent_time_is_kept_when_saving_again_and_cleared_when_withdrawn(signed_in, caregiver):
    signed_in.post(reverse("profile"), form_data())
    first_consent = CaregiverProfile.objects.get(user=caregiver).sms_consent_at
    signed_in.post(reverse("profile"), form_data(locality="Naenae"))
    assert CaregiverProfile.objects.get(user=caregiver).sms_consent_at == first_consent
    signed_in.post(reverse("profile"), form_data(contact_by_sms=None, sms_consent=None))
    profile = CaregiverProfile.objects.get(user=caregiver)
    assert profile.sms_consent_at is None and not profile.contact_by_sms


BAD_INPUT = [
    ("phone", form_data(phone="12345"), "Enter a phone number we can text or call"),
    ("phone", form_data(phone="call me maybe"), "Enter a phone number we can text or call"),
    ("phone", form_data(phone=""), "Add your mobile number to get text messages."),
    ("phone", form_data(phone="04 499 1234"), "This looks like a landline."),
    ("sms_consent", form_data(sms_consent=None), "Tick this box to agree to text messages"),
    ("contact_by_email", form_data(contact_by_email=None, contact_by_sms=None), "Choose at least one way"),
    ("started_caring_on", form_data(started_caring_on="2999-01-01"), "This date is in the future."),
    ("started_caring_on", form_data(started_caring_on="31/31/2020"), "Enter a valid date."),
    ("first_name", form_data(first_name=""), "This field is required."),
]


@pytest.mark.parametrize(
    ("field", "data", "message"), BAD_INPUT, ids=[f"{f}-{i}" for i, (f, _, _) in enumerate(BAD_INPUT)]
)
def test_bad_input_gets_a_message_next_to_the_field_and_changes_nothing(signed_in, caregiver, field, data, message):
    before = CaregiverProfile.objects.get(user=caregiver)
    response = signed_in.post(reverse("profile"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    # The message is rendered beside the field (crispy puts it in the field's feedback element).
    html = response.content.decode()
    assert f'id="error_1_id_{field}"' in html
    assert "Please correct the details marked below" in html
    after = CaregiverProfile.objects.get(user=caregiver)
    assert (after.phone, after.locality, after.contact_by_sms, after.sms_consent_at) == (
        before.phone,
        before.locality,
        before.contact_by_sms,
        before.sms_consent_at,
    )
    # What they typed is kept in the form so nothing has to be re-entered.
    assert 'value="Petone"' in html


def test_region_and_status_cannot_be_changed_by_the_caregiver(signed_in, caregiver, auckland):
    signed_in.post(reverse("profile"), form_data(region=auckland.pk, status="provisional", social_worker=""))
    profile = CaregiverProfile.objects.get(user=caregiver)
    assert profile.region.name == "Wellington"
    assert profile.status == "approved"
    assert profile.social_worker is not None


def test_years_caring_counts_whole_years(caregiver):
    profile = caregiver.caregiver_profile
    today = timezone.localdate()
    profile.started_caring_on = date(today.year - 6, 1, 1)
    assert profile.years_caring == 6
    profile.started_caring_on = today - timedelta(days=1)
    assert profile.years_caring == 0
    profile.started_caring_on = None
    assert profile.years_caring is None


def test_user_without_a_caregiver_profile_is_refused_the_profile_page(client, db):
    # A caregiver-role account created in the admin without a profile must not crash.
    user = UserFactory(role=Role.CAREGIVER)
    client.force_login(user)
    assert client.get(reverse("profile")).status_code == 404


def test_a_uk_caregiver_types_a_uk_mobile_as_people_there_write_it(signed_in, caregiver):
    """Phone numbers follow the conventions of the caregiver's region's country."""
    region = caregiver.caregiver_profile.region
    region.country = "GB"
    region.save()
    page = signed_in.get(reverse("profile")).content.decode()
    assert "For example 07911 123456." in page
    assert signed_in.post(reverse("profile"), form_data(phone="07911 123456")).status_code == 302
    assert CaregiverProfile.objects.get(user=caregiver).phone == "+447911123456"


def test_a_uk_style_number_is_not_a_new_zealand_one(signed_in, caregiver):
    response = signed_in.post(reverse("profile"), form_data(phone="07911 123456"))
    assert response.status_code == 200
    assert "for example 021 123 4567 or +64 21 123 4567" in response.content.decode()
    assert CaregiverProfile.objects.get(user=caregiver).phone == ""
