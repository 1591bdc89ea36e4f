"""The care map: who may see it, what changes it, and what it suggests.

Rules (issue 14, item 2):

- A caregiver's care map is theirs: only they add, change and remove entries. Another
  caregiver asking for one of their entries gets 404.
- They may share it with their social worker (the one on their profile, from
  ``accounts.policy``'s caseload) and stop sharing at any time. While it is shared that
  social worker sees it read-only; every read is recorded and shown to the caregiver.
- Nobody else sees it: other social workers get 404 (they may not learn that a map
  exists), managers 403 (the role has no care map pages).

Next steps come from the portal's own data, each in a fixed number of queries whatever
the size of the map or the portal (tests/directory/test_caremap_query_budgets.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts import policy, reads
from accounts.models import CaregiverProfile, ReadKind
from buddies import selectors as buddy_selectors
from events import selectors as event_selectors
from groups import access as group_access

from .models import CareMapEntry, CareMapKind, CareMapShare, Listing, ListingKind, Ring

# How many reads the caregiver's page lists, newest first.
READS_SHOWN = 10
# Fewer organisations than this on the map: suggest directory listings.
FEW_ORGANISATIONS = 2
SUGGESTIONS_PER_GAP = 2


class CareMapRefused(Exception):
    """The change cannot be made; ``field`` names the form field it belongs to, if any."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# --- Access ------------------------------------------------------------------------------


def get_entry_for_owner(user, pk: int) -> CareMapEntry:
    """One of this caregiver's own entries; anyone else's is 404."""
    try:
        return CareMapEntry.objects.select_related("listing").get(pk=pk, owner=user)
    except CareMapEntry.DoesNotExist:
        raise Http404("No such care map entry.") from None


def open_share_of(user) -> CareMapShare | None:
    return CareMapShare.objects.filter(owner=user, stopped_at__isnull=True).select_related("social_worker").first()


def get_shared_map_for_worker(user, caregiver_pk: int) -> tuple[CaregiverProfile, CareMapShare]:
    """The caregiver (profile pk) and their open share with this social worker.

    404 unless the caregiver is on this social worker's caseload now *and* shared their
    map with them: a map shared with a previous social worker stays closed to the next."""
    try:
        profile = policy.caseload_for(user).select_related("user").get(pk=caregiver_pk)
    except CaregiverProfile.DoesNotExist:
        raise Http404("No such care map.") from None
    share = CareMapShare.objects.filter(owner_id=profile.user_id, social_worker=user, stopped_at__isnull=True).first()
    if share is None:
        raise Http404("No such care map.")
    return profile, share


def profile_of(user) -> CaregiverProfile | None:
    """The caregiver's profile with their social worker, read once for a page."""
    return CaregiverProfile.objects.filter(user=user).select_related("social_worker").first()


def social_worker_of(user):
    """The caregiver's social worker (or None), who is the only one they can share with."""
    profile = profile_of(user)
    return profile.social_worker if profile is not None else None


# --- Services ----------------------------------------------------------------------------


def entry_save(*, entry: CareMapEntry, owner) -> CareMapEntry:
    """Add or change an entry of ``owner``'s map (``entry`` carries the new values).

    A link that does not fit the kind is dropped rather than refused: the form only offers
    listings for organisations and professionals and groups for groups."""
    if entry.pk is not None and entry.owner_id != owner.pk:
        raise CareMapRefused(gettext("This entry is not on your care map."))
    entry.owner = owner
    if entry.kind != CareMapKind.GROUP:
        entry.group_id = None
    if entry.kind not in (CareMapKind.ORGANISATION, CareMapKind.PROFESSIONAL):
        entry.listing = None
    entry.save()
    return entry


def entry_remove(*, entry: CareMapEntry, owner) -> None:
    if entry.owner_id != owner.pk:
        raise CareMapRefused(gettext("This entry is not on your care map."))
    entry.delete()


def share_start(*, owner, now=None) -> CareMapShare:
    """Share ``owner``'s map with their social worker.

    1. Refused when they have no social worker.
    2. Already shared with that social worker: nothing changes (a double click).
    3. Shared with someone else (their social worker changed): that share stops and a
       new one starts, in one transaction; the constraint allows one open share.
    """
    now = now or timezone.now()
    worker = social_worker_of(owner)
    if worker is None:
        raise CareMapRefused(gettext("You have no social worker yet, so there is nobody to share your map with."))
    try:
        with transaction.atomic():
            current = CareMapShare.objects.select_for_update().filter(owner=owner, stopped_at__isnull=True).first()
            if current is not None and current.social_worker_id == worker.pk:
                return current
            if current is not None:
                current.stopped_at = now
                current.save(update_fields=["stopped_at"])
            return CareMapShare.objects.create(owner=owner, social_worker=worker, shared_at=now)
    except IntegrityError:  # shared from another tab a moment ago
        return open_share_of(owner)


