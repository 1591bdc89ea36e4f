"""The accessibility statement: linked from every page, open to everyone, and its report form
reaches staff through the outbox."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notifications.models import Channel, Message
from peersupport.views import ACCESSIBILITY_REPORTS_PER_HOUR

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url_name", ["account_login", "home", "event_list", "accessibility"])
def test_every_page_links_to_the_statement(client, caregiver, url_name):
    if url_name != "account_login":
        client.force_login(caregiver)
    page = client.get(reverse(url_name)).content.decode()
    assert f'<a href="{reverse("accessibility")}">Accessibility</a>' in page


def test_the_statement_says_how_accessible_the_site_is_and_when_it_was_reviewed(client, settings):
    settings.ACCESSIBILITY_REVIEWED_ON = "2026-11-30"
    page = client.get(reverse("accessibility")).content.decode()
    for heading in ("How accessible the site is", "Known limitations", "Tell us about a problem"):
        assert heading in page
    assert "partially conformant" in page and "WCAG" in page
    assert "last reviewed on 30 November 2026" in page


def test_a_report_reaches_the_team_without_who_sent_it(client, caregiver, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "access@agency.example.org"
    client.force_login(caregiver)
    response = client.post(
        reverse("accessibility"),
        {"page": "Reply to an event", "problem": "The children's numbers are not read out by my screen reader."},
        follow=True,
    )
    assert "Your report has reached our team." in response.content.decode()
    message = Message.objects.get(kind="accessibility_report")
    assert (message.channel, message.to, message.recipient) == (Channel.EMAIL, "access@agency.example.org", None)
    assert "Reply to an event" in message.body and "not read out by my screen reader" in message.body
    assert "They were signed in (Caregiver)." in message.body
    for personal in (caregiver.email, caregiver.first_name, caregiver.last_name):
        assert personal not in message.body + message.subject


def test_an_empty_report_is_refused_next_to_the_field_and_nothing_is_sent(client):
    response = client.post(reverse("accessibility"), {"page": "Home", "reply_to": "not an address"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tell us what went wrong." in page and "Enter an email address like name@example.org" in page
    assert 'value="Home"' in page  # what was typed is kept
    assert not Message.objects.filter(kind="accessibility_report").exists()


def test_one_address_cannot_flood_the_outbox(client):
    for _ in range(ACCESSIBILITY_REPORTS_PER_HOUR):
        client.post(reverse("accessibility"), {"problem": "The menu does not open."})
    response = client.post(reverse("accessibility"), {"problem": "The menu does not open."})
    assert "several reports from you this hour" in response.content.decode()
    assert Message.objects.filter(kind="accessibility_report").count() == ACCESSIBILITY_REPORTS_PER_HOUR


def test_behind_a_proxy_one_persons_reports_do_not_stop_another(client, settings):
    """The limit is per client address as the trusted proxy settings read it, not per proxy."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    url = reverse("accessibility")
    for _ in range(ACCESSIBILITY_REPORTS_PER_HOUR + 1):
        client.post(url, {"problem": "The menu does not open."}, HTTP_X_FORWARDED_FOR="203.0.113.7")
    response = client.post(url, {"problem": "Buttons are too small."}, HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert "several reports from you this hour" not in response.content.decode()
    assert Message.objects.filter(kind="accessibility_report").count() == ACCESSIBILITY_REPORTS_PER_HOUR + 1
