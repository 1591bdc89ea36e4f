"""Two-step verification for staff: ``RequireStaffMFAMiddleware`` sends staff without an
authenticator to set one up before any caregiver data, and staff sign-in asks for the
code (``mfa_authenticate``)."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from accounts.models import Role
from tests.accounts.factories import PASSWORD, UserFactory, add_totp, make_staff
from tests.accounts.helpers import login


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


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
