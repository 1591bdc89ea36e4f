"""The pages staff run an event from: replies and totals, the CSV export, the
invited list with follow-up, check-in and the checklist; query budgets for the
list pages (events, My events, replies)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from events.models import (
    RSVP,
    Attendance,
    Audience,
    ChecklistItem,
    Event,
    EventInvitee,
    EventKind,
    EventStatus,
    FollowUp,
    Response,
)
from events.services import event_create
from tests.accounts.factories import CaregiverFactory
from tests.events.factories import EventFactory, RSVPFactory
from tests.querycount import assert_constant_queries


@pytest.fixture
def staff(client, social_worker):
    client.force_login(social_worker)
    return client


@pytest.fixture
def event(wellington, social_worker):
    return EventFactory(region=wellington, created_by=social_worker, capacity=30, childminding=True)


def carer(region, first_name, last_name="Tane", **profile):
    return CaregiverFactory(region=region, user__first_name=first_name, user__last_name=last_name, **profile).user


@pytest.fixture
def replies(event, wellington):
    """Three households going, one waitlisted, one not going."""
    aroha = carer(wellington, "Aroha", "Ngata", phone="+64211111111")
    ben = carer(wellington, "Ben", "Smith")
    cara = carer(wellington, "Cara", "Jones")
    dan = carer(wellington, "Dan", "Waits")
    eve = carer(wellington, "Eve", "Away")
    return {
        "aroha": RSVPFactory(
            event=event, user=aroha, adults=2, children_0_4=1, children_5_11=2, childminding_for=2, dietary="Vegetarian"
        ),
        "ben": RSVPFactory(event=event, user=ben, adults=1, children_12_17=1, access_needs="Wheelchair user"),
        "cara": RSVPFactory(
            event=event,
            user=cara,
            adults=2,
            children_5_11=1,
            childminding_for=1,
            dietary="Halal",
            access_needs="Quiet space",
        ),
        "dan": RSVPFactory(
            event=event, user=dan, adults=2, children_0_4=1, waitlisted=True, waitlisted_at=timezone.now()
        ),
        "eve": RSVPFactory(event=event, user=eve, response=Response.NOT_GOING, adults=0),
    }


# --- Replies and totals --------------------------------------------------------------


def test_replies_page_totals_count_households_going_by_age_band(staff, event, replies):
    response = staff.get(reverse("event_rsvps", args=[event.pk]))
    totals = response.context["totals"]
    assert totals == {
        "households": 3,
        "people": 10,
        "adults": 5,
        "children": 5,
        "children_0_4": 1,
        "children_5_11": 3,
        "children_12_17": 1,
        "childminding_for": 3,
        "dietary": 2,
        "access": 2,
    }
    assert (response.context["waitlist_totals"]["households"], response.context["waitlist_totals"]["people"]) == (1, 3)
    html = response.content.decode()
    for label, value in [
        ("Households", 3),
        ("People", 10),
        ("Adults", 5),
        ("Children aged 0–4", 1),
        ("Children aged 5–11", 3),
        ("Children aged 12–17", 1),
        ("Children needing childminding", 3),
        ("Households with dietary requirements", 2),
        ("Households with access needs", 2),
    ]:
        assert f'<tr><th scope="row">{label}</th><td>{value}</td></tr>' in html
    assert "1 households, 3 people" in html
    assert [r.user.first_name for r in response.context["going"]] == ["Aroha", "Ben", "Cara"]
    assert [r.user.first_name for r in response.context["waitlist"]] == ["Dan"]
    assert [r.user.first_name for r in response.context["not_going"]] == ["Eve"]


def test_replies_page_with_no_replies_says_so(staff, event):
    response = staff.get(reverse("event_rsvps", args=[event.pk]))
    assert response.context["totals"]["people"] == 0
    assert "No one has said they are going yet." in response.content.decode()


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_csv_export_has_a_header_and_a_row_per_reply(staff, event, replies):
    response = staff.get(reverse("event_rsvps_csv", args=[event.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="event-{event.pk}-rsvps.csv"'
    header, *rows = read_csv(response)
    assert header == [
        "Name",
        "Email",
        "Phone",
        "Reply",
        "Adults",
        "Children 0-4",
        "Children 5-11",
        "Children 12-17",
        "Childminding",
        "Dietary",
        "Access needs",
        "Attendance",
    ]
    by_name = {row[0]: row for row in rows}
    assert len(rows) == 5
    aroha = replies["aroha"].user
    assert by_name["Aroha Ngata"] == [
        "Aroha Ngata",
        aroha.email,
        "+64211111111",
        "Going",
        "2",
        "1",
        "2",
        "0",
        "2",
        "Vegetarian",
        "",
        "",
    ]
    assert by_name["Dan Waits"][3] == "On the waitlist"
    assert by_name["Eve Away"][3] == "Not going"
    assert by_name["Ben Smith"][10] == "Wheelchair user"


def test_csv_export_shows_attendance_after_check_in(staff, event, replies):
    staff.post(reverse("rsvp_check_in", args=[event.pk, replies["ben"].pk]), {"attendance": "attended"})
    rows = {row[0]: row for row in read_csv(staff.get(reverse("event_rsvps_csv", args=[event.pk])))[1:]}
    assert rows["Ben Smith"][11] == "Attended"


@pytest.mark.parametrize("value", ['=HYPERLINK("http://evil.example","Click")', "+1+1", "-2+3", "@SUM(A1)"])
def test_csv_export_guards_against_spreadsheet_formulas(staff, event, wellington, value):
    user = carer(wellington, value, "")
    user.email = f"{value[0]}1@example.org"
    user.save()
    RSVPFactory(event=event, user=user, dietary=value, access_needs=value)
    _, row = read_csv(staff.get(reverse("event_rsvps_csv", args=[event.pk])))
    name, email, dietary, access = row[0], row[1], row[9], row[10]
    assert (name, dietary, access) == ("'" + value, "'" + value, "'" + value)
    assert email == f"'{value[0]}1@example.org"


# --- Invited list and follow-up ------------------------------------------------------


@pytest.fixture
def invited_event(wellington, social_worker):
    return EventFactory(region=wellington, created_by=social_worker, audience=Audience.INVITED, title="Training day")


def test_invited_list_shows_who_has_not_answered(staff, invited_event, wellington):
    answered = carer(wellington, "Hemi", "Answered")
    waiting = carer(wellington, "Mere", "Waiting")
    for user in (answered, waiting):
        EventInvitee.objects.create(event=invited_event, user=user)
    RSVPFactory(event=invited_event, user=answered)
    response = staff.get(reverse("event_invitees", args=[invited_event.pk]))
    assert [row["user"] for row in response.context["rows"]] == [waiting]
    assert "2 invited · 1 answered · 1 not yet answered." in response.content.decode()


def test_only_caregivers_of_the_event_region_are_offered_as_invitees(
    client, social_worker, manager, invited_event, wellington, auckland, caregiver, caregiver_other_region
):
    already = carer(wellington, "Already", "Invited")
    EventInvitee.objects.create(event=invited_event, user=already)
    for user in (social_worker, manager):
        client.force_login(user)
        form = client.get(reverse("event_invitees", args=[invited_event.pk])).context["add_form"]
        assert [p.user for p in form.fields["caregivers"].queryset] == [caregiver], user.role


def test_adding_invitees(staff, invited_event, wellington, caregiver, caregiver_other_region):
    other = carer(wellington, "Rangi", "Added")
    url = reverse("event_invitees", args=[invited_event.pk])
    profiles = [caregiver.caregiver_profile.pk, other.caregiver_profile.pk]
    response = staff.post(url, {"caregivers": profiles}, follow=True)
    assert "Added 2 caregivers to the list." in response.content.decode()
    assert set(invited_event.invitee_links.values_list("user", flat=True)) == {caregiver.pk, other.pk}
    # Someone outside the event's region cannot be slipped in.
    response = staff.post(url, {"caregivers": [caregiver_other_region.caregiver_profile.pk]})
    assert response.status_code == 200
    assert response.context["add_form"].errors["caregivers"]
    assert invited_event.invitee_links.count() == 2


def test_an_invitee_sees_the_event_and_others_do_not(client, staff, invited_event, wellington, caregiver):
    staff.post(reverse("event_invitees", args=[invited_event.pk]), {"caregivers": [caregiver.caregiver_profile.pk]})
    neighbour = carer(wellington, "Not", "Invited")
    client.force_login(caregiver)
    assert client.get(reverse("event_detail", args=[invited_event.pk])).status_code == 200
    client.force_login(neighbour)
    assert client.get(reverse("event_detail", args=[invited_event.pk])).status_code == 404


def test_logging_a_follow_up_records_how_what_who_and_when(staff, social_worker, invited_event, caregiver):
    EventInvitee.objects.create(event=invited_event, user=caregiver)
    before = timezone.now()
    url = reverse("follow_up_create", args=[invited_event.pk, caregiver.pk])
    data = {"method": "call", "outcome": "left_message", "note": "Will try again on Saturday"}
    response = staff.post(url, data, follow=True)
    entry = FollowUp.objects.get()
    assert (entry.event, entry.caregiver, entry.by) == (invited_event, caregiver, social_worker)
    assert (entry.method, entry.outcome, entry.note) == ("call", "left_message", "Will try again on Saturday")
    assert before <= entry.at <= timezone.now()
    html = response.content.decode()
    assert f"Follow-up with {caregiver.display_name} recorded." in html
    assert f"phone call by {social_worker.display_name}: Left a message. Will try again on Saturday" in html
    [row] = response.context["rows"]
    assert row["log"] == [entry]


@pytest.mark.parametrize("method", ["text", "email"])
def test_follow_ups_by_text_and_email(staff, invited_event, caregiver, method):
    EventInvitee.objects.create(event=invited_event, user=caregiver)
    url = reverse("follow_up_create", args=[invited_event.pk, caregiver.pk])
    staff.post(url, {"method": method, "outcome": "coming", "note": ""})
    assert FollowUp.objects.get().method == method


def test_a_bad_follow_up_records_nothing(staff, invited_event, caregiver):
    EventInvitee.objects.create(event=invited_event, user=caregiver)
    url = reverse("follow_up_create", args=[invited_event.pk, caregiver.pk])
    response = staff.post(url, {"method": "fax", "outcome": "coming"}, follow=True)
    assert "Choose how you followed up and what happened" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_follow_up_with_someone_not_on_the_list_is_404(staff, invited_event, caregiver):
    url = reverse("follow_up_create", args=[invited_event.pk, caregiver.pk])
    assert staff.post(url, {"method": "call", "outcome": "coming"}).status_code == 404
    assert not FollowUp.objects.exists()


def test_an_event_for_everyone_has_no_invited_list(staff, event):
    assert staff.get(reverse("event_invitees", args=[event.pk])).status_code == 404


# --- Check-in ------------------------------------------------------------------------


def test_check_in_marks_a_family_arrived_with_who_and_when(staff, social_worker, event, replies):
    rsvp = replies["aroha"]
    before = timezone.now()
    url = reverse("rsvp_check_in", args=[event.pk, rsvp.pk])
    response = staff.post(url, {"attendance": "attended", "q": "aro"})
    assert response["Location"] == reverse("event_check_in", args=[event.pk]) + "?q=aro"
    rsvp.refresh_from_db()
    assert rsvp.attendance == Attendance.ATTENDED
    assert rsvp.checked_in_by == social_worker
    assert before <= rsvp.checked_in_at <= timezone.now()
    page = staff.get(reverse("event_check_in", args=[event.pk]))
    assert page.context["counts"] == {"arrived": 1, "households": 3}
    assert "<strong>1</strong> of 3 households arrived." in page.content.decode()


def test_check_in_can_be_undone(staff, event, replies):
    rsvp = replies["aroha"]
    url = reverse("rsvp_check_in", args=[event.pk, rsvp.pk])
    staff.post(url, {"attendance": "attended"})
    staff.post(url, {"attendance": ""})
    rsvp.refresh_from_db()
    assert (rsvp.attendance, rsvp.checked_in_at, rsvp.checked_in_by) == (Attendance.UNKNOWN, None, None)


def test_a_family_can_be_marked_no_show(staff, social_worker, event, replies):
    rsvp = replies["ben"]
    staff.post(reverse("rsvp_check_in", args=[event.pk, rsvp.pk]), {"attendance": "no_show"})
    rsvp.refresh_from_db()
    assert (rsvp.attendance, rsvp.checked_in_at, rsvp.checked_in_by) == (Attendance.NO_SHOW, None, social_worker)
    assert "Did not come" in staff.get(reverse("event_check_in", args=[event.pk])).content.decode()


def test_only_households_holding_places_can_be_checked_in(staff, event, replies):
    for name in ("dan", "eve"):
        url = reverse("rsvp_check_in", args=[event.pk, replies[name].pk])
        assert staff.post(url, {"attendance": "attended"}).status_code == 404
    assert not RSVP.objects.filter(attendance=Attendance.ATTENDED).exists()


def test_check_in_search_by_name(staff, event, replies):
    url = reverse("event_check_in", args=[event.pk])
    everyone = staff.get(url).context["rsvps"]
    assert [r.user.first_name for r in everyone] == ["Aroha", "Ben", "Cara"]  # not the waitlist or the "no"
    assert [r.user.first_name for r in staff.get(url, {"q": "ngata"}).context["rsvps"]] == ["Aroha"]
    assert [r.user.first_name for r in staff.get(url, {"q": "CAR"}).context["rsvps"]] == ["Cara"]
    nobody = staff.get(url, {"q": "Dan"})
    assert list(nobody.context["rsvps"]) == []
    assert "No one going matches “Dan”." in nobody.content.decode()


# --- Checklist -----------------------------------------------------------------------


@pytest.fixture
def planned(wellington, social_worker):
    """An event made by the service, so it has the default checklist."""
    start = timezone.now() + timedelta(days=20)
    return event_create(
        created_by=social_worker,
        title="Family fun day",
        kind=EventKind.FAMILY_FUN_DAY,
        region=wellington,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        venue_name="Hutt Park",
        status=EventStatus.PUBLISHED,
    )


def test_ticking_a_checklist_item_records_who_and_when_and_unticking_clears_it(staff, social_worker, planned):
    item = planned.checklist.get(label="Greeters arranged")
    url = reverse("checklist_toggle", args=[planned.pk, item.pk])
    before = timezone.now()
    assert staff.post(url, {"done": "1"})["Location"] == reverse("event_checklist", args=[planned.pk])
    item.refresh_from_db()
    assert item.done_by == social_worker
    assert before <= item.done_at <= timezone.now()
    page = staff.get(reverse("event_checklist", args=[planned.pk])).content.decode()
    assert f"Ticked by {social_worker.display_name}" in page
    assert planned.checklist.filter(done_at__isnull=False).count() == 1

    staff.post(url, {"done": "0"})
    item.refresh_from_db()
    assert (item.done_by, item.done_at) == (None, None)


def test_a_checklist_item_of_another_event_is_404(staff, planned, event):
    item = planned.checklist.first()
    assert staff.post(reverse("checklist_toggle", args=[event.pk, item.pk]), {"done": "1"}).status_code == 404
    assert not ChecklistItem.objects.filter(done_at__isnull=False).exists()


# --- Query budgets: the same number of queries for 5 rows as for 500 -----------------


def bulk_events(n: int, region, created_by, **fields) -> list[Event]:
    start = timezone.now() + timedelta(days=3)
    defaults = {
        "kind": EventKind.COFFEE_MORNING,
        "audience": Audience.REGION,
        "region": region,
        "venue_name": "Community hall",
        "status": EventStatus.PUBLISHED,
        "created_by": created_by,
        "capacity": 50,
    }
    return Event.objects.bulk_create(
        Event(
            title=f"Bulk event {i}",
            starts_at=start + timedelta(hours=i),
            ends_at=start + timedelta(hours=i + 2),
            **{**defaults, **fields},
        )
        for i in range(n)
    )


def bulk_caregivers(n: int) -> list[User]:
    return User.objects.bulk_create(
        User(email=f"bulk{i}@example.org", first_name=f"Bulk{i}", last_name="Carer", role=Role.CAREGIVER)
        for i in range(n)
    )


@pytest.fixture
def five_events(wellington, social_worker, caregiver):
    events = bulk_events(5, wellington, social_worker)
    RSVPFactory(event=events[0], user=caregiver, adults=2)
    return events


def test_event_list_query_budget_for_a_caregiver(client, caregiver, wellington, social_worker, five_events):
    client.force_login(caregiver)

    def add_rows():
        more = bulk_events(475, wellington, social_worker)
        RSVP.objects.bulk_create(RSVP(event=e, user=caregiver, response=Response.GOING) for e in more[:100])
        # Invited-list events join through the invitees: each must still be loaded once.
        invited = bulk_events(20, wellington, social_worker, audience=Audience.INVITED)
        others = bulk_caregivers(3)
        EventInvitee.objects.bulk_create(EventInvitee(event=e, user=u) for e in invited for u in [caregiver, *others])

    # 1 session, 2 user, 3 count of visible upcoming events for the paginator,
    # 4 regions for the filter's drop-down, 5 the page of events with region joined,
    # people going and "my reply" annotated.
    # (Caregivers need no MFA check; their region is a subquery inside 3 and 5.)
    assert_constant_queries(lambda: client.get(reverse("event_list")), add_rows, expected=5)


def test_event_list_query_budget_for_staff(client, social_worker, wellington, auckland, manager, five_events):
    client.force_login(social_worker)

    def add_rows():
        bulk_events(400, wellington, social_worker, status=EventStatus.DRAFT)
        bulk_events(90, None, manager, audience=Audience.NATIONAL)
        bulk_events(5, None, manager, audience=Audience.NATIONAL, status=EventStatus.DRAFT)
        bulk_events(50, auckland, manager)  # not theirs: never loaded

    # 1 session, 2 user, 3 TOTP check (MFA middleware), 4 staff profile (regions),
    # 5 count for the paginator, 6 regions for the filter's drop-down,
    # 7 the page of events with region joined and people going annotated.
    assert_constant_queries(lambda: client.get(reverse("event_list")), add_rows, expected=7)


def test_my_events_query_budget(client, caregiver, wellington, social_worker, five_events):
    client.force_login(caregiver)
    past = bulk_events(2, wellington, social_worker)
    Event.objects.filter(pk__in=[e.pk for e in past]).update(
        starts_at=timezone.now() - timedelta(days=10), ends_at=timezone.now() - timedelta(days=10, hours=-2)
    )
    # Five replies to start with: three upcoming (one from the fixture) and two past.
    RSVP.objects.bulk_create(RSVP(event=e, user=caregiver, response=Response.GOING) for e in [*five_events[1:3], *past])

    def add_rows():
        more = bulk_events(495, wellington, social_worker)
        RSVP.objects.bulk_create(
            RSVP(
                event=e,
                user=caregiver,
                response=Response.GOING,
                adults=2,
                children_0_4=1,
                waitlisted=i % 5 == 0,
                waitlisted_at=timezone.now() if i % 5 == 0 else None,
            )
            for i, e in enumerate(more)
        )
        Event.objects.filter(pk__in=[e.pk for e in more[:50]]).update(
            starts_at=timezone.now() - timedelta(days=30), ends_at=timezone.now() - timedelta(days=29)
        )
        Event.objects.filter(pk__in=[e.pk for e in more[50:60]]).update(
            status=EventStatus.CANCELLED, cancelled_reason="Rain", cancelled_at=timezone.now()
        )

    # 1 session, 2 user, 3 upcoming replies with event and region joined,
    # 4 the last ten past ones, 5 the calendar feed address.
    assert_constant_queries(lambda: client.get(reverse("my_events")), add_rows, expected=5)


def _many_replies(event, n: int) -> None:
    users = bulk_caregivers(n)
    RSVP.objects.bulk_create(
        RSVP(
            event=event,
            user=user,
            response=Response.NOT_GOING if i % 7 == 0 else Response.GOING,
            adults=1,
            children_5_11=i % 3,
            childminding_for=min(i % 3, 1),
            dietary="Vegetarian" if i % 4 == 0 else "",
            waitlisted=i % 7 == 1,
            waitlisted_at=timezone.now() if i % 7 == 1 else None,
        )
        for i, user in enumerate(users)
    )


def test_replies_page_query_budget(staff, event, replies):
    # 1 session, 2 user, 3 TOTP check, 4 staff profile, 5 the event (visible to them),
    # 6 may they run it (their regions), 7 households going with user and profile joined,
    # 8 the latest message status per person and channel, 9 totals going, 10 totals waitlisted,
    # 11 the waitlist with user, 12 not going with user.
    assert_constant_queries(
        lambda: staff.get(reverse("event_rsvps", args=[event.pk])), lambda: _many_replies(event, 495), expected=12
    )


def test_csv_export_query_budget(staff, event, replies):
    # 1 session, 2 user, 3 TOTP check, 4 staff profile, 5 the event, 6 may they run it,
    # 7 every reply with user and profile joined.
    assert_constant_queries(
        lambda: staff.get(reverse("event_rsvps_csv", args=[event.pk])), lambda: _many_replies(event, 495), expected=7
    )


def test_check_in_query_budget(staff, event, replies):
    # 1 session, 2 user, 3 TOTP check, 4 staff profile, 5 the event, 6 may they run it,
    # 7 arrived / households counts, 8 households going with user joined.
    assert_constant_queries(
        lambda: staff.get(reverse("event_check_in", args=[event.pk])), lambda: _many_replies(event, 495), expected=8
    )


def test_a_text_that_did_not_arrive_is_listed_for_a_phone_call_and_can_be_followed_up(staff, event, wellington):
    from notifications.models import Channel, Message, MessageStatus

    profile = CaregiverFactory(
        region=wellington, contact_by_sms=True, phone="+64215550199", sms_consent_at=timezone.now()
    )
    RSVPFactory(event=event, user=profile.user, adults=2)
    Message.objects.create(
        recipient=profile.user,
        channel=Channel.SMS,
        kind="event_reminder",
        event=event,
        to=profile.phone,
        body="Reminder",
        idempotency_key="test:failed-text",
        status=MessageStatus.FAILED,
    )
    page = staff.get(reverse("event_rsvps", args=[event.pk])).content.decode()
    assert "Texts that did not arrive: please phone" in page
    assert 'href="tel:+64215550199"' in page

    response = staff.post(
        reverse("follow_up_create", args=[event.pk, profile.user.pk]),
        {"method": "call", "outcome": "coming", "note": "Still coming", "return_to": "replies"},
    )
    assert response["Location"] == reverse("event_rsvps", args=[event.pk])
    assert FollowUp.objects.get(event=event, caregiver=profile.user).note == "Still coming"
    assert "Still coming" in staff.get(reverse("event_rsvps", args=[event.pk])).content.decode()


def test_follow_up_with_someone_unconnected_to_the_event_is_404(staff, event, caregiver):
    response = staff.post(
        reverse("follow_up_create", args=[event.pk, caregiver.pk]), {"method": "call", "outcome": "coming"}
    )
    assert response.status_code == 404
    assert not FollowUp.objects.exists()