def share_stop(*, owner, now=None) -> bool:
    """Stop sharing; True if a share was open. The social worker sees nothing from now on.

    Saved row by row (not ``update()``) so the page cache hears of it at once."""
    stopped = False
    with transaction.atomic():
        for share in CareMapShare.objects.select_for_update().filter(owner=owner, stopped_at__isnull=True):
            share.stopped_at = now or timezone.now()
            share.save(update_fields=["stopped_at"])
            stopped = True
    return stopped


def read_record(*, owner, reader, share: CareMapShare) -> None:
    """Every read of a shared map goes into the agency's one read log (accounts.StaffRead),
    which the caregiver sees on this page and on "Who has looked at my record"."""
    reads.record_read(reader=reader, subject=owner, what=ReadKind.CARE_MAP, object_id=share.pk)


# --- Selectors ---------------------------------------------------------------------------


def entries_of(user) -> list[CareMapEntry]:
    return list(CareMapEntry.objects.of(user))


def reads_of(user, limit: int = READS_SHOWN) -> list:
    return list(reads.reads_of(user).filter(what=ReadKind.CARE_MAP)[:limit])


def by_ring(entries: list[CareMapEntry]) -> list[dict]:
    """[{ring, label, entries}] from the centre outwards, every ring present (maybe empty)."""
    return [
        {"ring": ring.value, "label": ring.label, "entries": [e for e in entries if e.ring == ring.value]}
        for ring in Ring
    ]


@dataclass(frozen=True)
class Box:
    """A rectangle on the drawing (SVG units): left, top, width, height."""

    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.h
            and other.y < self.y + self.h
        )

    def inside(self, extent: float) -> bool:
        return -extent <= self.x and self.x + self.w <= extent and -extent <= self.y and self.y + self.h <= extent


@dataclass(frozen=True)
class Placed:
    entry: CareMapEntry
    x: float
    y: float
    shape: str  # an SVG path: the kind's shape centred on (x, y)
    fill: str
    # The label as drawn ("" when no room is left for it: the shape's <title> and the list
    # beside the drawing still give the full name). ``label_box`` is the room it takes.
    short_label: str
    label_x: float
    label_y: float  # the text's baseline
    label_box: Box | None
    half: float  # half the shape's size: shapes shrink on a crowded ring

    @property
    def label_width(self) -> float:
        """The width the text is fitted to (``textLength``), the box less its padding."""
        return round(self.label_box.w - 2 * LABEL_PAD, 1) if self.label_box else 0.0


# The drawing: a square of 2 × EXTENT units with "you" at the centre and the rings around.
EXTENT = 300
RADII = {Ring.CLOSE: 95, Ring.REGULAR: 175, Ring.OCCASIONAL: 255}
CENTRE_RADIUS = 30
SHORT_LABEL = 14
LABEL_FONT = 13
RING_LABEL_FONT = 14
# Room around a label's text: the white halo (stroke-width 4) and a hair more.
LABEL_PAD = 3
# The labels are tried at these lengths, longest first; "" means no label (see Placed).
LABEL_LENGTHS = (SHORT_LABEL, 8, 4)
# Shapes as well as colours, so kinds are told apart without colour (WCAG 1.4.1).
FILLS = {
    CareMapKind.PERSON: "#0b5ed7",
    CareMapKind.GROUP: "#198754",
    CareMapKind.PROFESSIONAL: "#6f42c1",
    CareMapKind.ORGANISATION: "#b02a37",
}
SHAPE_HALF = 11  # every shape fits in a 22-unit square at full size


def text_width(text: str, font_size: float, bold: bool = False) -> float:
    """A generous width for ``text`` in a sans-serif font (em fractions by character).

    The drawing sets ``textLength`` to this width, so the browser fits the text to the box
    computed here whatever font it has: the no-overlap guarantee does not rest on a guess."""
    em = 0.0
    for char in text:
        if char in "ijlI.,:;'!|’ ":
            em += 0.3
        elif char in "mwMW@":
            em += 0.9
        elif char.isupper() or char.isdigit():
            em += 0.68
        else:
            em += 0.56
    return em * font_size * (1.08 if bold else 1.0)


def shortened(label: str, length: int) -> str:
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"


