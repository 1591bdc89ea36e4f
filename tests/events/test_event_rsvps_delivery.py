"""The replies page's Email and Text columns: the status of the latest message about the
event to each person going, per channel (``events.selectors.latest_delivery``), whatever
came before it; one row per person and channel is read, however many messages there are."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from notifications.models import Channel, MessageStatus
from tests.accounts.factories import CaregiverFactory
from tests.events.factories import RSVPFactory
from tests.notifications.factories import MessageFactory
from tests.querycount import assert_constant_queries


def texter(wellington, event, **reply):
    profile = CaregiverFactory(
        region=wellington, contact_by_sms=True, phone="+64215550123", sms_consent_at=timezone.now()
    )
    RSVPFactory(event=event, user=profile.user, **reply)
    return profile.user


NOW = timezone.now()


def message(person, event, status, *, hours_ago: float, channel=Channel.SMS):
    return MessageFactory(
        recipient=person, event=event, channel=channel, status=status, created_at=NOW - timedelta(hours=hours_ago)
    )


def going_row(response, person):
    return next(rsvp for rsvp in response.context["going"] if rsvp.user_id == person.pk)


def test_a_text_delivered_after_one_that_failed_is_not_listed_for_a_call(staff, event, wellington):
    person = texter(wellington, event)
    message(person, event, MessageStatus.FAILED, hours_ago=3)
    message(person, event, MessageStatus.DELIVERED, hours_ago=1)
    response = staff.get(reverse("event_rsvps", args=[event.pk]))
    assert going_row(response, person).delivery == {"email": None, "sms": MessageStatus.DELIVERED}
    assert response.context["failed_texts"] == []


def test_a_text_that_failed_after_one_was_delivered_is_listed(staff, event, wellington):
    person = texter(wellington, event)
    message(person, event, MessageStatus.DELIVERED, hours_ago=30)
    message(person, event, MessageStatus.FAILED, hours_ago=2)
    message(person, event, MessageStatus.SENT, hours_ago=1, channel=Channel.EMAIL)
    response = staff.get(reverse("event_rsvps", args=[event.pk]))
    assert going_row(response, person).delivery == {"email": MessageStatus.SENT, "sms": MessageStatus.FAILED}
    assert [rsvp.user for rsvp in response.context["failed_texts"]] == [person]


def test_messages_written_at_the_same_moment_go_by_the_later_row(staff, event, wellington):
    person = texter(wellington, event)
    message(person, event, MessageStatus.FAILED, hours_ago=1)
    message(person, event, MessageStatus.DELIVERED, hours_ago=1)
    response = staff.get(reverse("event_rsvps", args=[event.pk]))
    assert going_row(response, person).delivery["sms"] == MessageStatus.DELIVERED


def test_messages_about_other_events_and_to_people_not_going_are_not_read(staff, event, wellington, fun_day):
    person = texter(wellington, event)
    waiting = texter(wellington, event, waitlisted=True, waitlisted_at=timezone.now())
    message(person, fun_day, MessageStatus.FAILED, hours_ago=1)  # another event
    message(waiting, event, MessageStatus.FAILED, hours_ago=1)  # not going (waitlisted)
    response = staff.get(reverse("event_rsvps", args=[event.pk]))
    assert going_row(response, person).delivery == {"email": None, "sms": None}
    assert response.context["failed_texts"] == []


def test_query_budget_with_texts_that_did_not_arrive(staff, event, wellington):
    message(texter(wellington, event), event, MessageStatus.FAILED, hours_ago=1)

    def add_rows():
        for _ in range(30):
            person = texter(wellington, event)
            message(person, event, MessageStatus.DELIVERED, hours_ago=5)
            message(person, event, MessageStatus.FAILED, hours_ago=1)
            message(person, event, MessageStatus.SENT, hours_ago=1, channel=Channel.EMAIL)

    # The thirteen of the replies page (test_event_rsvps.py), with the people whose text
    # did not arrive with their phone numbers and their follow-up log.
    assert_constant_queries(lambda: staff.get(reverse("event_rsvps", args=[event.pk])), add_rows, expected=15)
