"""My care map: adding, changing and removing entries; the drawing and the list say the same."""

from __future__ import annotations

import pytest
from django.urls import reverse

from directory import caremap
from directory.models import CareMapEntry, CareMapKind, Ring
from tests.directory.factories import CareMapEntryFactory, ListingFactory
from tests.groups.factories import GroupFactory
from tests.html_page import Page

URL = "/care-map/"


def add(client, **fields):
    data = {"kind": "person", "label": "Mere", "ring": "close", "note": "", "listing": "", "group": ""}
    data.update(fields)
    return client.post(reverse("caremap"), data)


def test_the_page_draws_an_accessible_svg_and_a_list_by_ring(signed_in, caregiver):
    CareMapEntryFactory(owner=caregiver, label="Mere", ring=Ring.CLOSE)
    CareMapEntryFactory(owner=caregiver, label="Our GP", kind=CareMapKind.PROFESSIONAL, ring=Ring.OCCASIONAL)
    response = signed_in.get(reverse("caremap"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="img"' in html and 'aria-labelledby="caremap-svg-title caremap-svg-desc"' in html
    assert '<title id="caremap-svg-title">Your care map</title>' in html
    assert "Close: Mere (Person). Regular: nobody yet. Occasional: Our GP (Professional)." in html
    page = Page.of(response)
    assert page.by_id("ring-close").text() == "Close (1)"
    assert page.by_id("ring-regular").text() == "Regular (0)"
    assert page.by_id("ring-occasional").text() == "Occasional (1)"
    # Each entry appears as a drawn label and in the list.
    assert 'paint-order="stroke">Mere</text>' in html and "<strong>Mere</strong>" in html


def test_an_entry_is_added_and_shown(signed_in, caregiver):
    response = add(signed_in, label="  Aunty   Jo ", ring="regular", note="school pick-ups")
    assert response.status_code == 302 and response["Location"] == reverse("caremap")
    entry = CareMapEntry.objects.get(owner=caregiver)
    assert (entry.label, entry.ring, entry.kind, entry.note) == ("Aunty Jo", "regular", "person", "school pick-ups")
    assert "Aunty Jo is on your care map." in signed_in.get(reverse("caremap")).content.decode()


def test_errors_are_shown_next_to_their_fields_and_nothing_is_saved(signed_in, caregiver):
    response = signed_in.post(reverse("caremap"), {"label": "x" * 41, "note": "n" * 141})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["kind"] == ["Choose who or what this is."]
    assert form.errors["ring"] == ["Choose how close they are."]
    assert "up to 40 characters" in form.errors["label"][0]
    assert "140 characters" in form.errors["note"][0]
    html = response.content.decode()
    assert 'id="error-summary"' in html and "<title>Error:" in html
    assert not CareMapEntry.objects.exists()


def test_a_link_must_fit_the_kind(signed_in, caregiver, wellington):
    listing = ListingFactory(region=wellington)
    group = GroupFactory(region=wellington)
    response = add(signed_in, listing=listing.pk, group=group.pk)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "group": ["Link a peer group only to a group."],
        "listing": ["Link a listing only to an organisation or a professional."],
    }
    assert add(signed_in, kind="group", label="Coffee group", group=group.pk).status_code == 302
    assert add(signed_in, kind="organisation", label="Kinship carers", listing=listing.pk).status_code == 302
    assert CareMapEntry.objects.get(label="Coffee group").group_id == group.pk
    assert CareMapEntry.objects.get(label="Kinship carers").listing == listing
    html = signed_in.get(reverse("caremap")).content.decode()
    assert reverse("group_detail", args=[group.pk]) in html
    assert reverse("listing_detail", args=[listing.pk]) in html


def test_a_group_from_another_region_cannot_be_linked(signed_in, auckland):
    group = GroupFactory(region=auckland)
    response = add(signed_in, kind="group", label="Far away", group=group.pk)
    assert response.context["form"].errors == {"group": ["Choose a group from the list."]}


def test_an_entry_is_changed_and_removed(signed_in, caregiver):
    entry = CareMapEntryFactory(owner=caregiver, label="Mere")
    url = reverse("caremap_entry_edit", args=[entry.pk])
    assert signed_in.get(url).status_code == 200
    data = {"kind": "person", "label": "Mere", "ring": "occasional", "note": "", "listing": "", "group": ""}
    assert signed_in.post(url, data).status_code == 302
    entry.refresh_from_db()
    assert entry.ring == Ring.OCCASIONAL
    errors = signed_in.post(url, {**data, "label": ""}).context["form"].errors
    assert errors == {"label": ["Enter a first name or a role."]}
    assert signed_in.post(reverse("caremap_entry_remove", args=[entry.pk])).status_code == 302
    assert not CareMapEntry.objects.exists()


@pytest.mark.parametrize("name", ["caremap_entry_edit", "caremap_entry_remove"])
def test_another_caregivers_entry_is_404(client, caregiver_other_region, caregiver, name):
    entry = CareMapEntryFactory(owner=caregiver)
    client.force_login(caregiver_other_region)
    response = client.post(reverse(name, args=[entry.pk]), {"label": "Mine now"})
    assert response.status_code == 404
    assert CareMapEntry.objects.get(pk=entry.pk).label == entry.label


def test_another_caregivers_map_is_not_on_my_page(client, caregiver_other_region, caregiver):
    CareMapEntryFactory(owner=caregiver, label="Secretname")
    client.force_login(caregiver_other_region)
    assert "Secretname" not in client.get(reverse("caremap")).content.decode()


def test_the_profile_page_links_to_the_care_map(signed_in):
    html = signed_in.get(reverse("profile")).content.decode()
    assert f'href="{reverse("caremap")}"' in html


def test_an_entry_linked_to_a_listing_retired_since_can_still_be_saved(signed_in, caregiver, wellington):
    listing = ListingFactory(region=wellington)
    entry = CareMapEntryFactory(owner=caregiver, kind=CareMapKind.ORGANISATION, label="Them", listing=listing)
    listing.retired_at = "2026-01-01T00:00:00Z"
    listing.save()
    data = {"kind": "organisation", "label": "Them", "ring": "regular", "listing": listing.pk, "group": ""}
    assert signed_in.post(reverse("caremap_entry_edit", args=[entry.pk]), data).status_code == 302
    entry.refresh_from_db()
    assert (entry.ring, entry.listing) == ("regular", listing)


@pytest.mark.parametrize(
    ("field", "text"),
    [("label", "mere@example.org"), ("label", "Mere 021 123 4567"), ("note", "Call her on 04-123 4567")],
)
def test_contact_details_are_refused(signed_in, field, text):
    response = add(signed_in, **{field: text})
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not CareMapEntry.objects.exists()


def test_the_drawing_places_each_entry_on_its_ring(caregiver):
    for ring in Ring.values:
        CareMapEntryFactory.create_batch(3, owner=caregiver, ring=ring)
    drawing = caremap.layout(caremap.entries_of(caregiver))
    assert len(drawing["placed"]) == 9
    for spot in drawing["placed"]:
        radius = (spot.x**2 + spot.y**2) ** 0.5
        assert abs(radius - caremap.RADII[spot.entry.ring]) < 0.5
        assert abs(spot.x) + 20 < drawing["extent"] and abs(spot.label_y) < drawing["extent"]