def shape_path(kind: str, x: float, y: float, scale: float = 1.0) -> str:
    def u(value: float) -> str:
        return f"{value * scale:.1f}"

    if kind == CareMapKind.PERSON:  # a circle
        return f"M {x - 9 * scale:.1f} {y:.1f} a {u(9)} {u(9)} 0 1 0 {u(18)} 0 a {u(9)} {u(9)} 0 1 0 {u(-18)} 0 z"
    if kind == CareMapKind.GROUP:  # a square
        return f"M {x - 8 * scale:.1f} {y - 8 * scale:.1f} h {u(16)} v {u(16)} h {u(-16)} z"
    if kind == CareMapKind.PROFESSIONAL:  # a diamond
        return f"M {x:.1f} {y - 11 * scale:.1f} l {u(11)} {u(11)} l {u(-11)} {u(11)} l {u(-11)} {u(-11)} z"
    return f"M {x:.1f} {y - 11 * scale:.1f} l {u(11)} {u(19)} h {u(-22)} z"  # organisation: a triangle


def label_box(text: str, x: float, baseline: float) -> Box:
    """The room a centred label takes, halo included (descenders sit below the baseline)."""
    width = text_width(text, LABEL_FONT)
    return Box(
        x - width / 2 - LABEL_PAD,
        baseline - LABEL_FONT * 0.8 - LABEL_PAD,
        width + 2 * LABEL_PAD,
        LABEL_FONT * 1.05 + 2 * LABEL_PAD,
    )


def label_candidates(x: float, y: float, half: float) -> list[tuple[float, float]]:
    """Places to try for a label, as (centre x, baseline), nearest the shape first:
    below, above, then to the outer side and the inner side (away from / towards the centre)."""
    gap = half + 4
    side = 1 if x >= 0 else -1
    return [
        (x, y + gap + LABEL_FONT * 0.8),
        (x, y - gap - LABEL_FONT * 0.25),
        (x + side * (gap + 40), y + LABEL_FONT * 0.3),
        (x - side * (gap + 40), y + LABEL_FONT * 0.3),
    ]


def layout(entries: list[CareMapEntry]) -> dict:
    """Where each entry and its label go on the SVG.

    1. Entries spread evenly around their ring, starting near the top (each ring turned a
       little, so that names on neighbouring rings do not line up). On a crowded ring the
       shapes shrink so that they keep apart.
    2. The centre, the ring names and every shape are taken first.
    3. Each label then takes the first free place (below, above, outside, inside its shape)
       at its longest length that fits (14, 8, 4 characters); when none is free it is left
       out, and the shape's <title> and the list beside the drawing carry the name. So no
       two labels ever overlap and all stay inside the drawing, however crowded
       (tests/directory/test_caremap_layout.py tries 1–30 entries a ring).
    """
    rings = []
    spots = []
    taken = [Box(-CENTRE_RADIUS, -CENTRE_RADIUS, 2 * CENTRE_RADIUS, 2 * CENTRE_RADIUS)]
    for index, group in enumerate(by_ring(entries)):
        radius = RADII[group["ring"]]
        ring_width = text_width(str(group["label"]), RING_LABEL_FONT, bold=True)
        # The ring's name just inside its top, below every shape that could sit on the circle
        # above it: the lowest of those is at the name's corner, SHAPE_HALF further out.
        reach = ring_width / 2 + LABEL_PAD + SHAPE_HALF
        label_y = round(-math.sqrt(radius**2 - reach**2) + SHAPE_HALF + 12 + LABEL_PAD + 1, 1)
        rings.append(
            {
                "ring": group["ring"],
                "label": group["label"],
                "r": radius,
                "label_y": label_y,
                "width": round(ring_width, 1),
            }
        )
        taken.append(
            Box(-ring_width / 2 - LABEL_PAD, label_y - 12 - LABEL_PAD, ring_width + 2 * LABEL_PAD, 16 + LABEL_PAD)
        )
        count = len(group["entries"])
        # Neighbours on a ring are 2πr/n apart; keep the shapes 2 units apart at least.
        scale = min(1.0, (2 * math.pi * radius / max(count, 1) - 2) / (2 * SHAPE_HALF))
        for k, entry in enumerate(group["entries"]):
            angle = 2 * math.pi * k / count - math.pi / 2 + index * 0.35 + 0.3
            x, y = round(radius * math.cos(angle), 1), round(radius * math.sin(angle), 1)
            half = SHAPE_HALF * scale
            taken.append(Box(x - half, y - half, 2 * half, 2 * half))
            spots.append((entry, x, y, scale))

    placed = []
    for entry, x, y, scale in spots:
        chosen = ("", x, y, None)
        for length in LABEL_LENGTHS:
            text = shortened(entry.label, length)
            for cx, baseline in label_candidates(x, y, SHAPE_HALF * scale):
                box = label_box(text, cx, baseline)
                if box.inside(EXTENT) and not any(box.overlaps(other) for other in taken):
                    chosen = (text, cx, baseline, box)
                    break
            if chosen[3] is not None:
                break
        text, cx, baseline, box = chosen
        if box is not None:
            taken.append(box)
        placed.append(
            Placed(
                entry=entry,
                x=x,
                y=y,
                shape=shape_path(entry.kind, x, y, scale),
                half=round(SHAPE_HALF * scale, 2),
                fill=FILLS.get(entry.kind, "#495057"),
                short_label=text,
                label_x=round(cx, 1),
                label_y=round(baseline, 1),
                label_box=box,
            )
        )
    return {"extent": EXTENT, "size": 2 * EXTENT, "rings": rings, "placed": placed}


