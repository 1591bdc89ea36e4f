"""The directory page: what each person sees by default, the filters, search,
pagination and the query budget."""

from __future__ import annotations

import pytest
from django.urls import reverse

from directory.models import Listing, ListingKind
from tests.accounts.factories import RegionFactory
from tests.directory.factories import ListingFactory
from tests.querycount import assert_constant_queries

URL = reverse("directory")


def names(response) -> list[str]:
    assert response.status_code == 200
    return [listing.name for listing in response.context["listings"]]


def test_a_caregiver_sees_her_regions_listings_and_national_ones_by_default(signed_in, directory_rows):
    assert names(signed_in.get(URL)) == [
        "Caregiver Helpline",
        "Teen Foster Network",
        "Trauma-informed caring course",
        "Whānau Kinship Carers Wellington",
    ]


def test_retired_listings_are_not_shown(signed_in, directory_rows):
    assert "Closed service" not in names(signed_in.get(URL, {"region": "all"}))


def test_all_regions_and_one_other_region(signed_in, directory_rows, auckland):
    assert "Tāmaki Caregivers Hub" in names(signed_in.get(URL, {"region": "all"}))
    assert names(signed_in.get(URL, {"region": auckland.pk})) == ["Caregiver Helpline", "Tāmaki Caregivers Hub"]
    assert names(signed_in.get(URL, {"region": "national"})) == ["Caregiver Helpline"]


def test_filter_by_topic_audience_and_kind(signed_in, directory_rows, kinship):
    assert names(signed_in.get(URL, {"topic": kinship.pk})) == ["Whānau Kinship Carers Wellington"]
    # Listings for everyone count as for kinship carers too.
    assert "Teen Foster Network" not in names(signed_in.get(URL, {"audience": "kinship"}))
    assert "Caregiver Helpline" in names(signed_in.get(URL, {"audience": "kinship"}))
    assert names(signed_in.get(URL, {"kind": ListingKind.HELPLINE})) == ["Caregiver Helpline"]


def test_search_finds_words_in_other_forms(signed_in, directory_rows):
    # "carer" (stemmed on PostgreSQL) and a word of the summary.
    assert names(signed_in.get(URL, {"q": "kinship carer"})) == ["Whānau Kinship Carers Wellington"]
    assert names(signed_in.get(URL, {"q": "grandparents"})) == ["Whānau Kinship Carers Wellington"]
    assert names(signed_in.get(URL, {"q": "nothing-like-this"})) == []


def test_the_icontains_fallback_when_not_on_postgresql(directory_rows, monkeypatch):
    from django.db import connection

    monkeypatch.setattr(connection, "vendor", "sqlite")
    found = Listing.objects.current().search("KINSHIP grandparents")
    assert [listing.name for listing in found] == ["Whānau Kinship Carers Wellington"]


def test_a_bad_filter_value_shows_the_default_list_and_a_message(signed_in, directory_rows):
    response = signed_in.get(URL, {"region": "999999", "kind": "nonsense"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"region", "kind"}
    assert "Caregiver Helpline" in names(response)


def test_pages_of_twenty_and_a_page_past_the_end_shows_the_last(signed_in, wellington):
    ListingFactory.create_batch(45, region=wellington)
    assert len(names(signed_in.get(URL))) == 20
    last = signed_in.get(URL, {"page": 99})
    assert last.context["page"].number == 3
    assert len(names(last)) == 5


def test_staff_see_links_to_curate(staff, directory_rows):
    body = staff.get(URL).content.decode()
    assert reverse("listing_create") in body and reverse("listing_recheck") in body


@pytest.mark.parametrize("search", ["", "support"])
def test_the_same_queries_for_a_few_listings_as_for_many(signed_in, directory_rows, wellington, search):
    """1 session, 2 user, 3 count, 4 the page's ids, 5 the rows with regions, 6 their topics,
    7 region choices, 8 topic choices (the caregiver's region is a subquery)."""
    other = RegionFactory(name="Canterbury", slug="canterbury")

    def add_rows():
        rows = ListingFactory.create_batch(60, region=wellington, summary="Peer support for caregivers.")
        ListingFactory.create_batch(20, region=other)
        for row in rows[:10]:
            row.topics.set(directory_rows["whanau"].topics.all())

    assert_constant_queries(lambda: signed_in.get(URL, {"q": search} if search else {}), add_rows, expected=8)


def test_the_detail_page_reads_the_listing_and_its_topics_only(signed_in, directory_rows, django_assert_num_queries):
    listing = directory_rows["whanau"]
    # 1 session, 2 user, 3 the listing with its region, 4 its topics.
    with django_assert_num_queries(4):
        response = signed_in.get(reverse("listing_detail", args=[listing.pk]))
    assert response.status_code == 200
    assert "Kinship care" in response.content.decode()


@pytest.mark.parametrize("text", ['"kinship', "!!! & | ( )", "the", "x" * 200, "kinship -teen"])
def test_any_search_text_is_answered(signed_in, directory_rows, text):
    assert signed_in.get(URL, {"q": text}).status_code == 200


def test_search_text_longer_than_200_characters_is_explained(signed_in, directory_rows):
    response = signed_in.get(URL, {"q": "x" * 201})
    assert "q" in response.context["form"].errors


def test_a_bad_filter_leaves_the_other_filters_working(signed_in, directory_rows):
    response = signed_in.get(URL, {"kind": "nonsense", "q": "grandparents"})
    assert "kind" in response.context["form"].errors
    assert names(response) == ["Whānau Kinship Carers Wellington"]
