"""The care map's labels never overlap and stay inside the drawing, however crowded a ring
is (issue 14). The boxes are the ones the drawing fits its text to (``textLength``), so the
same holds in the browser at any width: the SVG scales as a whole, 1280 px or 320 px."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from directory import caremap
from directory.models import CareMapEntry, CareMapKind, Ring

from .factories import CareMapEntryFactory

KINDS = list(CareMapKind.values)
# Realistic names and the worst case: the widest letters at the longest length allowed.
NAMES = ["Mere", "Our GP", "Kinship carers Wellington", "Nan", "School counsellor", "Aunty Hine"]
WIDE = "W" * 40


def entries(per_ring: int, names: list[str]) -> list[CareMapEntry]:
    """Unsaved entries, ``per_ring`` on each ring (the layout needs no database)."""
    made = []
    for ring in Ring.values:
        for k in range(per_ring):
            made.append(CareMapEntry(label=names[k % len(names)], kind=KINDS[k % len(KINDS)], ring=ring))
    return made


def ring_label_boxes(drawing) -> list[caremap.Box]:
    return [caremap.Box(-ring["width"] / 2, ring["label_y"] - 12, ring["width"], 16) for ring in drawing["rings"]]


@pytest.mark.parametrize("names", [NAMES, [WIDE]], ids=["names", "widest"])
@pytest.mark.parametrize("per_ring", range(1, 31))
def test_no_two_labels_overlap_and_all_stay_inside(per_ring, names):
    drawing = caremap.layout(entries(per_ring, names))
    boxes = [spot.label_box for spot in drawing["placed"] if spot.label_box is not None]
    boxes += ring_label_boxes(drawing)
    for box in boxes:
        assert box.inside(drawing["extent"]), box
    for one, other in itertools.combinations(boxes, 2):
        assert not one.overlaps(other), (one, other)


def shape_box(spot) -> caremap.Box:
    return caremap.Box(spot.x - spot.half, spot.y - spot.half, 2 * spot.half, 2 * spot.half)


@pytest.mark.parametrize("per_ring", range(1, 31))
def test_no_label_or_ring_name_is_covered_by_a_shape(per_ring):
    drawing = caremap.layout(entries(per_ring, NAMES))
    labels = [spot.label_box for spot in drawing["placed"] if spot.label_box is not None]
    labels += ring_label_boxes(drawing)
    for label, spot in itertools.product(labels, drawing["placed"]):
        assert not label.overlaps(shape_box(spot)), (label, spot.entry.label)


@pytest.mark.parametrize("per_ring", range(1, 31))
def test_shapes_on_a_ring_keep_apart(per_ring):
    drawing = caremap.layout(entries(per_ring, NAMES))
    for one, other in itertools.combinations(drawing["placed"], 2):
        if one.entry.ring == other.entry.ring:
            distance = ((one.x - other.x) ** 2 + (one.y - other.y) ** 2) ** 0.5
            assert distance >= one.half + other.half, (one.entry.label, other.entry.label)


@pytest.mark.parametrize("per_ring", range(1, 7))
def test_an_uncrowded_map_labels_every_entry(per_ring):
    drawing = caremap.layout(entries(per_ring, NAMES))
    assert all(spot.short_label for spot in drawing["placed"])


def test_a_crowded_ring_shortens_or_leaves_out_labels_and_keeps_every_entry():
    drawing = caremap.layout(entries(30, NAMES))
    assert len(drawing["placed"]) == 90
    shown = [spot.short_label for spot in drawing["placed"] if spot.short_label]
    assert shown and len(shown) < 90
    for spot in drawing["placed"]:
        assert spot.short_label == "" or spot.entry.label.startswith(spot.short_label.rstrip("…"))


def test_the_page_fits_labels_to_their_boxes_and_titles_every_shape(signed_in, caregiver):
    CareMapEntryFactory.create_batch(30, owner=caregiver, ring=Ring.CLOSE)
    html = signed_in.get(reverse("caremap")).content.decode()
    assert html.count('lengthAdjust="spacingAndGlyphs"') >= 4  # 3 ring names and labels
    for entry in CareMapEntry.objects.filter(owner=caregiver):
        assert f"<title>{entry.label} (" in html
