"""The Events page: what each person sees, the filters (times in New Zealand time), pagination
and the query budget."""

from __future__ import annotations

import zoneinfo
from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Region
from events.models import RSVP, Audience, EventInvitee, EventKind, EventStatus, Response
from tests.accounts.factories import CaregiverFactory
from tests.events.factories import EventFactory
from tests.events.helpers import NZ, at, bulk_caregivers, bulk_events, next_local
from tests.querycount import assert_constant_queries


def titles(response) -> list[str]:
    assert response.status_code == 200
    return [event.title for event in response.context["events"]]


@pytest.fixture
def mixed(wellington, auckland, manager):
    """Wellington and Auckland regional events, a national one, over the next weeks."""
    return {
        "picnic": EventFactory(
            title="Picnic",
            region=wellington,
            kind=EventKind.FAMILY_FUN_DAY,
            family_friendly=True,
            **at(next_local(5, time(16), weeks=1)),
        ),
        "coffee": EventFactory(title="Coffee", region=wellington, **at(next_local(2, time(10), weeks=2))),
        "training": EventFactory(
            title="Training", region=wellington, kind=EventKind.TRAINING, **at(next_local(1, time(18, 30), weeks=3))
        ),
        "auckland": EventFactory(title="Auckland hui", region=auckland, **at(next_local(5, time(10), weeks=1))),
        "conference": EventFactory(
            title="Conference",
            region=None,
            audience=Audience.NATIONAL,
            kind=EventKind.CONFERENCE,
            created_by=manager,
            **at(next_local(5, time(9), weeks=4), hours=7),
        ),
    }


def test_a_caregiver_sees_upcoming_events_of_their_region_and_national_ones(signed_in, mixed, wellington):
    EventFactory(title="Last month", region=wellington, **at(timezone.now() - timedelta(days=30)))
    assert titles(signed_in.get(reverse("event_list"))) == ["Picnic", "Coffee", "Training", "Conference"]


def test_filter_by_region(signed_in, mixed, wellington):
    assert titles(signed_in.get(reverse("event_list"), {"region": wellington.pk})) == ["Picnic", "Coffee", "Training"]


def test_filter_by_kind(signed_in, mixed):
    assert titles(signed_in.get(reverse("event_list"), {"kind": EventKind.TRAINING})) == ["Training"]


def test_filter_family_friendly(signed_in, mixed):
    assert titles(signed_in.get(reverse("event_list"), {"family_friendly": "on"})) == ["Picnic"]


def test_filter_by_date_range_in_new_zealand_dates(signed_in, mixed):
    coffee_day = mixed["coffee"].local_start.date()
    training_day = mixed["training"].local_start.date()
    response = signed_in.get(reverse("event_list"), {"date_from": coffee_day, "date_to": training_day})
    assert titles(response) == ["Coffee", "Training"]
    assert titles(signed_in.get(reverse("event_list"), {"date_from": training_day})) == ["Training", "Conference"]
    assert titles(signed_in.get(reverse("event_list"), {"date_to": coffee_day})) == ["Picnic", "Coffee"]


def test_a_late_evening_event_is_on_its_new_zealand_date(signed_in, wellington):
    # 12:30am on a Saturday in New Zealand is Friday in UTC: the filter goes by the New Zealand date.
    late = next_local(5, time(23), weeks=1)
    early = next_local(5, time(0, 30), weeks=1)
    EventFactory(title="Late", region=wellington, starts_at=late, ends_at=late + timedelta(minutes=50))
    EventFactory(title="Early", region=wellington, **at(early))
    day = late.date()
    assert titles(signed_in.get(reverse("event_list"), {"date_from": day, "date_to": day})) == ["Early", "Late"]


def test_a_date_range_that_ends_before_it_starts_is_a_field_error(signed_in, mixed):
    today = timezone.localdate(timezone=NZ)
    response = signed_in.get(reverse("event_list"), {"date_from": today + timedelta(days=5), "date_to": today})
    assert response.context["form"].errors["date_to"] == ["The “to” date must be on or after the “from” date."]
    assert "The “to” date must be on or after the “from” date." in response.content.decode()
    assert len(titles(response)) == 4  # nothing filtered on a bad range


def test_evening_and_weekend_only_uses_new_zealand_time(signed_in, wellington):
    cases = {
        "Tuesday 10am": next_local(1, time(10)),
        "Tuesday 6:30pm": next_local(1, time(18, 30)),
        "Saturday 10am": next_local(5, time(10)),
        "Sunday 2pm": next_local(6, time(14)),
        "Friday 4:30pm": next_local(4, time(16, 30)),
        "Wednesday 5pm": next_local(2, time(17)),
    }
    for title, when in cases.items():
        EventFactory(title=title, region=wellington, **at(when))
    shown = set(titles(signed_in.get(reverse("event_list"), {"evening_weekend": "on"})))
    assert shown == {"Tuesday 6:30pm", "Saturday 10am", "Sunday 2pm", "Wednesday 5pm"}


def test_filters_combine(signed_in, mixed, wellington):
    EventFactory(
        title="Weekday family morning",
        region=wellington,
        family_friendly=True,
        **at(next_local(2, time(10), weeks=1)),
    )
    query = {"family_friendly": "on", "evening_weekend": "on", "region": wellington.pk}
    assert titles(signed_in.get(reverse("event_list"), query)) == ["Picnic"]


