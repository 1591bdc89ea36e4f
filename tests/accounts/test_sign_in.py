"""Signing in: email login, rate limits on failed attempts, two-step verification for staff."""

from __future__ import annotations

import os
import time
import uuid

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from accounts.models import Role
from tests.accounts.factories import PASSWORD, UserFactory, add_totp, make_staff


def login(client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_caregiver_signs_in_with_email_and_lands_home(client, caregiver):
    response = login(client, caregiver.email.upper(), PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert home.templates[0].name == "home/caregiver.html"


def test_wrong_password_is_refused_with_a_message(client, caregiver):
    response = login(client, caregiver.email, "wrong password")
    assert response.status_code == 200
    assert "not correct" in str(response.context["form"].errors).lower()
    assert "_auth_user_id" not in client.session


def _assert_rate_limited_after_five_failures(client, email: str) -> None:
    for _ in range(5):
        assert login(client, email, "wrong password").status_code == 200
    # Even the right password is refused now: the account is protected for a while.
    response = login(client, email, PASSWORD)
    assert response.status_code == 200
    assert "too many failed login attempts" in response.content.decode().lower()
    assert "_auth_user_id" not in client.session


def test_failed_logins_are_rate_limited_per_account(client, caregiver):
    _assert_rate_limited_after_five_failures(client, caregiver.email)


def test_other_accounts_are_not_locked_by_someone_elses_failures(client, caregiver, caregiver_other_region):
    _assert_rate_limited_after_five_failures(client, caregiver.email)
    assert login(client, caregiver_other_region.email, PASSWORD).status_code == 302


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (set in CI)")
def test_rate_limits_are_counted_in_redis(client, caregiver, settings):
    """Production keeps the counts in Redis so every web process sees them."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"test-{uuid.uuid4()}",
            "TIMEOUT": 600,
        }
    }
    _assert_rate_limited_after_five_failures(client, caregiver.email)


# --- Two-step verification ---------------------------------------------------------


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.MANAGER])
def test_staff_without_mfa_are_sent_to_set_it_up_before_any_caregiver_data(client, wellington, caregiver, role):
    user = make_staff(role=role, regions=[wellington], mfa=False)
    client.force_login(user)
    for url in [
        reverse("home"),
        reverse("caregiver_list"),
        reverse("caregiver_detail", args=[caregiver.caregiver_profile.pk]),
        reverse("invitation_list"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp")
    # The set-up pages themselves stay reachable.
    assert client.get(reverse("mfa_index")).status_code == 200


def test_staff_with_mfa_reach_their_pages(client, social_worker):
    client.force_login(social_worker)
    assert client.get(reverse("caregiver_list")).status_code == 200


def test_caregivers_do_not_need_mfa(client, caregiver):
    client.force_login(caregiver)
    assert client.get(reverse("home")).status_code == 200


def test_demo_skip_needs_debug_as_well(client, wellington, settings):
    user = make_staff(role=Role.SOCIAL_WORKER, regions=[wellington], mfa=False)
    client.force_login(user)
    settings.DEMO_SKIP_MFA = True
    settings.DEBUG = False
    assert client.get(reverse("home"))["Location"] == reverse("mfa_activate_totp")
    settings.DEBUG = True
    assert client.get(reverse("home")).status_code == 200


def test_superuser_without_mfa_cannot_use_the_admin(client, db):
    admin = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_sign_in_asks_for_the_authenticator_code(client, wellington):
    user = make_staff(role=Role.SOCIAL_WORKER, regions=[wellington], mfa=False)
    secret = add_totp(user)
    response = login(client, user.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # not signed in until the code is given

    wrong = client.post(
        reverse("mfa_authenticate"), {"code": "000000" if current_code(secret) != "000000" else "111111"}
    )
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    right = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert right.status_code == 302
    assert client.get(reverse("home")).status_code == 200
