"""Staff create events (``event_create``): practice defaults per kind, local times stored
in UTC (in the region's own time zone), messages next to the field for bad input."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from events.models import DEFAULT_CHECKLIST, Audience, Event, EventKind, EventStatus
from tests.accounts.factories import RegionFactory
from tests.events.helpers import INPUT, NZ, form_data, local_input, next_local, next_year

NEW_FUN_DAY = reverse("event_create") + "?kind=family_fun_day"


def new_event_data(region, /, **overrides) -> dict:
    starts = next_local(5, time(16), weeks=3)
    data = {
        "title": "Whānau fun day",
        "kind": EventKind.FAMILY_FUN_DAY,
        "status": EventStatus.PUBLISHED,
        "audience": Audience.REGION,
        "region": region.pk if region else "",
        "description": "",
        "starts_at": local_input(starts),
        "ends_at": local_input(starts + timedelta(hours=2)),
        "rsvp_deadline": "",
        "venue_name": "Hutt Park pavilion",
        "venue_address": "",
        "online_url": "",
        "access_notes": "",
        "capacity": "60",
        "food": "",
        "family_friendly": "on",
    }
    data.update(overrides)
    return data


def test_create_without_a_kind_asks_what_kind_of_event(staff):
    response = staff.get(reverse("event_create"))
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "events/event_kind_choice.html"
    for value in EventKind.values:
        assert f'href="?kind={value}"'.encode() in response.content


def test_family_fun_day_form_suggests_saturday_4_to_6pm_for_the_whole_family(staff, wellington):
    response = staff.get(NEW_FUN_DAY)
    form = response.context["form"]
    starts = datetime.strptime(form["starts_at"].value(), INPUT).replace(tzinfo=NZ)
    ends = datetime.strptime(form["ends_at"].value(), INPUT).replace(tzinfo=NZ)
    assert starts.weekday() == 5  # Saturday
    assert (starts.time(), ends.time(), ends.date()) == (time(16), time(18), starts.date())
    assert starts.date() > timezone.localdate(timezone=NZ)
    assert form["family_friendly"].value() is True
    assert form["childminding"].value() is True
    assert form["kind"].value() == EventKind.FAMILY_FUN_DAY
    assert form["region"].value() == wellington.pk  # the social worker's only region
    html = response.content.decode()
    assert f'value="{form["starts_at"].value()}"' in html
    assert 'name="family_friendly" class="checkboxinput form-check-input" id="id_family_friendly" checked' in html


def test_saving_the_suggested_form_creates_the_event_with_the_default_checklist(staff, social_worker, wellington):
    form = staff.get(NEW_FUN_DAY).context["form"]
    data = form_data(form, title="Family fun day at Hutt Park", venue_name="Hutt Park", status="published")
    response = staff.post(NEW_FUN_DAY, data)
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("event_detail", args=[event.pk])
    assert (event.title, event.kind, event.region, event.created_by) == (
        "Family fun day at Hutt Park",
        EventKind.FAMILY_FUN_DAY,
        wellington,
        social_worker,
    )
    assert event.status == EventStatus.PUBLISHED
    assert (event.family_friendly, event.childminding, event.sequence) == (True, True, 0)
    assert (event.local_start.weekday(), event.local_start.time(), event.local_end.time()) == (5, time(16), time(18))
    assert [(i.label, i.done) for i in event.checklist.all()] == [(label, False) for label in DEFAULT_CHECKLIST]


@pytest.mark.parametrize(
    ("month", "day", "utc_hour"),
    [
        pytest.param(7, 10, 4, id="winter-NZST-plus-12"),
        pytest.param(1, 9, 3, id="summer-NZDT-plus-13"),
    ],
)
def test_times_are_typed_in_new_zealand_time_and_stored_in_utc(staff, wellington, month, day, utc_hour):
    on = next_year(month, day)
    data = new_event_data(
        wellington,
        starts_at=f"{on:%Y-%m-%d}T16:00",
        ends_at=f"{on:%Y-%m-%d}T18:30",
        rsvp_deadline=f"{on - timedelta(days=2):%Y-%m-%d}T17:00",
    )
    assert staff.post(NEW_FUN_DAY, data).status_code == 302
    event = Event.objects.get()
    start_utc = datetime(on.year, on.month, on.day, utc_hour, 0, tzinfo=UTC)
    assert event.starts_at == start_utc
    assert event.ends_at == start_utc + timedelta(hours=2, minutes=30)
    assert event.rsvp_deadline == start_utc - timedelta(days=2) + timedelta(hours=1)
    # The edit form shows the same wall-clock times again.
    form = staff.get(reverse("event_edit", args=[event.pk])).context["form"]
    assert form["starts_at"].value() == f"{on:%Y-%m-%d}T16:00"


def test_times_follow_the_region_time_zone_not_the_site_one(client, manager):
    chatham = RegionFactory(name="Chatham Islands", slug="chatham-islands", timezone="Pacific/Chatham")
    client.force_login(manager)
    on = next_year(7, 10)  # winter: Chatham is UTC+12:45
    data = new_event_data(chatham, starts_at=f"{on:%Y-%m-%d}T16:00", ends_at=f"{on:%Y-%m-%d}T18:00")
    assert client.post(NEW_FUN_DAY, data).status_code == 302
    event = Event.objects.get()
    assert event.starts_at == datetime(on.year, on.month, on.day, 3, 15, tzinfo=UTC)
    assert event.when_display.endswith("4pm–6pm")


def test_a_manager_creates_a_national_event_that_belongs_to_no_region(client, manager, wellington):
    client.force_login(manager)
    data = new_event_data(wellington, audience=Audience.NATIONAL, kind=EventKind.CONFERENCE)
    assert client.post(reverse("event_create"), data).status_code == 302
    event = Event.objects.get()
    assert (event.audience, event.region) == (Audience.NATIONAL, None)


def _bad_new_event(wellington, auckland):
    past = timezone.now().astimezone(NZ).replace(second=0, microsecond=0) - timedelta(days=1)
    starts = next_local(5, time(16), weeks=3)
    return {
        "end before start": (
            {"ends_at": local_input(starts - timedelta(hours=1))},
            "ends_at",
            "The end must be after the start.",
        ),
        "end equals start": ({"ends_at": local_input(starts)}, "ends_at", "The end must be after the start."),
        "reply-by after start": (
            {"rsvp_deadline": local_input(starts + timedelta(minutes=30))},
            "rsvp_deadline",
            "The reply-by date must be before the event starts.",
        ),
        "start in the past": (
            {"starts_at": local_input(past), "ends_at": local_input(past + timedelta(hours=2))},
            "starts_at",
            "This time has already passed. Choose a time in the future.",
        ),
        "capacity 0": ({"capacity": "0"}, "capacity", "Capacity must be at least 1, or empty for no limit."),
        "negative capacity": ({"capacity": "-3"}, "capacity", "Ensure this value is greater than or equal to 0."),
        "missing region": ({"region": ""}, "region", "Choose the region this event is for."),
        "region outside the social worker's": (
            {"region": auckland.pk},
            "region",
            "Select a valid choice. That choice is not one of the available choices.",
        ),
        "national audience by a social worker": (
            {"audience": Audience.NATIONAL, "region": ""},
            "audience",
            "Select a valid choice. national is not one of the available choices.",
        ),
        "no title": ({"title": ""}, "title", "This field is required."),
    }


BAD_NEW_EVENT = [
    "end before start",
    "end equals start",
    "reply-by after start",
    "start in the past",
    "capacity 0",
    "negative capacity",
    "missing region",
    "region outside the social worker's",
    "national audience by a social worker",
    "no title",
]


@pytest.mark.parametrize("case", BAD_NEW_EVENT)
def test_bad_input_gets_a_message_next_to_the_field_and_creates_nothing(staff, wellington, auckland, case):
    overrides, field, message = _bad_new_event(wellington, auckland)[case]
    response = staff.post(NEW_FUN_DAY, new_event_data(wellington, **overrides))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    html = response.content.decode()
    error_at = html.index(f'id="error_1_id_{field}"')
    assert html.index(f'id="id_{field}"') < error_at  # rendered under its own field
    assert escape(message) in html
    assert "Please correct the details marked below." in html
    assert Event.objects.count() == 0


def test_a_form_posted_without_a_kind_says_so_instead_of_failing(staff, wellington):
    response = staff.post(reverse("event_create"), new_event_data(wellington, kind=""))
    assert response.status_code == 200
    assert response.context["form"].errors["kind"] == ["This field is required."]
    assert Event.objects.count() == 0
