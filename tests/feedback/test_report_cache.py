"""The report page opts into the page cache (peersupport/pagecache.py): a second visit runs
none of the report's queries, and a new answer shows on the next visit."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peersupport import pagecache
from tests.feedback.factories import SurveyFactory, respond

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 60
    monkeypatch.setattr(pagecache, "clock", lambda: 1_800_000_000.0)


def _get(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("report"))
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in ctx.captured_queries]


def test_a_second_visit_runs_none_of_the_reports_queries(client_for, wellington):
    client = client_for("manager")
    _, first = _get(client)
    _, second = _get(client)
    assert any('FROM "feedback_answer"' in sql for sql in first)
    assert not any('FROM "feedback_answer"' in sql or 'FROM "events_event"' in sql for sql in second)


def test_a_new_answer_shows_on_the_next_visit(client_for, wellington):
    client = client_for("manager")
    before, _ = _get(client)
    survey = SurveyFactory(region=wellington, event__region=wellington)
    for _ in range(5):
        respond(survey, {"overall": 5, "connected": 5})
    after, _ = _get(client)
    assert after != before
    assert "5.0" in after
