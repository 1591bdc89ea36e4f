"""Roles and attendance saved by two facilitators at once take turns under the meeting's
lock (the event row every write to the meeting takes) instead of one failing on the
unique constraints (real PostgreSQL, real threads)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from events.models import Event
from groups import services
from groups.models import Attendance, MeetingRole
from tests.groups.factories import GroupFactory, MembershipFactory
from tests.races import run_together

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI sets DATABASE_URL)"
)

AT_ONCE = 4


@pytest.fixture
def meeting_with_members(wellington, social_worker):
    group = GroupFactory(region=wellington, created_by=social_worker)
    members = [MembershipFactory(group=group) for _ in range(AT_ONCE)]
    starts = timezone.now() + timedelta(days=2)
    meeting = services.meeting_create(
        group=group, by=social_worker, starts_at=starts, ends_at=starts + timedelta(hours=1), venue_name="Café"
    )
    return meeting, [m.user for m in members]


@pytest.mark.django_db(transaction=True)
def test_roles_saved_at_once_never_fail(meeting_with_members):
    meeting, users = meeting_with_members
    errors = run_together(
        [lambda u=u: services.meeting_roles_set(meeting=meeting, roles={"host": u, "note_taker": u}) for u in users]
    )
    assert errors == []
    roles = dict(MeetingRole.objects.filter(meeting=meeting).values_list("role", "user"))
    assert set(roles) == {"host", "note_taker"}
    assert roles["host"] == roles["note_taker"]  # one whole save won, not a mix


@pytest.mark.django_db(transaction=True)
def test_attendance_saved_at_once_never_fails(meeting_with_members, social_worker):
    meeting, users = meeting_with_members
    Event.objects.filter(pk=meeting.event_id).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    ids = [u.pk for u in users]
    errors = run_together(
        [
            lambda i=i: services.attendance_record(
                meeting=meeting, attended_ids={ids[i]}, member_ids=ids, by=social_worker
            )
            for i in range(AT_ONCE)
        ]
    )
    assert errors == []
    assert Attendance.objects.filter(meeting=meeting).count() == AT_ONCE
    assert Attendance.objects.filter(meeting=meeting, attended=True).count() == 1
