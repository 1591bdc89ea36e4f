"""The report's constellation health table (issue 10's hub homes and their satellites) on a
small hand-built dataset: figures equal hand-computed values, small numbers and their
complements are hidden, the CSV says what the page says, queries stay constant."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Audience, EventStatus
from groups.models import Attendance, GroupKind, HubRequest, HubRequestStatus, Meeting, MemberRole, MembershipStatus
from tests.events.factories import EventFactory
from tests.feedback.test_reports import QUERIES
from tests.groups.factories import GroupFactory, MembershipFactory
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def _constellation(region, social_worker, name: str, *, satellites: int, waits: list[int | None], came: list[int]):
    """A constellation with a hub (its facilitator), ``satellites`` active satellite households
    and one who left; a hub request made 20 days ago per item of ``waits`` (days until the hub
    answered, None: still open) and one 100 days ago (before the period); a meeting 10, 20…
    days ago per item of ``came`` (members recorded as attending), and a cancelled one."""
    now = timezone.now()
    group = GroupFactory(
        region=region, name=name, kind=GroupKind.CONSTELLATION, social_worker=social_worker, created_by=social_worker
    )
    MembershipFactory(group=group, role=MemberRole.FACILITATOR)
    members = [MembershipFactory(group=group).user for _ in range(satellites)]
    MembershipFactory(group=group, status=MembershipStatus.LEFT, agreement_version=None)
    for wait, made in [(w, now - timedelta(days=20)) for w in waits] + [(1, now - timedelta(days=100))]:
        HubRequest.objects.create(
            group=group, satellite=members[0], kind="sleepover", starts_on=made.date() + timedelta(days=30),
            created_at=made, status=HubRequestStatus.OPEN if wait is None else HubRequestStatus.AGREED,
            answered_at=None if wait is None else made + timedelta(days=wait),
        )  # fmt: skip
    cancelled = {"status": EventStatus.CANCELLED, "cancelled_at": now, "cancelled_reason": "Flood"}
    for i, n in enumerate([*came, 0]):
        starts = now - timedelta(days=10 * (i + 1))
        event = EventFactory(
            region=region, created_by=social_worker, audience=Audience.GROUP, starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            **(cancelled if i == len(came) else {}),
        )  # fmt: skip
        meeting = Meeting.objects.create(group=group, event=event)
        for user in members[:n] if i < len(came) else members:
            Attendance.objects.create(meeting=meeting, user=user, attended=True)
    return group


@pytest.fixture
def data(wellington, auckland, social_worker):
    """Hutt (Wellington): 7 satellites; 8 requests in the period answered after 0, 1, 2, 3, 5, 7
    (six within 7 days) and 10 days, one open → 6 of 8 = 75%, median of 0 1 2 3 5 7 10 = 3 days;
    meetings with 6 and 5 → 2 meetings, 11 attendances.
    Kapiti (Auckland): 6 satellites; 2 requests answered after 1 and 4 days; no meetings.
    Both: 13 satellites, 10 requests, 8 within 7 days (80%), median of 0 1 1 2 3 4 5 7 10 = 3,
    2 meetings, 11 attendances. A coffee group is not a constellation and is not listed."""
    _constellation(wellington, social_worker, "Hutt constellation", satellites=7,
                   waits=[0, 1, 2, 3, 5, 7, 10, None], came=[6, 5])  # fmt: skip
    _constellation(auckland, social_worker, "Kapiti constellation", satellites=6, waits=[1, 4], came=[])
    GroupFactory(region=wellington, name="Not a constellation", created_by=social_worker)


def _query(region):
    start = (timezone.localdate() - timedelta(days=60)).isoformat()
    return {"start": start, "end": timezone.localdate().isoformat(), "region": region}


def _rows(client, region):
    response = client.get(reverse("report"), _query(region))
    assert response.status_code == 200
    table = next(t for t in response.context["tables"] if t.slug == "constellations")
    return [[c.shown for c in row] for row in table.rows]


def test_one_constellation_equals_hand_computed(client_for, data):
    assert _rows(client_for("manager"), "wellington") == [
        ["Hutt constellation (Wellington)", "7", "8", "6", "75%", "3", "2", "11"],
    ]


def test_small_numbers_and_their_complements_are_hidden_under_a_total(client_for, data):
    # Kapiti's 2 requests, 2 answered and 0 attendances are under 5; with the total shown, Hutt's
    # 8, 6 and 11 would give them away by subtraction, so they are hidden too (and Hutt's share,
    # worked out from hidden counts). Medians are not sums: Hutt's 3 stays.
    assert _rows(client_for("manager"), "") == [
        ["Hutt constellation (Wellington)", "7", "<5", "<5", "<5", "3", "2", "<5"],
        ["Kapiti constellation (Auckland)", "6", "<5", "<5", "<5", "<5", "0", "<5"],
        ["All constellations", "13", "10", "8", "80%", "3", "2", "11"],
    ]


def test_the_csv_says_what_the_page_says(client_for, data):
    client = client_for("manager")
    page = _rows(client, "")
    response = client.get(reverse("report_csv", args=["constellations"]), _query(""))
    assert response.status_code == 200
    assert list(csv.reader(io.StringIO(response.content.decode())))[3:] == page


def test_a_social_worker_sees_only_their_regions_constellations(client_for, data):
    names = [row[0] for row in _rows(client_for("social_worker"), "")]
    assert names == ["Hutt constellation (Wellington)"]


def test_report_queries_stay_constant_with_more_constellations(client_for, data, wellington, social_worker):
    client = client_for("manager")

    def more_rows():
        for i in range(3):
            _constellation(wellington, social_worker, f"More {i}", satellites=6, waits=[1, 2, None], came=[5])

    # The report's budget, less one: no survey here has 5 answers, so no written answers are looked up.
    assert_constant_queries(lambda: client.get(reverse("report"), _query("")), more_rows, expected=QUERIES - 1)
