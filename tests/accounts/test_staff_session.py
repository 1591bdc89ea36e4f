"""Staff sessions end after 30 minutes idle and 12 hours after sign-in (ASVS 7.3.1/7.3.2);
caregivers keep the ordinary two-week session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

START = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def signed_in(client, user):
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200
    return client


@pytest.mark.parametrize("persona", ["social_worker", "manager"])
def test_staff_are_signed_out_after_30_idle_minutes(client, personas, clock, persona):
    signed_in(client, personas[persona])
    clock.shift(timedelta(minutes=31))
    response = client.get(reverse("caregiver_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=/caregivers/" in response["Location"]
    assert "_auth_user_id" not in client.session
    notices = [str(m) for m in get_messages(response.wsgi_request)]
    assert notices == ["You were signed out after 30 minutes without activity. Please sign in again."]


def test_staff_who_keep_working_stay_signed_in_until_12_hours(client, social_worker, clock):
    signed_in(client, social_worker)
    for _ in range(11 * 4 + 3):  # a request every 15 minutes for 11¾ hours
        clock.shift(timedelta(minutes=15))
        assert client.get(reverse("caregiver_list")).status_code == 200
    clock.shift(timedelta(minutes=16))  # 12h01 after signing in, 16 minutes after the last request
    response = client.get(reverse("caregiver_list"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    notices = [str(m) for m in get_messages(response.wsgi_request)]
    assert notices == ["You were signed out because you signed in more than 12 hours ago. Please sign in again."]


def test_the_idle_time_is_a_setting(client, social_worker, clock, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 5 * 60
    signed_in(client, social_worker)
    clock.shift(timedelta(minutes=4))
    assert client.get(reverse("home")).status_code == 200
    clock.shift(timedelta(minutes=6))
    assert client.get(reverse("home")).status_code == 302


def test_caregivers_keep_their_session_through_a_long_pause(client, caregiver, clock):
    signed_in(client, caregiver)
    clock.shift(timedelta(hours=13))
    assert client.get(reverse("home")).status_code == 200
