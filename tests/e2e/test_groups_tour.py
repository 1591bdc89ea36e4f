"""Every groups page, as the people who use it, through axe-core — and at 320 px wide.
(The page tour of the other apps is test_page_tour.py; the sign-in helper is shared.)"""

from __future__ import annotations

import pytest

from groups.demo import CONSTELLATION, LOWER_HUTT_GROUP, NOT_MET_GROUP, PORIRUA_GROUP
from groups.models import Group, Meeting
from tests.e2e.test_page_tour import sign_in_as, tour


@pytest.fixture
def groups(demo_data):
    return {g.name: g for g in Group.objects.all()}


def test_caregiver_member_and_hub_pages(open_page, live_server, a11y, groups):
    coffee, hub = groups[LOWER_HUTT_GROUP], groups[CONSTELLATION]
    past = Meeting.objects.filter(group=hub).order_by("event__starts_at").first()
    for viewport in ({"width": 1280, "height": 800}, {"width": 320, "height": 640}):
        page = open_page(viewport=viewport)
        sign_in_as(page.context, live_server, "carer@example.org")
        tour(
            page,
            a11y,
            ["/groups/", "/groups/?kind=support&suits_me=on", f"/groups/{coffee.pk}/",
             f"/groups/{coffee.pk}/members/", f"/groups/{coffee.pk}/meetings/", f"/groups/{coffee.pk}/agreement/",
             f"/groups/{groups[PORIRUA_GROUP].pk}/", f"/groups/{groups[PORIRUA_GROUP].pk}/join/",
             f"/groups/{hub.pk}/", f"/groups/{hub.pk}/requests/", f"/groups/{hub.pk}/meetings/new/",
             f"/groups/{hub.pk}/meetings/{past.pk}/", f"/groups/{hub.pk}/agreement/edit/",
             f"/groups/{hub.pk}/hand-over/", f"/groups/{hub.pk}/hub-requests/"],
            narrow=viewport["width"] == 320,
        )  # fmt: skip
    # A meeting form with errors is a page too.
    a11y.visit(page, f"/groups/{hub.pk}/meetings/new/")
    page.get_by_role("button", name="Schedule").click()
    a11y.check(page)
    assert page.get_by_text("This field is required.").first.is_visible()


def test_social_worker_and_manager_pages(open_page, live_server, a11y, groups):
    kapiti = groups[NOT_MET_GROUP]
    page = open_page()
    sign_in_as(page.context, live_server, "worker@example.org")
    tour(page, a11y, ["/groups/", "/groups/new/", f"/groups/{kapiti.pk}/", f"/groups/{kapiti.pk}/members/"])
    a11y.visit(page, f"/groups/{kapiti.pk}/")
    assert page.get_by_text("This group has not met in 6 weeks.").is_visible()
    manager = open_page()
    sign_in_as(manager.context, live_server, "manager@example.org")
    tour(manager, a11y, ["/groups/", f"/groups/{kapiti.pk}/"])
    assert manager.get_by_role("heading", name="Group health").is_visible()
