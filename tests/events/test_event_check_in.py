"""The check-in page (``event_check_in``): households going, searched by name; its query budget.
Marking a household arrived is tested in test_rsvp_check_in.py."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import ReadKind, StaffRead
from tests.events.helpers import many_replies
from tests.querycount import assert_constant_queries


def test_check_in_search_by_name(staff, event, replies):
    url = reverse("event_check_in", args=[event.pk])
    everyone = staff.get(url).context["rsvps"]
    assert [r.user.first_name for r in everyone] == ["Aroha", "Ben", "Cara"]  # not the waitlist or the "no"
    assert [r.user.first_name for r in staff.get(url, {"q": "ngata"}).context["rsvps"]] == ["Aroha"]
    assert [r.user.first_name for r in staff.get(url, {"q": "CAR"}).context["rsvps"]] == ["Cara"]
    nobody = staff.get(url, {"q": "Dan"})
    assert list(nobody.context["rsvps"]) == []
    assert "No one going matches “Dan”." in nobody.content.decode()


def test_check_in_query_budget(staff, event, replies):
    # 1 session, 2 user, 3 TOTP check, 4 staff profile, 5 the event, 6 may they run it,
    # 7 arrived / households counts, 8 households going with user joined, 9 the record of
    # the reads, one row per household listed, in one INSERT.
    assert_constant_queries(
        lambda: staff.get(reverse("event_check_in", args=[event.pk])), lambda: many_replies(event, 495), expected=9
    )


def test_the_check_in_list_records_a_read_of_each_household_listed(staff, social_worker, event, replies):
    staff.get(reverse("event_check_in", args=[event.pk]), {"q": "ngata"})
    assert list(StaffRead.objects.values_list("reader", "subject", "what", "object_id")) == [
        (social_worker.pk, replies["aroha"].user_id, ReadKind.RSVP_DETAILS, event.pk)
    ]
    staff.get(reverse("event_check_in", args=[event.pk]))
    going = {replies[name].user_id for name in ("aroha", "ben", "cara")}
    assert set(StaffRead.objects.values_list("subject", flat=True)) == going  # not the waitlist or the "no"
    assert StaffRead.objects.count() == 4
