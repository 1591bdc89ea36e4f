"""Every buddies form with bad input opens with the error summary, linking to each field
(the house pattern of tests/test_error_summaries.py, for this app's pages)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from buddies.models import Enquiry, MatchStatus
from tests.buddies.conftest import make_buddy
from tests.buddies.factories import MatchFactory, NewCaregiverFactory
from tests.html_page import Page
from tests.test_error_summaries import field_target

pytestmark = pytest.mark.django_db


def _pair(fx):
    buddy = fx.getfixturevalue("caregiver")
    return MatchFactory(buddy=buddy, status=MatchStatus.ACTIVE)


def _intake(fx):
    wellington = fx.getfixturevalue("wellington")
    people = [
        NewCaregiverFactory(region=wellington, approved_on=timezone.localdate() - timedelta(days=15)) for _ in "ab"
    ]
    one = make_buddy(wellington, capacity=1)
    return {f"buddy_{p.user_id}": str(one.pk) for p in people}


CASES = {
    "buddy settings": ("caregiver", lambda c, fx: c.post(reverse("buddy_settings"), {"capacity": "9"})),
    "contact in the future": (
        "caregiver",
        lambda c, fx: c.post(
            reverse("check_in_create", args=[_pair(fx).pk]),
            {"contact_type": "", "happened_on": (timezone.localdate() + timedelta(days=3)).isoformat()},
        ),
    ),
    "fit check": ("caregiver", lambda c, fx: c.post(reverse("fit_check", args=[_pair(fx).pk]), {"fit": "maybe"})),
    "end without a reason": (
        "caregiver",
        lambda c, fx: c.post(reverse("match_end", args=[_pair(fx).pk]), {"reason": ""}),
    ),
    "assign nobody": (
        "social_worker",
        lambda c, fx: (
            make_buddy(fx.getfixturevalue("wellington")),
            c.post(reverse("buddy_assign", args=[fx.getfixturevalue("caregiver").caregiver_profile.pk]), {}),
        )[1],
    ),
    "batch over capacity": ("social_worker", lambda c, fx: c.post(reverse("buddy_batch"), _intake(fx))),
    "enquiry": ("social_worker", lambda c, fx: c.post(reverse("enquiry_create"), {"first_name": ""})),
    "enquiry outcome": (
        "social_worker",
        lambda c, fx: c.post(
            reverse(
                "enquiry_detail",
                args=[
                    Enquiry.objects.create(
                        region=fx.getfixturevalue("wellington"),
                        first_name="Pita",
                        household="single",
                        how_heard="event",
                        recorded_by=fx.getfixturevalue("social_worker"),
                    ).pk
                ],
            ),
            {"outcome": "nonsense"},
        ),
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_buddies_page_with_errors_opens_with_a_summary_linking_to_each_field(request, client_for, case):
    who, send = case
    response = send(client_for(who), request)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors
    page = Page.of(response)
    assert page.title.startswith("Error: ")
    [summary] = page.error_summaries
    assert page.position(summary) < page.position(page.find_all("h1")[0])
    links = {a.attrs["href"].removeprefix("#"): a.text() for a in summary.find_all("a")}
    for name in form.errors:
        if name == "__all__":
            continue
        target = field_target(form, name)
        assert target in links and target in page.ids, (name, links)
