"""A person's language: the footer's switcher before sign-in (a cookie), their own choice
after it (on the account, so it follows them to another device), and the emails and texts
written to them in it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import CaregiverProfile, User
from events import services as event_services
from events.models import HouseholdReply
from notifications.models import Channel, Message
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

CATALOG = Path(settings.BASE_DIR) / "locale" / "mi" / "LC_MESSAGES" / "django.mo"


@pytest.fixture(autouse=True)
def compiled_catalog():
    if not CATALOG.exists():
        pytest.skip("te reo Māori is not compiled: make test compiles it (needs GNU gettext)")


def texts_to(caregiver, language: str = settings.LANGUAGE_CODE) -> User:
    """The caregiver, read afresh, with a mobile number they agreed to get texts on."""
    CaregiverProfile.objects.filter(user=caregiver).update(
        phone="+64211234567", contact_by_sms=True, sms_consent_at=timezone.now()
    )
    User.objects.filter(pk=caregiver.pk).update(language=language)
    return User.objects.get(pk=caregiver.pk)


def nav_labels(response) -> list[str]:
    return [item["label"] for item in response.context["nav_items"]]


def test_the_switcher_before_sign_in_changes_the_page_and_is_remembered(client):
    page = client.get(reverse("account_login")).content.decode()
    assert '<html lang="en-nz">' in page and "Skip to main content" in page
    response = client.post(reverse("set_language"), {"language": "mi", "next": reverse("account_login")})
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    page = client.get(reverse("account_login")).content.decode()
    assert '<html lang="mi">' in page
    assert "Peke ki te ihirangi matua" in page  # Skip to main content
    assert '<option value="mi" lang="mi" selected>Te reo Māori</option>' in page


def test_a_browser_that_prefers_maori_gets_it_before_sign_in():
    page = Client(HTTP_ACCEPT_LANGUAGE="mi").get(reverse("account_login")).content.decode()
    assert '<html lang="mi">' in page


def test_a_caregivers_choice_is_kept_on_the_account_and_follows_them(client, caregiver):
    client.force_login(caregiver)
    assert nav_labels(client.get(reverse("home")))[:3] == ["Home", "Events", "My events"]
    client.post(reverse("set_language"), {"language": "mi", "next": reverse("home")})
    caregiver.refresh_from_db()
    assert caregiver.language == "mi"

    phone = Client()  # another device: no cookie, the account decides
    phone.force_login(caregiver)
    response = phone.get(reverse("home"))
    assert nav_labels(response)[:3] == ["Kāinga", "Ngā huihuinga", "Aku huihuinga"]
    assert '<html lang="mi">' in response.content.decode()
    assert "Te reo Māori" in phone.get(reverse("profile")).content.decode()


def test_staff_pages_follow_a_staff_members_choice(client, social_worker):
    social_worker.language = "mi"
    social_worker.save()
    client.force_login(social_worker)
    assert "Ngā kaitiaki" in nav_labels(client.get(reverse("home")))


def test_an_unknown_language_changes_nothing(client, caregiver):
    client.force_login(caregiver)
    client.post(reverse("set_language"), {"language": "xx", "next": reverse("home")})
    caregiver.refresh_from_db()
    assert caregiver.language == settings.LANGUAGE_CODE


def test_a_text_is_written_in_the_recipients_language_whoever_sends_it(caregiver, wellington):
    caregiver = texts_to(caregiver, language="mi")
    event = EventFactory(region=wellington, title="Coffee morning")
    with translation.override("en-nz"):  # the request (or worker) writing it is in English
        event_services.rsvp_submit(event=event, user=caregiver, going=True, household=HouseholdReply(adults=1))
    text = Message.objects.get(recipient=caregiver, channel=Channel.SMS, kind="rsvp_confirmed")
    assert "Hurihia:" in text.body and "Change:" not in text.body


def test_an_english_speakers_text_stays_in_english(caregiver, wellington):
    caregiver = texts_to(caregiver)
    event = EventFactory(region=wellington, title="Coffee morning")
    with translation.override("mi"):
        event_services.rsvp_submit(event=event, user=caregiver, going=True, household=HouseholdReply(adults=1))
    text = Message.objects.get(recipient=caregiver, channel=Channel.SMS, kind="rsvp_confirmed")
    assert "Change:" in text.body
