"""After a closure, the pages of the people who stay show what they showed, without her."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from buddies.models import Match, MatchStatus
from groups.models import Group, GroupKind
from mydata import closure
from privacy.models import Thread
from tests.mydata.erasure_everything import fill_everything, shared_things

pytestmark = pytest.mark.django_db


def _pages(client: Client, urls: list[str]) -> dict[str, int]:
    return {url: client.get(url).status_code for url in urls}


def test_the_others_pages_still_work_and_do_not_name_her(wellington, social_worker, manager):
    shared = shared_things(region=wellington, social_worker=social_worker)
    leaving = fill_everything(
        tag="Leaving", number="1001", region=wellington, social_worker=social_worker, shared=shared
    )
    staying = fill_everything(
        tag="Staying",
        number="2002",
        region=wellington,
        social_worker=social_worker,
        shared=shared,
        meeting_role="note_taker",
    )
    closure.closure_confirm(closure=closure.closure_request(user=leaving.user), by=social_worker)

    pair = Match.objects.get(buddy=None, status=MatchStatus.ENDED)
    group = shared.group
    hub_group = Group.objects.filter(kind=GroupKind.CONSTELLATION).first()
    thread = Thread.objects.filter(author=None, group=group).first()
    assert thread is not None  # her thread others answered, under its neutral title
    people = {
        "staying caregiver": (
            staying.user,
            [
                reverse("home"),
                reverse("my_events"),
                reverse("event_detail", args=[shared.past_event.pk]),
                reverse("group_detail", args=[group.pk]),
                reverse("group_members", args=[group.pk]),
                reverse("privacy_discussion", args=[group.pk]),
                reverse("privacy_thread", args=[group.pk, thread.pk]),
                reverse("my_answers"),
            ],
        ),
        "her buddy's new caregiver": (
            pair.new_caregiver,
            [reverse("buddy_home"), reverse("match_detail", args=[pair.pk]), reverse("caremap")],
        ),
        "social worker": (
            social_worker,
            [
                reverse("home"),
                reverse("caregiver_list"),
                reverse("event_rsvps", args=[shared.past_event.pk]),
                reverse("event_check_in", args=[shared.past_event.pk]),
                reverse("group_members", args=[group.pk]),
                reverse("group_meetings", args=[group.pk]),
                reverse("hub_requests", args=[hub_group.pk]),
                reverse("privacy_moderation", args=[group.pk]),
                reverse("buddy_follow_up"),
                reverse("match_detail", args=[pair.pk]),
                reverse("enquiry_list"),
                reverse("report"),
            ],
        ),
        "manager": (manager, [reverse("report"), reverse("training_report"), reverse("home")]),
    }
    for who, (user, urls) in people.items():
        client = Client()
        client.force_login(user)
        statuses = _pages(client, urls)
        assert set(statuses.values()) == {200}, f"{who}: {statuses}"
        for url in urls:
            page = client.get(url).content.decode()
            named = [value for value in leaving.values if value in page]
            assert named == [], f"{who} {url}: {named}"
