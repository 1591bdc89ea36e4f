"""Every page of the portal, as the people who use it, through axe-core — and at 320 px wide.

Sign-in itself is covered by test_sign_in.py; here the session cookie is made
by Django's test client so the tour spends its time on the pages.
"""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import Region, User
from events.demo import FUN_DAY_TITLE
from events.models import Audience, Event
from invitations import services as invitation_services
from invitations.models import Invitation
from tests.accounts.factories import add_totp


def sign_in_as(context, live_server, email: str) -> None:
    user = User.objects.get(email=email)
    if user.role != "caregiver":
        add_totp(user)
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def fits_the_screen(page) -> bool:
    """No sideways scrolling (WCAG 1.4.10 reflow at 320 CSS px)."""
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")


def tour(page, a11y, paths, *, narrow=False):
    for path in paths:
        a11y.visit(page, path)
        if narrow:
            assert fits_the_screen(page), f"{path} scrolls sideways at 320 px"


@pytest.fixture
def fun_day(demo_data):
    return Event.objects.get(title=FUN_DAY_TITLE)


def test_caregiver_pages(open_page, live_server, a11y, fun_day):
    for viewport in ({"width": 1280, "height": 800}, {"width": 320, "height": 640}):
        page = open_page(viewport=viewport)
        sign_in_as(page.context, live_server, "newcarer@example.org")
        tour(
            page,
            a11y,
            ["/", "/events/", "/events/?family_friendly=on&evening_weekend=on", f"/events/{fun_day.pk}/",
             f"/events/{fun_day.pk}/reply/", "/events/mine/", "/profile/"],
            narrow=viewport["width"] == 320,
        )  # fmt: skip
        # A form with errors is a page too.
        page.get_by_label("Mobile phone number").fill("12345")
        page.get_by_role("button", name="Save my details").click()
        a11y.check(page)
        assert page.get_by_text("Enter a phone number we can text or call").first.is_visible()
        a11y.expect_console_error(page, "403")
        a11y.visit(page, "/caregivers/")
        a11y.expect_console_error(page, "404")
        a11y.visit(page, "/events/999999/")


def test_social_worker_pages(page, live_server, a11y, fun_day):
    sign_in_as(page.context, live_server, "worker@example.org")
    invited = Event.objects.filter(audience=Audience.INVITED, region__name="Wellington").first()
    caregiver = User.objects.get(email="carer@example.org").caregiver_profile
    pk = fun_day.pk
    tour(
        page,
        a11y,
        ["/", "/caregivers/", "/caregivers/?scope=all&q=a", f"/caregivers/{caregiver.pk}/", "/invitations/",
         "/invitations/?show=all", "/invitations/new/", "/events/", "/events/new/", "/events/new/?kind=family_fun_day",
         f"/events/{pk}/", f"/events/{pk}/edit/", f"/events/{pk}/replies/", f"/events/{pk}/check-in/",
         f"/events/{pk}/checklist/", f"/events/{pk}/cancel/", f"/events/{invited.pk}/invitees/", "/accounts/2fa/",
         "/accounts/password/change/", "/accounts/email/"],
    )  # fmt: skip
    # The invitation form with errors.
    a11y.visit(page, "/invitations/new/")
    page.get_by_role("button", name="Send invitation").click()
    a11y.check(page)
    assert page.get_by_text("This field is required.").first.is_visible()


def test_manager_pages(page, live_server, a11y, demo_data):
    sign_in_as(page.context, live_server, "manager@example.org")
    tour(page, a11y, ["/", "/caregivers/", "/events/", "/invitations/"])


def test_public_pages(page, live_server, a11y, demo_data):
    worker = User.objects.get(email="worker@example.org")
    invitation = invitation_services.invitation_create(
        invited_by=worker,
        email="new.family@example.org",
        first_name="Ana",
        region=Region.objects.get(name="Wellington"),
        status="provisional",
        approved_on=None,
        caregiver_type="kinship",
        social_worker=worker,
    )
    link = invitation_services.invitation_url(invitation).split("://", 1)[1].split("/", 1)[1]
    tour(page, a11y, ["/accounts/login/", "/accounts/password/reset/", "/accounts/signup/", f"/{link}"])
    # The accept form with errors, then an altered link.
    page.get_by_role("button", name="Create my account").click()
    a11y.check(page)
    assert Invitation.objects.get(pk=invitation.pk).state == "pending"
    a11y.expect_console_error(page, "404")
    a11y.visit(page, f"/invite/{invitation.uid}/not-the-token/")
    assert page.get_by_role("heading", name="This invitation link is not valid").is_visible()