@dataclass(frozen=True)
class NextStep:
    gap: str  # why it is suggested
    title: str
    url: str
    detail: str = ""


def next_steps(user, entries: list[CareMapEntry], profile: CaregiverProfile | None = None) -> list[NextStep]:
    """Gaps in the map, each with something from the portal that could fill it.

    - No group on the map: peer groups in their region that meet at times that suit
      them (their availability on the profile), not already on the map. 1 query.
    - Nobody on the close ring: their buddy, if they have one (to add), or the buddy
      page if they could have one. 1–2 queries.
    - Fewer than two organisations: current directory listings in their region or
      national, on their topics, not already on the map. 1 query.
    - Nobody on the regular ring: an upcoming event they can go to. 1 query.
    Plus their profile (1 query) unless the caller passes it (``profile_of``).
    """
    steps: list[NextStep] = []
    kinds = {entry.kind for entry in entries}
    rings = {entry.ring for entry in entries}
    organisations = sum(entry.kind == CareMapKind.ORGANISATION for entry in entries)
    needs_group = CareMapKind.GROUP not in kinds
    needs_close = Ring.CLOSE not in rings
    needs_organisations = organisations < FEW_ORGANISATIONS
    if profile is None and (needs_group or needs_organisations):
        profile = profile_of(user)

    if needs_group and profile is not None:
        on_map = [entry.group_id for entry in entries if entry.group_id]
        groups = (
            group_access.groups_visible_to(user)
            .filter(region_id=profile.region_id)
            .exclude(pk__in=on_map)
            .suiting(
                weekday_daytime=profile.available_weekday_daytime,
                weekday_evening=profile.available_weekday_evening,
                weekend=profile.available_weekend,
            )
            .order_by("name", "pk")[:SUGGESTIONS_PER_GAP]
        )
        for group in groups:
            steps.append(
                NextStep(
                    gap=gettext("There is no group on your map."),
                    title=group.name,
                    url=reverse("group_detail", args=[group.pk]),
                    detail=gettext("A peer group near you that meets at a time that suits you."),
                )
            )

    if needs_close:
        match = buddy_selectors.live_match_of(user)
        if match is not None and match.buddy_id != user.pk:
            steps.append(
                NextStep(
                    gap=gettext("Nobody is on your close ring yet."),
                    title=gettext("%(name)s, your buddy") % {"name": match.buddy.first_name},
                    url=reverse("match_detail", args=[match.pk]),
                    detail=gettext("Could your buddy be someone close to you? Add them if so."),
                )
            )
        elif buddy_selectors.needs_buddy(user):
            steps.append(
                NextStep(
                    gap=gettext("Nobody is on your close ring yet."),
                    title=gettext("Choose a buddy"),
                    url=reverse("buddy_home"),
                    detail=gettext("An experienced caregiver nearby who has been where you are."),
                )
            )

    if needs_organisations and profile is not None:
        on_map = [entry.listing_id for entry in entries if entry.listing_id]
        listings = (
            Listing.objects.current()
            .in_regions([profile.region_id])
            .filter(kind__in=[ListingKind.ORGANISATION, ListingKind.HELPLINE])
            .filter(topics__in=profile.topics.values("pk"))
            .exclude(pk__in=on_map)
            .distinct()
            .order_by("name", "pk")[:SUGGESTIONS_PER_GAP]
        )
        for listing in listings:
            steps.append(
                NextStep(
                    gap=gettext("Few organisations are on your map."),
                    title=listing.name,
                    url=reverse("listing_detail", args=[listing.pk]),
                    detail=gettext("In the directory, on a topic you are interested in."),
                )
            )

    if Ring.REGULAR not in rings:
        for event in event_selectors.upcoming_visible_to(user, limit=1):
            steps.append(
                NextStep(
                    gap=gettext("Nobody is on your regular ring yet."),
                    title=event.title,
                    url=reverse("event_detail", args=[event.pk]),
                    detail=gettext("An upcoming event where you could meet other caregivers."),
                )
            )
    return steps


def group_choices(user) -> list[tuple[int, str]]:
    """(id, name) of the peer groups in the caregiver's region, for linking an entry."""
    regions = policy.regions_for(user).order_by().values_list("pk", flat=True)
    return list(
        group_access.groups_visible_to(user).filter(region__in=regions).order_by("name", "pk").values_list("pk", "name")
    )
