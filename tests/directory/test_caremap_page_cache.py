"""My care map in the page cache: a second visit reads no entry; a change shows at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import ReadKind, StaffRead
from directory import caremap
from peersupport import pagecache
from tests.directory.factories import CareMapEntryFactory


@pytest.fixture(autouse=True)
def page_cache_on(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 60
    monkeypatch.setattr(pagecache, "clock", lambda: 1_800_000_000.0)


def get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, [q["sql"] for q in ctx.captured_queries]


def reads_entries(queries) -> bool:
    return any('"directory_caremapentry"' in sql for sql in queries)


def test_a_second_visit_reads_no_entry_and_an_addition_shows_next_time(signed_in, caregiver):
    CareMapEntryFactory(owner=caregiver, label="Mere")
    first, queries = get(signed_in, reverse("caremap"))
    assert reads_entries(queries)
    second, queries = get(signed_in, reverse("caremap"))
    assert not reads_entries(queries) and "<strong>Mere</strong>" in second.content.decode()
    data = {"kind": "person", "label": "Aunty Jo", "ring": "regular"}
    signed_in.post(reverse("caremap"), data)
    assert "<strong>Aunty Jo</strong>" in get(signed_in, reverse("caremap"))[0].content.decode()


def test_every_read_by_the_social_worker_is_recorded_and_shows_to_the_caregiver(client, caregiver, social_worker):
    caremap.share_start(owner=caregiver)
    client.force_login(caregiver)
    get(client, reverse("caremap"))
    client.force_login(social_worker)
    url = reverse("caremap_shared", args=[caregiver.caregiver_profile.pk])
    get(client, url)
    get(client, url)
    assert StaffRead.objects.filter(what=ReadKind.CARE_MAP, subject=caregiver).count() == 2
    client.force_login(caregiver)
    assert "looked at your map on" in get(client, reverse("caremap"))[0].content.decode()
