"""The thread page in the page cache (peersupport/pagecache.py): a second visit reads no
posts, the access checks still run every time, and a new post shows at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peersupport import pagecache
from privacy import services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 60
    monkeypatch.setattr(pagecache, "clock", lambda: 1_800_000_000.0)


def get(client, url: str):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, [q["sql"] for q in ctx.captured_queries]


def test_a_second_visit_reads_no_posts_and_a_new_post_shows_at_once(client, group, caregiver, other_member):
    thread = services.thread_create(group=group, author=caregiver, title="Hello", body="Kia ora everyone").post.thread
    url = reverse("privacy_thread", args=[group.pk, thread.pk])
    client.force_login(other_member)
    first, _ = get(client, url)
    second, queries = get(client, url)
    assert first.status_code == second.status_code == 200
    assert not any('FROM "privacy_post"' in sql for sql in queries)
    assert "Kia ora everyone" in second.content.decode()
    services.post_create(thread=thread, author=caregiver, body="Who is keen for coffee on Friday?")
    assert "keen for coffee" in client.get(url).content.decode()


def test_a_cached_thread_still_refuses_someone_who_left(client, group, caregiver, other_member):
    thread = services.thread_create(group=group, author=caregiver, title="Hello", body="Kia ora everyone").post.thread
    url = reverse("privacy_thread", args=[group.pk, thread.pk])
    client.force_login(other_member)
    assert client.get(url).status_code == 200
    group.memberships.filter(user=other_member).update(status="left")
    assert client.get(url).status_code == 404
