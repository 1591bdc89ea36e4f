"""The directory pages in the page cache: a second visit reads no listing, and a
listing retired (or added) shows on the next visit."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from peersupport import pagecache
from tests.directory.factories import ListingFactory


@pytest.fixture(autouse=True)
def page_cache_on(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 60
    monkeypatch.setattr(pagecache, "clock", lambda: 1_800_000_000.0)


def get(client, url: str, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    return response, [q["sql"] for q in ctx.captured_queries]


def reads_listings(queries) -> bool:
    return any('"directory_listing"' in sql for sql in queries)


@pytest.mark.parametrize("params", [{}, {"q": "support", "region": "all"}])
def test_a_second_visit_to_the_directory_reads_no_listing(signed_in, directory_rows, params):
    first, queries = get(signed_in, reverse("directory"), **params)
    assert reads_listings(queries)
    second, queries = get(signed_in, reverse("directory"), **params)
    assert not reads_listings(queries)
    assert second.content.decode().count("card-title") == first.content.decode().count("card-title") > 0


def test_a_retired_listing_is_gone_from_the_next_visit(signed_in, directory_rows):
    listing = directory_rows["teen"]
    url = reverse("listing_detail", args=[listing.pk])
    get(signed_in, url)
    _, queries = get(signed_in, url)
    assert not reads_listings(queries)
    assert listing.name in get(signed_in, reverse("directory"))[0].content.decode()
    listing.retired_at = timezone.now()
    listing.save()
    assert get(signed_in, url)[0].status_code == 404
    assert listing.name not in get(signed_in, reverse("directory"))[0].content.decode()


def test_a_new_listing_shows_on_the_next_visit(signed_in, directory_rows, wellington):
    get(signed_in, reverse("directory"))
    ListingFactory(name="Brand new service", region=wellington)
    assert "Brand new service" in get(signed_in, reverse("directory"))[0].content.decode()
