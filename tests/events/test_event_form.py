"""Staff create, edit and cancel events through the views: practice defaults,
local times stored in UTC, messages next to the field for bad input, and who is told."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from events.models import DEFAULT_CHECKLIST, RSVP, Audience, Event, EventKind, EventStatus, Response
from notifications.models import Channel, Message
from tests.accounts.factories import CaregiverFactory, RegionFactory
from tests.events.factories import EventFactory, RSVPFactory
from tests.events.helpers import INPUT, NZ, form_data, local_input, next_local, next_year

NEW_FUN_DAY = reverse("event_create") + "?kind=family_fun_day"


@pytest.fixture
def staff(client, social_worker):
    client.force_login(social_worker)
    return client


@pytest.fixture
def sms_caregiver(wellington):
    """A Wellington caregiver who asked for emails and texts: two channels."""
    return CaregiverFactory(
        region=wellington, contact_by_sms=True, phone="+64211234567", sms_consent_at=timezone.now()
    ).user


@pytest.fixture
def event(wellington, social_worker):
    """Published, on a Saturday 4–6pm NZ time at least a week away (whole minutes, as a form would send)."""
    starts = next_local(5, time(16))
    return EventFactory(
        region=wellington,
        created_by=social_worker,
        kind=EventKind.FAMILY_FUN_DAY,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        capacity=40,
        childminding=True,
        description="Games on the field.",
    )


@pytest.fixture
def replies(event, caregiver, sms_caregiver, wellington):
    """Going (email), going (email + text), waitlisted (email), not going (email)."""
    waiting = CaregiverFactory(region=wellington).user
    declined = CaregiverFactory(region=wellington).user
    RSVPFactory(event=event, user=caregiver, adults=2, children_5_11=2)
    RSVPFactory(event=event, user=sms_caregiver, adults=1)
    RSVPFactory(event=event, user=waiting, adults=2, waitlisted=True, waitlisted_at=timezone.now())
    RSVPFactory(event=event, user=declined, response=Response.NOT_GOING)
    return {"going": [caregiver, sms_caregiver], "waiting": waiting, "declined": declined}


def edit_data(client, event, **overrides) -> dict:
    """The edit form as the page renders it, with ``overrides`` typed in."""
    form = client.get(reverse("event_edit", args=[event.pk])).context["form"]
    return form_data(form, **overrides)


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


def messages_of(kind: str) -> list[tuple[str, str]]:
    return sorted(Message.objects.filter(kind=kind).values_list("recipient__email", "channel"))


# --- Creating ------------------------------------------------------------------------


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


# --- Editing -------------------------------------------------------------------------


def test_capacity_below_the_people_already_going_says_how_many_are_going(staff, event, replies):
    response = staff.post(reverse("event_edit", args=[event.pk]), edit_data(staff, event, capacity="4"))
    # 2 adults + 2 children and 1 adult are going; the waitlisted and the "no" do not count.
    assert response.status_code == 200
    assert response.context["form"].errors["capacity"] == [
        "5 people are already going. The capacity cannot be less than that."
    ]
    assert "5 people are already going" in response.content.decode()
    event.refresh_from_db()
    assert (event.capacity, event.sequence) == (40, 0)
    assert Message.objects.count() == 0


def test_capacity_equal_to_the_people_going_is_accepted(staff, event, replies):
    response = staff.post(reverse("event_edit", args=[event.pk]), edit_data(staff, event, capacity="5"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.capacity == 5
    assert RSVP.objects.get(user=replies["waiting"]).waitlisted  # 2 more would not fit


def test_bad_times_on_edit_change_nothing(staff, event, replies):
    before = (event.starts_at, event.ends_at)
    data = edit_data(staff, event, ends_at=event.starts_at - timedelta(hours=1))
    response = staff.post(reverse("event_edit", args=[event.pk]), data)
    assert response.context["form"].errors["ends_at"] == ["The end must be after the start."]
    event.refresh_from_db()
    assert ((event.starts_at, event.ends_at), event.sequence) == (before, 0)
    assert Message.objects.count() == 0


def test_moving_a_published_event_tells_everyone_going_or_waitlisted_on_each_channel(
    staff, event, replies, caregiver, sms_caregiver
):
    later = event.starts_at + timedelta(hours=1)
    data = edit_data(staff, event, starts_at=later, ends_at=later + timedelta(hours=2))
    response = staff.post(reverse("event_edit", args=[event.pk]), data, follow=True)
    assert "People going have been told." in response.content.decode()
    event.refresh_from_db()
    assert event.starts_at == later
    assert event.sequence == 1
    assert messages_of("event_changed") == sorted(
        [
            (caregiver.email, Channel.EMAIL),
            (sms_caregiver.email, Channel.EMAIL),
            (sms_caregiver.email, Channel.SMS),
            (replies["waiting"].email, Channel.EMAIL),
        ]
    )
    email = Message.objects.get(kind="event_changed", recipient=caregiver)
    assert event.when_display in email.body
    assert email.event == event


def test_moving_the_venue_also_tells_them(staff, event, replies):
    staff.post(reverse("event_edit", args=[event.pk]), edit_data(staff, event, venue_name="Avalon Park"))
    assert len(messages_of("event_changed")) == 4


def test_editing_only_the_description_tells_no_one(staff, event, replies):
    data = edit_data(staff, event, description="Games on the field. Bring a hat.")
    response = staff.post(reverse("event_edit", args=[event.pk]), data, follow=True)
    assert "People going have been told." not in response.content.decode()
    event.refresh_from_db()
    assert event.description == "Games on the field. Bring a hat."
    assert Message.objects.count() == 0


def test_moving_a_draft_tells_no_one(staff, event, replies):
    Event.objects.filter(pk=event.pk).update(status=EventStatus.DRAFT)
    later = event.starts_at + timedelta(days=1)
    data = edit_data(staff, event, starts_at=later, ends_at=later + timedelta(hours=2))
    assert staff.post(reverse("event_edit", args=[event.pk]), data).status_code == 302
    assert Message.objects.count() == 0


def test_a_social_worker_cannot_move_an_event_to_another_region(staff, event, auckland):
    data = edit_data(staff, event, region=auckland.pk)
    response = staff.post(reverse("event_edit", args=[event.pk]), data)
    assert "region" in response.context["form"].errors
    event.refresh_from_db()
    assert event.region.name == "Wellington"


# --- Cancelling ----------------------------------------------------------------------


def test_cancelling_needs_a_reason(staff, event, replies):
    page = staff.get(reverse("event_cancel", args=[event.pk]))
    assert "3 households going or on the waitlist will be told" in page.content.decode()
    response = staff.post(reverse("event_cancel", args=[event.pk]), {"reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["This field is required."]
    assert 'id="error_1_id_reason"' in response.content.decode()
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert Message.objects.count() == 0


def test_cancelling_tells_everyone_going_or_waitlisted(staff, event, replies, caregiver, sms_caregiver):
    response = staff.post(reverse("event_cancel", args=[event.pk]), {"reason": "The field is flooded."})
    assert response["Location"] == reverse("event_detail", args=[event.pk])
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert event.cancelled_reason == "The field is flooded."
    assert event.cancelled_at is not None
    assert event.sequence == 1
    assert messages_of("event_cancelled") == sorted(
        [
            (caregiver.email, Channel.EMAIL),
            (sms_caregiver.email, Channel.EMAIL),
            (sms_caregiver.email, Channel.SMS),
            (replies["waiting"].email, Channel.EMAIL),
        ]
    )
    assert "The field is flooded." in Message.objects.filter(kind="event_cancelled", channel=Channel.EMAIL).first().body
    # Cancelling twice tells no one twice.
    staff.post(reverse("event_cancel", args=[event.pk]), {"reason": "Again"})
    assert Message.objects.filter(kind="event_cancelled").count() == 4


def test_a_cancelled_event_cannot_be_replied_to(client, staff, event, replies, caregiver_other_region, wellington):
    staff.post(reverse("event_cancel", args=[event.pk]), {"reason": "The field is flooded."})
    newcomer = CaregiverFactory(region=wellington).user
    client.force_login(newcomer)
    assert client.get(reverse("rsvp_edit", args=[event.pk])).status_code == 409
    reply = {"going": "yes", "adults": "1", "children_0_4": "0", "children_5_11": "0", "children_12_17": "0"}
    assert client.post(reverse("rsvp_edit", args=[event.pk]), reply).status_code == 409
    assert not RSVP.objects.filter(user=newcomer).exists()
    detail = client.get(reverse("event_detail", args=[event.pk])).content.decode()
    assert "This event is cancelled." in detail
    assert reverse("rsvp_edit", args=[event.pk]) not in detail


def test_a_cancelled_event_cannot_be_edited(staff, event):
    data = edit_data(staff, event, title="Back on")
    staff.post(reverse("event_cancel", args=[event.pk]), {"reason": "Rain."})
    assert staff.get(reverse("event_edit", args=[event.pk]))["Location"] == reverse("event_detail", args=[event.pk])
    response = staff.post(reverse("event_edit", args=[event.pk]), data, follow=True)
    assert "A cancelled event cannot be edited." in response.content.decode()
    title = event.title
    event.refresh_from_db()
    assert (event.title, event.status, event.sequence) == (title, EventStatus.CANCELLED, 1)


def test_moving_an_event_to_a_region_in_another_time_zone_tells_people(client, manager, event, replies):
    """The typed times stay the same, but 10am on the Chathams is a different moment: people are told."""
    chatham = RegionFactory(name="Chatham Islands", slug="chatham-islands", timezone="Pacific/Chatham")
    client.force_login(manager)
    data = edit_data(client, event, region=chatham.pk)
    before = event.starts_at
    assert client.post(reverse("event_edit", args=[event.pk]), data).status_code == 302
    event.refresh_from_db()
    assert event.starts_at != before
    assert Message.objects.filter(kind="event_changed").exists()
