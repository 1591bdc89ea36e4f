"""Signing in through the real forms, as each demo role, in Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.accounts.factories import add_totp
from tests.e2e.helpers import DEMO_PASSWORD, current_totp, path_is, sign_in


@pytest.mark.parametrize(
    ("email", "heading", "section"),
    [
        ("carer@example.org", "Kia ora, Aroha", "Your next events"),
        ("newcarer@example.org", "Kia ora, Sione", "Your buddy"),
    ],
)
def test_caregiver_signs_in_to_their_home_page(page, a11y, demo_data, email, heading, section):
    sign_in(page, a11y, email)

    expect(page).to_have_url(path_is("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("heading", name=section)).to_be_visible()


@pytest.mark.parametrize(
    ("email", "heading", "section"),
    [
        ("worker@example.org", "Kia ora, Tom", "My caseload"),
        ("manager@example.org", "Kia ora, Miriama", "Coming to this page"),
    ],
)
def test_staff_signs_in_with_password_then_authenticator_code(page, a11y, demo_data, email, heading, section):
    secret = add_totp(User.objects.get(email=email))

    sign_in(page, a11y, email)
    expect(page).to_have_url(path_is("/accounts/2fa/authenticate/"))
    page.get_by_label("Code").fill(current_totp(secret))
    page.get_by_role("button", name="Sign in").click()
    a11y.check(page)

    expect(page).to_have_url(path_is("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("heading", name=section)).to_be_visible()


def test_staff_without_authenticator_is_sent_to_set_one_up(page, a11y, demo_data):
    sign_in(page, a11y, "worker@example.org")

    # The middleware sends them from home to the TOTP set-up page, which allauth guards
    # with reauthentication; allauth 65 does not count the sign-in itself as one.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/\?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F$"))
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    a11y.check(page)
    expect(page).to_have_url(path_is("/accounts/2fa/totp/activate/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step verification")

    # Home, or any page with caregivers' data, still leads back here.
    a11y.visit(page, "/caregivers/")
    expect(page).to_have_url(path_is("/accounts/2fa/totp/activate/"))
    expect(page.locator(".messages").get_by_text("set up two-step verification")).to_be_visible()
    expect(page.get_by_text("Kia ora")).to_have_count(0)


def test_caregiver_uses_the_collapsed_menu_on_a_phone(mobile_page, a11y, demo_data):
    page = mobile_page
    sign_in(page, a11y, "carer@example.org")

    my_profile = page.get_by_role("link", name="My profile", exact=True)
    expect(my_profile).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    # Bootstrap adds "show" when the opening transition has finished.
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))
    expect(my_profile).to_be_visible()
    a11y.check(page)  # the open menu too: its links must keep contrast and target size
    my_profile.click()
    a11y.check(page)

    expect(page).to_have_url(path_is("/profile/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My profile")


def test_first_tab_reaches_the_skip_link(page, a11y, demo_data):
    sign_in(page, a11y, "carer@example.org")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_caregiver_is_refused_the_caregiver_list(page, a11y, demo_data):
    sign_in(page, a11y, "carer@example.org")
    # Chromium logs every 4xx document load as a console error; this one is the point of the test.
    a11y.expect_console_error(page, r"status of 403")

    response = a11y.visit(page, "/caregivers/")

    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("This page is not available to you")


def test_sign_out_from_the_navigation(page, a11y, demo_data):
    sign_in(page, a11y, "carer@example.org")

    page.get_by_role("button", name="Sign out").click()
    a11y.check(page)

    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    a11y.visit(page, "/profile/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/profile/$"))
