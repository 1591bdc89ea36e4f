"""Staff curate listings: create, edit, retire, mark as checked, the recheck list."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from directory.models import Listing, ListingKind
from tests.directory.factories import ListingFactory

VALID = {
    "kind": ListingKind.HELPLINE,
    "name": "Kinship Carers Line",
    "summary": "Someone to talk to, day or night.",
    "audience": "kinship",
    "phone": "0800 000 300",
    "opening_hours": "24/7",
    "website": "kinship.example.org.nz",
}


def post_data(**changes):
    data = {**VALID, "last_checked": timezone.localdate().isoformat(), **changes}
    return {k: v for k, v in data.items() if v is not None}


def test_a_social_worker_adds_a_listing_in_her_region(staff, social_worker, wellington):
    response = staff.post(reverse("listing_create"), post_data(region=wellington.pk))
    listing = Listing.objects.get(name="Kinship Carers Line")
    assert response.status_code == 302 and response["Location"] == reverse("listing_detail", args=[listing.pk])
    assert (listing.region, listing.created_by, listing.updated_by) == (wellington, social_worker, social_worker)
    assert listing.website == "https://kinship.example.org.nz"
    assert listing.tel_href == "tel:0800000300"


def test_a_social_worker_cannot_add_a_national_listing_or_another_regions(staff, auckland):
    response = staff.post(reverse("listing_create"), post_data(region=auckland.pk))
    assert "region" in response.context["form"].errors
    response = staff.post(reverse("listing_create"), post_data())
    assert "region" in response.context["form"].errors
    assert not Listing.objects.exists()


def test_a_manager_adds_a_national_listing(client, manager):
    client.force_login(manager)
    client.post(reverse("listing_create"), post_data())
    assert Listing.objects.get().region is None


def test_bad_input_is_explained_next_to_each_field(staff, wellington):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = staff.post(
        reverse("listing_create"),
        post_data(
            region=wellington.pk,
            website="not a web address at all",
            email="nobody-at-example",
            last_checked=tomorrow,
            phone="call us",
        ),
    )
    errors = response.context["form"].errors
    assert "Enter a full web address" in errors["website"][0]
    assert "Enter an email address" in errors["email"][0]
    assert "cannot be in the future" in errors["last_checked"][0]
    assert "Enter a phone number" in errors["phone"][0]
    body = response.content.decode()
    assert 'id="error-summary"' in body and 'aria-invalid="true"' in body
    # Nothing typed is lost.
    assert 'value="Kinship Carers Line"' in body
    response = staff.post(reverse("listing_create"), post_data(region=wellington.pk, last_checked="1999-12-31"))
    assert "2000 or later" in response.context["form"].errors["last_checked"][0]


def test_no_way_to_get_in_touch_is_refused(staff, wellington):
    data = post_data(region=wellington.pk, phone="", website="")
    response = staff.post(reverse("listing_create"), data)
    assert "how_to_contact" in response.context["form"].errors


def test_the_same_name_twice_in_a_region_is_refused_next_to_the_name(staff, wellington):
    ListingFactory(name="Kinship Carers Line", region=wellington)
    response = staff.post(reverse("listing_create"), post_data(region=wellington.pk))
    assert "already a current listing" in response.context["form"].errors["name"][0]


def test_the_same_national_name_twice_is_refused_next_to_the_name(client, manager):
    ListingFactory(name="Kinship Carers Line", region=None)
    client.force_login(manager)
    response = client.post(reverse("listing_create"), post_data(name="kinship carers line"))
    assert "already a current listing" in response.context["form"].errors["name"][0]
    assert not response.context["form"].non_field_errors()
    assert Listing.objects.filter(region=None).count() == 1


def test_edit_retire_and_mark_checked(staff, social_worker, wellington):
    listing = ListingFactory(region=wellington, last_checked=timezone.localdate() - timedelta(days=400))
    response = staff.post(reverse("listing_edit", args=[listing.pk]), post_data(region=wellington.pk, name="New name"))
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.name == "New name"

    staff.post(reverse("listing_checked", args=[listing.pk]))
    listing.refresh_from_db()
    assert listing.last_checked == timezone.localdate()

    staff.post(reverse("listing_retire", args=[listing.pk]))
    listing.refresh_from_db()
    assert listing.is_retired
    assert listing.updated_by == social_worker


def test_the_recheck_list_shows_listings_not_checked_for_a_year(staff, wellington, auckland):
    today = timezone.localdate()
    old = ListingFactory(name="Old", region=wellington, last_checked=today - timedelta(days=400))
    ListingFactory(name="Fresh", region=wellington, last_checked=today - timedelta(days=100))
    ListingFactory(name="Other region", region=auckland, last_checked=today - timedelta(days=400))
    ListingFactory(name="Old national", region=None, last_checked=today - timedelta(days=400))
    ListingFactory(
        name="Old retired", region=wellington, last_checked=today - timedelta(days=900), retired_at=timezone.now()
    )
    response = staff.get(reverse("listing_recheck"))
    assert [listing.name for listing in response.context["listings"]] == ["Old"]
    staff.post(reverse("listing_checked", args=[old.pk]), {"next": "recheck"})
    assert list(staff.get(reverse("listing_recheck")).context["listings"]) == []


def test_a_manager_rechecks_national_listings_too(client, manager, wellington):
    ListingFactory(name="Old national", region=None, last_checked=timezone.localdate() - timedelta(days=400))
    client.force_login(manager)
    assert [listing.name for listing in client.get(reverse("listing_recheck")).context["listings"]] == ["Old national"]


def test_caregivers_see_the_details_and_no_staff_buttons(signed_in, wellington):
    listing = ListingFactory(region=wellington, phone="0800 000 400", opening_hours="Mon–Fri 9am–5pm")
    body = signed_in.get(reverse("listing_detail", args=[listing.pk])).content.decode()
    assert 'href="tel:0800000400"' in body and "Mon–Fri 9am–5pm" in body
    assert reverse("listing_edit", args=[listing.pk]) not in body
    assert reverse("listing_send", args=[listing.pk]) not in body


def test_the_directory_reminds_staff_of_listings_due_for_a_recheck(client, social_worker, caregiver, wellington):
    ListingFactory.create_batch(2, region=wellington, last_checked=timezone.localdate() - timedelta(days=400))
    reminder = "2 listings you look after have not been checked"
    client.force_login(social_worker)
    assert reminder in client.get(reverse("directory")).content.decode()
    client.force_login(caregiver)
    assert "not been checked" not in client.get(reverse("directory")).content.decode()