def test_twenty_events_a_page(signed_in, wellington):
    start = timezone.now() + timedelta(days=2)
    for i in range(45):
        EventFactory(title=f"Event {i:02d}", region=wellington, **at(start + timedelta(hours=3 * i)))
    first = signed_in.get(reverse("event_list"))
    assert titles(first) == [f"Event {i:02d}" for i in range(20)]
    assert "45 upcoming events." in first.content.decode()
    assert titles(signed_in.get(reverse("event_list"), {"page": 2}))[0] == "Event 20"
    assert titles(signed_in.get(reverse("event_list"), {"page": 3})) == [f"Event {i}" for i in range(40, 45)]
    assert titles(signed_in.get(reverse("event_list"), {"page": 99}))[-1] == "Event 44"  # the last page
    # The next-page link keeps the filters.
    filtered = signed_in.get(reverse("event_list"), {"kind": EventKind.COFFEE_MORNING})
    assert "?kind=coffee_morning&amp;page=2" in filtered.content.decode()


def test_drafts_are_hidden_from_caregivers_and_shown_to_staff(client, caregiver, social_worker, wellington):
    EventFactory(title="Published", region=wellington)
    EventFactory(title="Draft", region=wellington, status=EventStatus.DRAFT)
    client.force_login(caregiver)
    assert titles(client.get(reverse("event_list"))) == ["Published"]
    client.force_login(social_worker)
    response = client.get(reverse("event_list"))
    assert sorted(titles(response)) == ["Draft", "Published"]
    assert '<span class="badge text-bg-secondary">Draft</span>' in response.content.decode()


def test_an_invited_list_event_is_shown_only_to_invitees(client, caregiver, wellington):
    neighbour = CaregiverFactory(region=wellington).user
    event = EventFactory(title="By invitation", region=wellington, audience=Audience.INVITED)
    EventInvitee.objects.create(event=event, user=caregiver)
    EventInvitee.objects.create(event=event, user=CaregiverFactory(region=wellington).user)
    client.force_login(caregiver)
    assert titles(client.get(reverse("event_list"))) == ["By invitation"]  # once, despite two invitees
    client.force_login(neighbour)
    assert titles(client.get(reverse("event_list"))) == []


def test_a_caregiver_of_another_region_sees_national_events_but_never_a_wellington_one(
    client, caregiver_other_region, mixed, wellington
):
    client.force_login(caregiver_other_region)
    assert titles(client.get(reverse("event_list"))) == ["Auckland hui", "Conference"]
    # Not even by asking for Wellington.
    assert titles(client.get(reverse("event_list"), {"region": wellington.pk})) == []


def test_staff_see_their_regions_and_national_events(client, social_worker, mixed):
    client.force_login(social_worker)
    assert titles(client.get(reverse("event_list"))) == ["Picnic", "Coffee", "Training", "Conference"]


def test_evening_and_weekend_follow_each_regions_own_time_zone(signed_in, caregiver, manager):
    """A region in another time zone (Chatham Islands, 45 minutes ahead) is judged in its own local time."""
    chatham_tz = zoneinfo.ZoneInfo("Pacific/Chatham")
    chatham = Region.objects.create(name="Chatham Islands", slug="chatham", timezone="Pacific/Chatham")
    # 16:30 in Wellington is 17:15 on the Chathams: an evening event there.
    evening_there = next_local(1, time(17, 15), tz=chatham_tz)
    afternoon_there = next_local(1, time(16, 0), tz=chatham_tz)  # 15:15 in Wellington
    EventFactory(title="Chatham evening", region=chatham, audience=Audience.NATIONAL, **at(evening_there))
    EventFactory(title="Chatham afternoon", region=chatham, audience=Audience.NATIONAL, **at(afternoon_there))
    shown = set(titles(signed_in.get(reverse("event_list"), {"evening_weekend": "on"})))
    assert "Chatham evening" in shown
    assert "Chatham afternoon" not in shown


# --- Query budgets: the same number of queries for 5 rows as for 500 -----------------


def test_event_list_query_budget_for_a_caregiver(client, caregiver, wellington, social_worker, five_events):
    client.force_login(caregiver)

    def add_rows():
        more = bulk_events(475, wellington, social_worker)
        RSVP.objects.bulk_create(RSVP(event=e, user=caregiver, response=Response.GOING) for e in more[:100])
        # Invited-list events join through the invitees: each must still be loaded once.
        invited = bulk_events(20, wellington, social_worker, audience=Audience.INVITED)
        others = bulk_caregivers(3)
        EventInvitee.objects.bulk_create(EventInvitee(event=e, user=u) for e in invited for u in [caregiver, *others])

    # 1 session, 2 user, 3 regions for the filter's drop-down, 4 count of visible upcoming
    # events for the paginator, 5 the page's event ids, 6 those events with region joined,
    # people going and "my reply" annotated.
    # (Caregivers need no MFA check; their region is a subquery inside 4 and 5.)
    assert_constant_queries(lambda: client.get(reverse("event_list")), add_rows, expected=6)


def test_event_list_query_budget_for_staff(client, social_worker, wellington, auckland, manager, five_events):
    client.force_login(social_worker)

    def add_rows():
        bulk_events(400, wellington, social_worker, status=EventStatus.DRAFT)
        bulk_events(90, None, manager, audience=Audience.NATIONAL)
        bulk_events(5, None, manager, audience=Audience.NATIONAL, status=EventStatus.DRAFT)
        bulk_events(50, auckland, manager)  # not theirs: never loaded

    # 1 session, 2 user, 3 TOTP check (MFA middleware), 4 staff profile (regions),
    # 5 regions for the filter's drop-down, 6 count for the paginator, 7 the page's event
    # ids, 8 those events with region joined and people going annotated.
    assert_constant_queries(lambda: client.get(reverse("event_list")), add_rows, expected=8)
