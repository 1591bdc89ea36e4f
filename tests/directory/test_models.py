"""The database's guarantees and the listing's own behaviour."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from directory.models import Listing
from tests.directory.factories import ListingFactory


@pytest.mark.parametrize(
    "fields",
    [{"kind": "shop"}, {"audience": "everyone"}, {"last_checked": "1999-01-01"}],
    ids=["kind", "audience", "last_checked"],
)
def test_the_database_refuses_unknown_values(wellington, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        ListingFactory(region=wellington, **fields)


def test_one_current_listing_of_a_name_per_region(wellington):
    ListingFactory(name="Same", region=wellington)
    ListingFactory(name="Same", region=wellington, retired_at=timezone.now())  # retired ones may repeat
    with pytest.raises(IntegrityError), transaction.atomic():
        ListingFactory(name="Same", region=wellington)


def test_one_current_national_listing_of_a_name_whatever_the_case(wellington):
    # A (region, name) key lets NULL regions repeat: two national "Same" lines slipped through.
    ListingFactory(name="Same", region=None)
    ListingFactory(name="Same", region=wellington)  # a regional one of the same name is another listing
    with pytest.raises(IntegrityError), transaction.atomic():
        ListingFactory(name="Same", region=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        ListingFactory(name="SAME", region=wellington)


@pytest.mark.parametrize(
    ("phone", "href"),
    [("0800 000 123", "tel:0800000123"), ("+64 4 000 0000", "tel:+6440000000"), ("Text 2345", ""), ("", "")],
)
def test_tel_link_for_dialable_numbers_only(phone, href):
    assert Listing(phone=phone).tel_href == href


def test_needs_recheck_after_twelve_months(wellington):
    today = timezone.localdate()
    assert Listing(last_checked=today - timedelta(days=366)).needs_recheck(today)
    assert not Listing(last_checked=today - timedelta(days=300)).needs_recheck(today)


postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


@postgresql_only
def test_search_uses_the_gin_index_on_postgresql(wellington):
    ListingFactory.create_batch(3, region=wellington)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = Listing.objects.search("kinship").values("pk").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "listing_search_idx" in plan, plan
