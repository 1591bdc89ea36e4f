"""Query budgets: the discussion list and a thread page issue the same number of queries
for a few threads and posts as for many (200 posts in a thread)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from privacy.models import Post, Thread
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_discussion_list_budget(client, group, caregiver, other_member):
    client.force_login(caregiver)
    Thread.objects.create(group=group, title="First", author=caregiver, last_post_at=timezone.now())

    def add_rows():
        for i in range(40):
            thread = Thread.objects.create(group=group, title=f"T{i}", author=other_member, last_post_at=timezone.now())
            Post.objects.bulk_create(Post(thread=thread, author=other_member, body="Kia ora") for _ in range(3))

    url = reverse("privacy_discussion", args=[group.pk])
    # 1 session, 2 user, 3 group, 4 my membership, 5 current agreement, 6 the paginator's
    # count, 7 the page's threads with post counts and my read markers.
    assert_constant_queries(lambda: client.get(url), add_rows, expected=7)


def test_thread_page_budget_with_200_posts(client, group, caregiver, other_member):
    client.force_login(caregiver)
    thread = Thread.objects.create(group=group, title="Busy", author=caregiver, last_post_at=timezone.now())
    Post.objects.create(thread=thread, author=other_member, body="Kia ora")
    url = reverse("privacy_thread", args=[group.pk, thread.pk])

    def add_rows():
        Post.objects.bulk_create(Post(thread=thread, author=other_member, body=f"Post {i}") for i in range(200))

    client.get(url)  # the first visit creates the read marker
    # 1 session, 2 user, 3 group, 4 my membership, 5 current agreement, 6 the thread,
    # 7 the paginator's count, 8 the read marker (one UPDATE), 9 the page's posts with their authors.
    assert_constant_queries(lambda: client.get(url), add_rows, expected=9)
