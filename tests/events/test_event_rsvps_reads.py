"""The replies page as a read (issue 15): one StaffRead per caregiver the page shows (the
fifty going on this page, texts that did not arrive, the waitlist, those not going),
written in one INSERT on every look (a reload of the same page within minutes is the same
look), a page drawn from the page cache too; caregivers looking at their own replies write none."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import ReadKind, StaffRead
from events import selectors, views
from events.models import RSVP, Response
from events.views import REPLIES_PAGE_SIZE
from notifications.models import Channel, MessageStatus
from peersupport import pagecache
from tests.events.factories import RSVPFactory
from tests.events.helpers import bulk_caregivers
from tests.notifications.factories import MessageFactory


def subjects_read() -> list[int]:
    return sorted(StaffRead.objects.values_list("subject_id", flat=True))


@pytest.fixture
def big_event(event):
    """120 households going (Bulk0… by name), one waiting, one not going."""
    users = bulk_caregivers(122)
    RSVP.objects.bulk_create(RSVP(event=event, user=u, response=Response.GOING) for u in users[:120])
    RSVP.objects.create(
        event=event, user=users[120], response=Response.GOING, waitlisted=True, waitlisted_at=timezone.now()
    )
    RSVP.objects.create(event=event, user=users[121], response=Response.NOT_GOING)
    return event


def shown_on(response) -> list[int]:
    context = response.context
    people = [*context["going"], *context["failed_texts"], *context["waitlist"], *context["not_going"]]
    return sorted({rsvp.user_id for rsvp in people})


def test_a_page_of_replies_records_one_read_per_caregiver_shown(staff, social_worker, big_event):
    response = staff.get(reverse("event_rsvps", args=[big_event.pk]))
    shown = shown_on(response)
    assert len(shown) == 52  # fifty going, one waiting, one not going: not the seventy on other pages
    assert subjects_read() == shown
    assert set(StaffRead.objects.values_list("reader", "what", "object_id", "reason")) == {
        (social_worker.pk, ReadKind.RSVP_DETAILS, big_event.pk, "")
    }


def test_someone_whose_text_failed_is_read_from_any_page(staff, big_event):
    last = RSVP.objects.filter(event=big_event, user__first_name="Bulk99").get()  # on page 2 by name
    MessageFactory(recipient=last.user, event=big_event, channel=Channel.SMS, status=MessageStatus.FAILED)
    response = staff.get(reverse("event_rsvps", args=[big_event.pk]))
    assert last.user_id in shown_on(response)
    assert last.user_id in subjects_read() and len(subjects_read()) == 53


def test_a_reload_within_minutes_is_the_same_look_and_a_later_one_is_recorded_again(staff, event, replies):
    staff.get(reverse("event_rsvps", args=[event.pk]))
    staff.get(reverse("event_rsvps", args=[event.pk]))
    assert StaffRead.objects.count() == len(replies)
    # Someone new replies: the page shows other people, a new look.
    RSVPFactory(event=event, response=Response.GOING)
    staff.get(reverse("event_rsvps", args=[event.pk]))
    assert StaffRead.objects.count() == 2 * len(replies) + 1
    # Ten minutes later the note of that look has expired: the same page is recorded again.
    cache.clear()
    staff.get(reverse("event_rsvps", args=[event.pk]))
    assert StaffRead.objects.count() == 3 * len(replies) + 2


def test_another_staff_member_looking_is_recorded(client_for, staff, event, replies, manager):
    staff.get(reverse("event_rsvps", args=[event.pk]))
    client_for("manager").get(reverse("event_rsvps", args=[event.pk]))
    assert StaffRead.objects.filter(reader=manager).count() == len(replies)


def test_an_event_with_no_replies_records_nothing(staff, event):
    assert staff.get(reverse("event_rsvps", args=[event.pk])).status_code == 200
    assert not StaffRead.objects.exists()


def test_staff_who_may_not_run_the_event_record_nothing(client, social_worker_other_region, event, replies):
    client.force_login(social_worker_other_region)
    assert client.get(reverse("event_rsvps", args=[event.pk])).status_code == 404
    assert not StaffRead.objects.exists()


def test_caregivers_looking_at_their_own_replies_record_nothing(client, caregiver, event):
    RSVPFactory(event=event, user=caregiver)
    client.force_login(caregiver)
    for url in (
        reverse("event_detail", args=[event.pk]),
        reverse("rsvp_edit", args=[event.pk]),
        reverse("my_events"),
    ):
        assert client.get(url).status_code == 200
    assert not StaffRead.objects.exists()


class TestWithThePageCacheOn:
    @pytest.fixture(autouse=True)
    def page_cache_on(self, settings, monkeypatch):
        settings.PAGE_CACHE_SECONDS = 60
        monkeypatch.setattr(pagecache, "clock", lambda: 1_800_000_000.0)
        # Every view a new look, so that the cached view's own record can be seen.
        monkeypatch.setattr(views, "SAME_LOOK_SECONDS", 0)

    def test_a_page_drawn_from_the_cache_is_recorded_as_read_too(self, staff, big_event):
        url = reverse("event_rsvps", args=[big_event.pk], query={"page": 2})
        first = staff.get(url)
        recorded_first = subjects_read()
        assert recorded_first == shown_on(first) and len(recorded_first) == 52
        with CaptureQueriesContext(connection) as ctx:
            second = staff.get(url)
        assert second.status_code == 200
        # Drawn from the cache: the totals (a SUM over the replies) were not computed again,
        # nor the people on the page (their delivery status, from the outbox)...
        assert not any("SUM(" in q["sql"] for q in ctx.captured_queries)
        assert not any("notifications_message" in q["sql"] for q in ctx.captured_queries)
        assert second.content.decode().count("Bulk") == first.content.decode().count("Bulk")
        # ...and the same caregivers are recorded again, in one INSERT.
        inserts = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('INSERT INTO "accounts_staffread"')]
        assert len(inserts) == 1
        assert subjects_read() == sorted(recorded_first * 2)

    def test_a_read_does_not_retire_other_peoples_cached_pages(self, caregiver, social_worker, event, replies):
        # Signed in first: a sign-in saves the person, which rightly retires every page.
        reader, other = Client(), Client()
        reader.force_login(social_worker)
        other.force_login(caregiver)
        other.get(reverse("event_list"))
        with CaptureQueriesContext(connection) as ctx:
            other.get(reverse("event_list"))
        cached = len(ctx.captured_queries)
        reader.get(reverse("event_rsvps", args=[event.pk]))  # five reads recorded, none of her
        with CaptureQueriesContext(connection) as ctx:
            other.get(reverse("event_list"))
        assert len(ctx.captured_queries) == cached
        assert StaffRead.objects.count() == len(replies)


def test_a_replies_page_older_than_the_page_size_still_records_at_the_right_page(staff, big_event):
    """A page number out of range shows the last page: the reads are those of the last page."""
    response = staff.get(reverse("event_rsvps", args=[big_event.pk]), {"page": 99})
    assert subjects_read() == shown_on(response)
    assert len(response.context["going"]) == 20


@pytest.mark.parametrize("page", ["1", "2", "3", "99", "nonsense"])
def test_the_people_looked_up_for_a_cached_page_are_those_the_page_shows(staff, big_event, page):
    """A page drawn from the page cache records the people ``people_on_replies_page`` finds:
    the same as the page drawn afresh, failed texts on other pages included."""
    late = RSVP.objects.filter(event=big_event, user__first_name="Bulk99").get()
    MessageFactory(recipient=late.user, event=big_event, channel=Channel.SMS, status=MessageStatus.FAILED)
    response = staff.get(reverse("event_rsvps", args=[big_event.pk]), {"page": page})
    assert sorted(set(selectors.people_on_replies_page(big_event, page, REPLIES_PAGE_SIZE))) == shown_on(response)

    def test_without_the_note_of_who_was_shown_they_are_found_again(self, staff, big_event):
        """The ids kept beside the cached page can go (an evicted key): the page still records
        its reads, finding the people again (events.selectors.people_on_replies_page)."""
        url = reverse("event_rsvps", args=[big_event.pk], query={"page": 2})
        recorded_first = shown_on(staff.get(url))
        cache.delete(f"events:replies-people:{big_event.pk}:2")
        with CaptureQueriesContext(connection) as ctx:
            assert staff.get(url).status_code == 200
        assert any("notifications_message" in q["sql"] for q in ctx.captured_queries)
        assert subjects_read() == sorted(recorded_first * 2)
