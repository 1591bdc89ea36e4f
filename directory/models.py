"""The support directory: organisations, helplines, training courses and resources.

A listing belongs to one region or, with no region, to the whole country. Staff keep
it current ("last checked", retired instead of deleted, so a training record that
names a course keeps it); caregivers browse the current ones and record the training
they completed. Who may see and curate what is in ``directory.access``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Region, Topic

# A listing not checked for this long is shown to staff as needing a recheck.
RECHECK_AFTER = timedelta(days=365)
# Nothing in the directory predates the portal's records.
EARLIEST_DATE = date(2000, 1, 1)
SEARCH_CONFIG = "english"


class ListingKind(models.TextChoices):
    ORGANISATION = "organisation", _("Support organisation")
    HELPLINE = "helpline", _("Helpline")
    COURSE = "course", _("Training course")
    RESOURCE = "resource", _("Resource")


class ListingAudience(models.TextChoices):
    ALL = "all", _("All caregivers")
    FOSTER = "foster", _("Foster caregivers")
    KINSHIP = "kinship", _("Kinship / whānau caregivers")


def search_vector() -> SearchVector:
    """The text a search reads; the same expression as the GIN index, so PostgreSQL uses it."""
    return SearchVector("name", "summary", "how_to_contact", config=SEARCH_CONFIG)


class ListingQuerySet(models.QuerySet):
    def current(self) -> ListingQuerySet:
        return self.filter(retired_at__isnull=True)

    def in_regions(self, region_ids, *, national: bool = True) -> ListingQuerySet:
        """Listings of these regions (ids, or a queryset of ids: then a subquery), and
        national ones unless ``national`` is False."""
        where = Q(region_id__in=region_ids)
        if national:
            where |= Q(region__isnull=True)
        return self.filter(where)

    def search(self, text: str) -> ListingQuerySet:
        """Full-text search on PostgreSQL (stemmed: "kinship carers" finds "kinship carer
        support"); a plain case-insensitive match on each word elsewhere (SQLite)."""
        text = text.strip()
        if not text:
            return self
        if connection.vendor == "postgresql":
            query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
            return self.annotate(search=search_vector()).filter(search=query)
        for word in text.split():
            self = self.filter(Q(name__icontains=word) | Q(summary__icontains=word) | Q(how_to_contact__icontains=word))
        return self

    def ranked(self, text: str) -> ListingQuerySet:
        """Best matches first on PostgreSQL; otherwise by name."""
        if text.strip() and connection.vendor == "postgresql":
            query = SearchQuery(text.strip(), config=SEARCH_CONFIG, search_type="websearch")
            return self.annotate(rank=SearchRank(search_vector(), query)).order_by("-rank", "name", "pk")
        return self.order_by("name", "pk")

    def needs_recheck(self, today: date | None = None) -> ListingQuerySet:
        today = today or timezone.localdate()
        return self.current().filter(last_checked__lt=today - RECHECK_AFTER)


class Listing(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=ListingKind.choices)
    name = models.CharField(_("name"), max_length=150)
    summary = models.TextField(_("summary"), max_length=1000, help_text=_("What it offers, in a sentence or two."))
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="listings",
        help_text=_("Leave empty for a national listing."),
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="listings")
    audience = models.CharField(
        _("audience"), max_length=20, choices=ListingAudience.choices, default=ListingAudience.ALL
    )
    how_to_contact = models.TextField(_("how to contact"), max_length=1000, blank=True)
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, help_text=_("As people should dial it, e.g. 0800 000 123.")
    )
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    cost = models.CharField(_("cost"), max_length=120, blank=True, help_text=_("e.g. Free, or $20 a session."))
    how_to_join = models.TextField(_("how to join"), max_length=1000, blank=True)
    opening_hours = models.CharField(
        _("opening hours"), max_length=200, blank=True, help_text=_("For helplines, e.g. 24/7 or Mon–Fri 9am–5pm.")
    )
    last_checked = models.DateField(_("last checked"), default=timezone.localdate)
    retired_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ListingQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        # Also, on PostgreSQL only (migration 0002, which SQLite skips): the GIN index
        # listing_search_idx on search_vector(), for full-text search.
        indexes = [
            # The directory page: current listings in name order.
            models.Index(fields=["name", "id"], condition=Q(retired_at__isnull=True), name="listing_current_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ListingKind.values), name="listing_kind_known"),
            models.CheckConstraint(condition=Q(audience__in=ListingAudience.values), name="listing_audience_known"),
            models.CheckConstraint(condition=Q(last_checked__gte=EARLIEST_DATE), name="listing_last_checked_plausible"),
            # One current listing of a name per region, and one national one (no region is
            # "region 0": a plain (region, name) key lets NULLs repeat), whatever the case,
            # as listing_save checks: the database holds it when two people save at once.
            models.UniqueConstraint(
                Lower("name"),
                Coalesce("region", Value(0)),
                condition=Q(retired_at__isnull=True),
                name="listing_name_unique_in_region",
                violation_error_message=_("There is already a current listing with this name here."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    @property
    def is_course(self) -> bool:
        return self.kind == ListingKind.COURSE

    @property
    def tel_href(self) -> str:
        """A ``tel:`` link when the phone is a dialable number ("0800 000 123", "+64 4 000 0000");
        empty for free text such as "Text 0000"."""
        if not re.fullmatch(r"\+?[0-9 ()-]{6,30}", self.phone.strip()):
            return ""
        return "tel:" + re.sub(r"[^0-9+]", "", self.phone)

    def needs_recheck(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.last_checked < today - RECHECK_AFTER


class TrainingCompletionQuerySet(models.QuerySet):
    def of(self, user) -> TrainingCompletionQuerySet:
        return self.filter(user=user).select_related("listing").order_by("-completed_on", "-pk")


class TrainingCompletion(models.Model):
    """A caregiver's own record of a training course they completed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_completions")
    listing = models.ForeignKey(
        Listing,
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="completions",
        limit_choices_to={"kind": ListingKind.COURSE},
    )
    completed_on = models.DateField(_("completed on"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrainingCompletionQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "listing", "completed_on"], name="completion_once_per_day"),
            models.CheckConstraint(condition=Q(completed_on__gte=EARLIEST_DATE), name="completion_date_plausible"),
            # And on PostgreSQL (migration 0002; SQLite allows no clock in a CHECK):
            # completion_not_in_future, no later than today anywhere on Earth (UTC+14).
            # The form holds people to their own today.
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.listing} ({self.completed_on:%Y-%m-%d})"


# --- The care map ---------------------------------------------------------------------
#
# A caregiver's own support network (GENIE-style): people, groups, professionals and
# organisations on three rings. Private to the caregiver; shared with their social worker
# only while they choose (CareMapShare), and every read by that social worker is recorded
# (in the agency's one read log, accounts.StaffRead) and shown to the caregiver.
# Who may see what: ``directory.caremap``.

LABEL_MAX_LENGTH = 40
NOTE_MAX_LENGTH = 140


class CareMapKind(models.TextChoices):
    PERSON = "person", _("Person")
    GROUP = "group", _("Group")
    PROFESSIONAL = "professional", _("Professional")
    ORGANISATION = "organisation", _("Organisation")


class Ring(models.TextChoices):
    # In order from the centre outwards: the map draws and lists them in this order.
    CLOSE = "close", _("Close")
    REGULAR = "regular", _("Regular")
    OCCASIONAL = "occasional", _("Occasional")


class CareMapEntryQuerySet(models.QuerySet):
    def of(self, user) -> CareMapEntryQuerySet:
        return self.filter(owner=user).select_related("listing").order_by("label", "pk")


class CareMapEntry(models.Model):
    """One person, group, professional or organisation on a caregiver's care map.

    ``label`` is a first name or a role only ("Mere", "Our GP"): the form says so, and the
    length keeps it short. A link to a directory listing or a peer group (by id: the
    directory does not depend on groups' models) is optional."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_map_entries")
    kind = models.CharField(_("kind"), max_length=20, choices=CareMapKind.choices)
    label = models.CharField(_("name or role"), max_length=LABEL_MAX_LENGTH)
    ring = models.CharField(_("how close"), max_length=20, choices=Ring.choices)
    note = models.CharField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    listing = models.ForeignKey(
        Listing,
        verbose_name=_("directory listing"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    group_id = models.PositiveIntegerField(_("peer group"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CareMapEntryQuerySet.as_manager()

    class Meta:
        ordering = ["label", "pk"]
        verbose_name = _("care map entry")
        verbose_name_plural = _("care map entries")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=CareMapKind.values), name="caremap_kind_known"),
            models.CheckConstraint(condition=Q(ring__in=Ring.values), name="caremap_ring_known"),
            models.CheckConstraint(condition=~Q(label=""), name="caremap_label_given"),
            # A peer group links only to a group entry; an entry links to one thing at most.
            models.CheckConstraint(
                condition=Q(group_id__isnull=True) | Q(kind=CareMapKind.GROUP), name="caremap_group_link_is_a_group"
            ),
            models.CheckConstraint(
                condition=Q(group_id__isnull=True) | Q(listing__isnull=True), name="caremap_one_link_at_most"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_kind_display()}, {self.get_ring_display()})"


class CareMapShare(models.Model):
    """A period in which a caregiver shared their care map with their social worker.

    Open while ``stopped_at`` is empty (one open period per caregiver, by constraint). The
    social worker is the one they shared it with: if another takes over their caseload,
    the new one sees nothing until the caregiver shares again."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_map_shares")
    social_worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    shared_at = models.DateTimeField(default=timezone.now)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-shared_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner"], condition=Q(stopped_at__isnull=True), name="caremap_one_open_share"
            ),
            models.CheckConstraint(
                condition=Q(stopped_at__isnull=True) | Q(stopped_at__gte=models.F("shared_at")),
                name="caremap_share_stops_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner} → {self.social_worker} from {self.shared_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.stopped_at is None
