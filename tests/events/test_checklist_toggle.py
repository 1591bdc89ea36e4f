"""Ticking the event checklist (``checklist_toggle``, shown on ``event_checklist``):
who ticked it and when; unticking clears both."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import ChecklistItem, EventKind, EventStatus
from events.services import event_create


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
