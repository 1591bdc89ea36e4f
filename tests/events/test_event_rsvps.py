"""The replies page (``event_rsvps``): totals by age band, who is going, waiting or not,
texts that did not arrive; its query budget."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from events.models import RSVP, FollowUp, Response
from notifications.models import MessageStatus
from tests.accounts.factories import CaregiverFactory
from tests.events.factories import RSVPFactory
from tests.events.helpers import bulk_caregivers, many_replies
from tests.notifications.factories import MessageFactory
from tests.querycount import assert_constant_queries


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
    assert "1 household, 3 people" in html
    assert [r.user.first_name for r in response.context["going"]] == ["Aroha", "Ben", "Cara"]
    assert [r.user.first_name for r in response.context["waitlist"]] == ["Dan"]
    assert [r.user.first_name for r in response.context["not_going"]] == ["Eve"]


def test_replies_page_with_no_replies_says_so(staff, event):
    response = staff.get(reverse("event_rsvps", args=[event.pk]))
    assert response.context["totals"]["people"] == 0
    assert "No one has said they are going yet." in response.content.decode()


def test_a_text_that_did_not_arrive_is_listed_for_a_phone_call_and_can_be_followed_up(staff, event, wellington):
    profile = CaregiverFactory(
        region=wellington, contact_by_sms=True, phone="+64215550199", sms_consent_at=timezone.now()
    )
    RSVPFactory(event=event, user=profile.user, adults=2)
    MessageFactory(recipient=profile.user, event=event, to=profile.phone, status=MessageStatus.FAILED)
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


def test_replies_page_query_budget(staff, event, replies):
    # 1 session, 2 user, 3 TOTP check, 4 staff profile, 5 the event (visible to them),
    # 6 may they run it (their regions), 7 count of households going (pages), 8 this page
    # of them with user joined, 9 the latest message status per person going and channel,
    # 10 the waitlist with user, 11 not going with user, 12 the totals, 13 the record of
    # the reads, one row per caregiver shown, in one INSERT. (Texts that did not arrive add
    # two: test_event_rsvps_delivery.py.)
    assert_constant_queries(
        lambda: staff.get(reverse("event_rsvps", args=[event.pk])), lambda: many_replies(event, 495), expected=13
    )


def test_a_big_event_lists_fifty_households_a_page_and_totals_them_all(staff, event, replies):
    # 120 going with the fixture's three.
    RSVP.objects.bulk_create(RSVP(event=event, user=u, response=Response.GOING) for u in bulk_caregivers(117))
    first = staff.get(reverse("event_rsvps", args=[event.pk]))
    assert len(first.context["going"]) == 50
    assert first.context["totals"]["households"] == 120
    assert "Households 1 to 50 of 120, by first name. The CSV has them all." in first.content.decode()
    last = staff.get(reverse("event_rsvps", args=[event.pk]), {"page": 3})
    assert len(last.context["going"]) == 20
    assert "Page 3 of 3" in last.content.decode()
    shown = [
        r.pk
        for page in (1, 2, 3)
        for r in staff.get(reverse("event_rsvps", args=[event.pk]), {"page": page}).context["going"]
    ]
    assert len(set(shown)) == 120
