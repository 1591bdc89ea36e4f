"""Checking a household in (``rsvp_check_in``): arrived or no-show, with who and when; undo."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from events.models import RSVP, Attendance


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
