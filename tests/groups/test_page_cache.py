"""The groups pages in the page cache (peersupport/pagecache.py): a second visit runs
none of the listing's queries, the access and agreement checks still run every time,
and a change anybody saves (a new agreement version, a member leaving) shows at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups import services
from peersupport import pagecache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 60
    monkeypatch.setattr(pagecache, "clock", lambda: 1_800_000_000.0)


def get(client, url: str):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, [q["sql"] for q in ctx.captured_queries]


def reads(queries: list[str], table: str) -> bool:
    return any(f'FROM "{table}"' in sql for sql in queries)


@pytest.mark.parametrize("url_name", ["group_list", "group_detail", "group_members"])
def test_a_second_visit_reads_no_listing(client, member, meeting, url_name):
    client.force_login(member.user)
    url = reverse(url_name) if url_name == "group_list" else reverse(url_name, args=[member.group.pk])
    first, queries_first = get(client, url)
    second, queries_second = get(client, url)
    assert first.status_code == second.status_code == 200
    assert len(queries_second) < len(queries_first)
    assert not reads(queries_second, "events_event")
    if url_name == "group_list":
        assert not reads(queries_second, "groups_group")


def test_a_new_agreement_still_sends_a_cached_member_to_accept_it(client, member, social_worker):
    client.force_login(member.user)
    url = reverse("group_detail", args=[member.group.pk])
    assert client.get(url).status_code == 200
    services.agreement_update(group=member.group, number=2, text="Version two", by=social_worker)
    assert client.get(url)["Location"] == reverse("group_agreement", args=[member.group.pk])


def test_someone_leaving_shows_at_once_on_the_members_list(client, member, facilitator):
    member.user.first_name = "Rawiri"
    member.user.save()
    client.force_login(facilitator.user)
    url = reverse("group_members", args=[member.group.pk])
    assert member.user.first_name in client.get(url).content.decode()
    services.membership_leave(membership=member)
    assert member.user.first_name not in client.get(url).content.decode()
