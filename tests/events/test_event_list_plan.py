"""The Events page reads upcoming events through an index, however many past events there
are: EXPLAIN of the page's count and page queries on a filled, analysed table.

PostgreSQL only (the plans are its own). Without the indexes of
events/migrations/0004 (and 0005's covering columns) the planner reads the whole table, or walks every past event in
start order to find the first twenty upcoming ones.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import RSVP, Audience, Event, Response
from tests.events.helpers import bulk_events

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are PostgreSQL's")

UPCOMING_INDEXES = ("event_upcoming_idx", "event_region_upcoming_idx")


@pytest.fixture
def years_of_events(wellington, auckland, social_worker, manager, caregiver):
    """3,000 past events, 150 upcoming ones (Wellington, Auckland, national), replies; analysed."""
    past = bulk_events(3000, wellington, social_worker)
    Event.objects.filter(pk__in=[e.pk for e in past]).update(
        starts_at=F("starts_at") - timedelta(days=500), ends_at=F("ends_at") - timedelta(days=500)
    )
    upcoming = bulk_events(100, wellington, social_worker)
    bulk_events(30, auckland, manager)
    bulk_events(20, None, manager, audience=Audience.NATIONAL)
    RSVP.objects.bulk_create(RSVP(event=e, user=caregiver, response=Response.GOING) for e in upcoming[:10])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE events_event")
        cursor.execute("ANALYZE events_rsvp")


def event_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("event_list"))
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries if 'FROM "events_event"' in q["sql"]]


def plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("persona", ["caregiver", "social_worker", "manager"])
def test_the_events_page_reads_upcoming_events_through_an_index(client, request, persona, years_of_events):
    client.force_login(request.getfixturevalue(persona))
    queries = event_queries(client)
    assert len(queries) == 3, queries  # the paginator's count, the page's ids, their rows
    count, ids, rows = queries
    for sql in (count, ids):
        explained = plan(sql)
        assert "Seq Scan on events_event" not in explained, f"{sql}\n{explained}"
        assert any(name in explained for name in UPCOMING_INDEXES), f"{sql}\n{explained}"
    assert "events_event_pkey" in plan(rows), plan(rows)


@pytest.mark.django_db(transaction=True)  # VACUUM cannot run inside the test's transaction
def test_a_caregivers_events_are_counted_and_ordered_from_the_index_alone(client, caregiver, years_of_events):
    """The covering upcoming index holds every column the count and the ordering need:
    no heap read for the 2,000 upcoming events a region may have, only for the twenty shown."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM events_event")  # as autovacuum would: the visibility map
    client.force_login(caregiver)
    count, ids, _ = event_queries(client)
    for sql in (count, ids):
        assert "Index Only Scan using event_upcoming_idx" in plan(sql), plan(sql)


def test_places_taken_and_my_reply_are_worked_out_for_the_page_only(client, caregiver, years_of_events):
    """Their subqueries sit above the LIMIT: twenty runs each, not one per upcoming event."""
    client.force_login(caregiver)
    page_query = event_queries(client)[2]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + page_query)
        root = cursor.fetchone()[0][0]["Plan"]
    loops = [node.get("Actual Loops", 0) for node in walk(root) if node.get("Subplan Name", "").startswith("SubPlan")]
    assert loops, "expected the places taken and the reply as subplans"
    assert max(loops) <= 20, loops


def walk(node: dict):
    yield node
    for child in node.get("Plans", []):
        yield from walk(child)
