"""Every buddies page, as the people who use it, through axe-core, and at 320 px wide."""

from __future__ import annotations

from allauth.mfa.models import Authenticator

from accounts.models import CaregiverProfile
from buddies.models import Enquiry, Match, MatchStatus
from tests.e2e.test_page_tour import sign_in_as as _sign_in_as
from tests.e2e.test_page_tour import tour


def sign_in_as(context, live_server, email: str) -> None:
    """As the page tour's, for a second tab of the same person (their TOTP device exists already)."""
    Authenticator.objects.filter(user__email=email).delete()
    _sign_in_as(context, live_server, email)


WIDTHS = ({"width": 1280, "height": 800}, {"width": 320, "height": 640})


def test_caregiver_and_buddy_pages(open_page, live_server, a11y, demo_data):
    active = Match.objects.get(buddy__email="carer@example.org", status=MatchStatus.ACTIVE)
    ended = Match.objects.filter(status=MatchStatus.ENDED).first()
    for viewport in WIDTHS:
        narrow = viewport["width"] == 320
        page = open_page(viewport=viewport)
        sign_in_as(page.context, live_server, "newcarer@example.org")
        tour(page, a11y, ["/buddies/", "/buddies/settings/"], narrow=narrow)
        page = open_page(viewport=viewport)
        sign_in_as(page.context, live_server, "carer@example.org")
        pair = f"/buddies/pairs/{active.pk}/"
        tour(page, a11y, ["/buddies/", pair, pair + "end/"], narrow=narrow)
        # A contact in the future: the error summary and the message next to the field.
        a11y.visit(page, pair)
        page.get_by_label("Coffee").check()
        page.get_by_label("Date").fill("2099-01-01")
        page.get_by_role("button", name="Log contact").click()
        a11y.check(page)
        page = open_page(viewport=viewport)
        sign_in_as(page.context, live_server, ended.new_caregiver.email)
        tour(page, a11y, [f"/buddies/pairs/{ended.pk}/"], narrow=narrow)


def test_social_worker_and_manager_pages(open_page, live_server, a11y, demo_data):
    waiting = CaregiverProfile.objects.get(user__email="newcarer@example.org")
    ended = Match.objects.filter(status=MatchStatus.ENDED).first()
    enquiry = Enquiry.objects.get(first_name="Pita")
    carer = CaregiverProfile.objects.get(user__email="carer@example.org")
    for viewport in WIDTHS:
        narrow = viewport["width"] == 320
        page = open_page(viewport=viewport)
        sign_in_as(page.context, live_server, "worker@example.org")
        tour(
            page,
            a11y,
            [
                "/",
                "/buddies/follow-up/",
                f"/buddies/assign/{waiting.pk}/",
                f"/buddies/pairs/{ended.pk}/",
                "/buddies/enquiries/",
                "/buddies/enquiries/new/",
                f"/buddies/enquiries/{enquiry.pk}/",
                "/buddies/caregivers/",
                f"/buddies/caregivers/{carer.pk}/",
            ],
            narrow=narrow,
        )
        page = open_page(viewport=viewport)
        sign_in_as(page.context, live_server, "worker.auckland@example.org")
        tour(page, a11y, ["/buddies/batch/"], narrow=narrow)
        page = open_page(viewport=viewport)
        sign_in_as(page.context, live_server, "manager@example.org")
        tour(page, a11y, ["/", "/buddies/weights/"], narrow=narrow)
