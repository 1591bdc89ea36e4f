"""Buddies: experienced caregivers paired with newly approved ones.

- ``BuddyProfile``: the buddy side of a caregiver (willing, capacity, paused,
  ambassador) and the new caregiver's own wish for a shared cultural background.
  Kept here, one-to-one with the user, so ``accounts`` stays at the bottom.
- ``Match``: one (new caregiver, buddy) pair and where it is in its life:

      suggested ──► offered ──► accepted ──► active ──► ended
          │            ├──► declined          │
          │            ├──► expired (72 h)    └──► ended (before the first contact)
          └──► withdrawn  └──► withdrawn
      passed: a suggestion the caregiver set aside ("show me different people")

  ``suggested`` rows are the caregiver's next choices, in ``choice_rank`` order;
  ``buddies.services.match_transition`` is the one place that moves a match on.
  A match becomes active at the first contact either of them logs.
- ``CheckIn``: a contact between the pair (type, date, optional topic area), never
  anything about children.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import CaregiverStatus, Household, Topic

MAX_CAPACITY = 3
DEFAULT_CAPACITY = 2


def months_ago(day: date, months: int) -> date:
    """The same day ``months`` months earlier (the last day of a shorter month)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def experienced_since(today: date | None = None) -> date:
    """A buddy must have started caring on or before this day (BUDDY_MIN_MONTHS_CARING)."""
    return months_ago(today or timezone.localdate(), settings.BUDDY_MIN_MONTHS_CARING)


class MatchStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Next choice")
    PASSED = "passed", _("Set aside")
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("No answer in time")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


# Matches that take one of the buddy's places: an open offer counts, so a buddy
# is never offered more new caregivers than they have room for.
HOLDS_A_PLACE = (MatchStatus.OFFERED, MatchStatus.ACCEPTED, MatchStatus.ACTIVE)
# A new caregiver has at most one of these at a time (a database constraint).
LIVE = HOLDS_A_PLACE
# Has (or had) a buddy.
PAIRED = (MatchStatus.ACCEPTED, MatchStatus.ACTIVE, MatchStatus.ENDED)

TRANSITIONS: dict[str, frozenset[str]] = {
    MatchStatus.SUGGESTED: frozenset({MatchStatus.OFFERED, MatchStatus.WITHDRAWN}),
    MatchStatus.OFFERED: frozenset(
        {MatchStatus.ACCEPTED, MatchStatus.DECLINED, MatchStatus.EXPIRED, MatchStatus.WITHDRAWN}
    ),
    MatchStatus.ACCEPTED: frozenset({MatchStatus.ACTIVE, MatchStatus.ENDED}),
    MatchStatus.ACTIVE: frozenset({MatchStatus.ENDED}),
    MatchStatus.PASSED: frozenset(),
    MatchStatus.DECLINED: frozenset(),
    MatchStatus.EXPIRED: frozenset(),
    MatchStatus.WITHDRAWN: frozenset(),
    MatchStatus.ENDED: frozenset(),
}


class EndReason(models.TextChoices):
    COMPLETED = "completed", _("Reached the planned end")
    NOT_A_FIT = "not_a_fit", _("Not a good fit")
    NO_LONGER_NEEDED = "no_longer_needed", _("Support no longer needed")
    BUDDY_UNAVAILABLE = "buddy_unavailable", _("Buddy no longer available")
    OTHER = "other", _("Other")


class FitCheck(models.TextChoices):
    GOOD = "good", _("Good fit")
    DECIDING = "deciding", _("Still deciding")
    NOT_GOOD = "not_good", _("Not a good fit")


class ContactType(models.TextChoices):
    CALL = "call", _("Phone or video call")
    VISIT = "visit", _("Visit")
    COFFEE = "coffee", _("Coffee")
    TEXT = "text", _("Text messages")


class BuddyProfileQuerySet(models.QuerySet):
    def with_load(self) -> BuddyProfileQuerySet:
        """``load``: the new caregivers this buddy has or has been offered (one subquery)."""
        held = (
            Match.objects.filter(buddy_id=OuterRef("user_id"), status__in=HOLDS_A_PLACE)
            .order_by()
            .values("buddy_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(load=Coalesce(Subquery(held), 0))

    def available(self, today: date | None = None) -> BuddyProfileQuerySet:
        """Eligible but for capacity: willing, approved, caring for at least
        BUDDY_MIN_MONTHS_CARING months, not paused."""
        return self.filter(
            willing=True,
            paused=False,
            user__is_active=True,
            user__caregiver_profile__status=CaregiverStatus.APPROVED,
            user__caregiver_profile__started_caring_on__lte=experienced_since(today),
        )

    def ambassadors(self) -> BuddyProfileQuerySet:
        """Ambassadors who can talk with an enquirer now (approved, not paused; no capacity)."""
        return self.filter(
            ambassador=True,
            paused=False,
            user__is_active=True,
            user__caregiver_profile__status=CaregiverStatus.APPROVED,
        )

    def eligible(self, today: date | None = None) -> BuddyProfileQuerySet:
        """Buddies who can take a new caregiver now: ``available`` and below capacity."""
        return self.available(today).with_load().filter(load__lt=F("capacity"))


class BuddyProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="buddy_profile")
    willing = models.BooleanField(_("willing to be a buddy"), default=False)
    capacity = models.PositiveSmallIntegerField(
        _("how many new caregivers at once"),
        default=DEFAULT_CAPACITY,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
    )
    paused = models.BooleanField(
        _("pause new matches"), default=False, help_text=_("For example during a new placement or respite.")
    )
    ambassador = models.BooleanField(
        default=False, help_text=_("Talks with people thinking about becoming caregivers (set by staff).")
    )
    prefers_shared_culture = models.BooleanField(
        _("I would like a buddy who shares my cultural background"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = BuddyProfileQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1) & Q(capacity__lte=MAX_CAPACITY), name="buddy_capacity_1_to_3"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class MatchQuerySet(models.QuerySet):
    def live(self) -> MatchQuerySet:
        return self.filter(status__in=LIVE)

    def involving(self, user) -> MatchQuerySet:
        return self.filter(Q(new_caregiver=user) | Q(buddy=user))

    def in_regions(self, regions) -> MatchQuerySet:
        """Pairs whose new caregiver lives in one of ``regions`` (their social worker's view)."""
        return self.filter(new_caregiver__caregiver_profile__region__in=regions)

    def with_last_contact(self) -> MatchQuerySet:
        """``last_contact``: the latest check-in's date, or the day the pair started."""
        return self.annotate(last_contact=Coalesce(Max("check_ins__happened_on"), F("started_on")))

    def stale(self, days: int, today: date | None = None) -> MatchQuerySet:
        """Active pairs with no contact logged for ``days`` days."""
        since = (today or timezone.localdate()) - timedelta(days=days)
        recent = CheckIn.objects.filter(match=OuterRef("pk"), happened_on__gt=since)
        return self.filter(status=MatchStatus.ACTIVE, started_on__lte=since).exclude(models.Exists(recent))


class Match(models.Model):
    # Kept without the person when their account is closed (mydata.closure): the counts
    # reports add up stay right, so the link is nullable and a deleted person leaves none.
    new_caregiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="buddy_matches_as_new"
    )
    buddy = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="buddy_matches"
    )
    status = models.CharField(max_length=20, choices=MatchStatus.choices, default=MatchStatus.SUGGESTED)
    choice_rank = models.PositiveSmallIntegerField(default=1, help_text=_("The new caregiver's order of preference."))
    score = models.FloatField(default=0)
    reasons = models.CharField(max_length=400, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The social worker who assigned this buddy, when the caregiver did not choose."),
    )
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    started_on = models.DateField(null=True, blank=True)
    planned_end_on = models.DateField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    end_reason = models.CharField(max_length=30, choices=EndReason.choices, blank=True)
    feedback_new = models.CharField(_("feedback from the new caregiver"), max_length=500, blank=True)
    feedback_buddy = models.CharField(_("feedback from the buddy"), max_length=500, blank=True)
    fit_new = models.CharField(max_length=20, choices=FitCheck.choices, blank=True)
    fit_buddy = models.CharField(max_length=20, choices=FitCheck.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name_plural = "matches"
        indexes = [
            models.Index(fields=["buddy", "status"], name="match_buddy_status_idx"),
            models.Index(fields=["new_caregiver", "status"], name="match_new_status_idx"),
            models.Index(
                fields=["offer_expires_at"], condition=Q(status="offered"), name="match_open_offer_expiry_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=MatchStatus.values), name="match_status_valid"),
            models.CheckConstraint(condition=~Q(new_caregiver=F("buddy")), name="match_not_self"),
            models.CheckConstraint(condition=Q(end_reason="") | Q(status="ended"), name="match_reason_only_ended"),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False), name="match_offer_has_deadline"
            ),
            models.CheckConstraint(
                condition=~Q(status="active") | Q(started_on__isnull=False), name="match_active_has_start"
            ),
            # One live match per new caregiver: one open offer, accepted or active buddy at a time.
            models.UniqueConstraint(
                fields=["new_caregiver"],
                condition=Q(status__in=["offered", "accepted", "active"]),
                name="match_one_live",
            ),
            # A buddy is in someone's list of choices at most once at a time.
            models.UniqueConstraint(
                fields=["new_caregiver", "buddy"],
                condition=Q(status__in=["suggested", "offered", "accepted", "active"]),
                name="match_pair_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.new_caregiver} + {self.buddy} ({self.get_status_display()})"

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS[self.status]

    def party(self, user) -> str | None:
        """ "new" or "buddy" for the two people in the pair, else None."""
        if user.pk == self.new_caregiver_id:
            return "new"
        if user.pk == self.buddy_id:
            return "buddy"
        return None

    def other(self, user):
        return self.buddy if user.pk == self.new_caregiver_id else self.new_caregiver

    @property
    def coordinator_id(self) -> int | None:
        """The pair's coordinating social worker: who assigned the buddy, or, when the caregiver
        chose, the new caregiver's own social worker. They alone read the pair's close-the-loop
        answers (feedback.access)."""
        if self.assigned_by_id is not None:
            return self.assigned_by_id
        profile = getattr(self.new_caregiver, "caregiver_profile", None) if self.new_caregiver_id else None
        return profile.social_worker_id if profile is not None else None


class CheckIn(models.Model):
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="check_ins")
    # Kept without the person when their account is closed (mydata.closure): the counts
    # reports add up stay right, so the link is nullable and a deleted person leaves none.
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contact_type = models.CharField(_("how you were in touch"), max_length=20, choices=ContactType.choices)
    happened_on = models.DateField(_("date"))
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic area (optional)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-pk"]
        indexes = [models.Index(fields=["match", "happened_on"], name="checkin_match_day_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(contact_type__in=ContactType.values), name="checkin_type_valid"),
            models.CheckConstraint(condition=Q(happened_on__gte=date(2000, 1, 1)), name="checkin_date_plausible"),
        ]

    def __str__(self) -> str:
        return f"{self.get_contact_type_display()} {self.happened_on}"


class MatchWeights(models.Model):
    """How much each criterion counts in a match score; one row, edited by staff in the admin.

    Each criterion scores 0 to 1 and is multiplied by its weight; see ``buddies.matching``."""

    place = models.FloatField(default=5, validators=[MinValueValidator(0)])
    availability = models.FloatField(default=2, validators=[MinValueValidator(0)])
    caregiver_type = models.FloatField(default=2, validators=[MinValueValidator(0)])
    topics = models.FloatField(default=1.5, validators=[MinValueValidator(0)])
    household = models.FloatField(default=1, validators=[MinValueValidator(0)])
    language = models.FloatField(default=1, validators=[MinValueValidator(0)])
    culture = models.FloatField(default=2, validators=[MinValueValidator(0)])
    experience = models.FloatField(default=1, validators=[MinValueValidator(0)])
    spare_capacity = models.FloatField(default=0.5, validators=[MinValueValidator(0)])
    # Always True and unique: the database keeps the "one row" (a second row, from the
    # admin or two first saves at once, was silently ignored: the engine reads the first).
    one = models.BooleanField(default=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "match weights"
        verbose_name_plural = "match weights"
        constraints = [
            models.CheckConstraint(
                condition=Q(place__gte=0)
                & Q(availability__gte=0)
                & Q(caregiver_type__gte=0)
                & Q(topics__gte=0)
                & Q(household__gte=0)
                & Q(language__gte=0)
                & Q(culture__gte=0)
                & Q(experience__gte=0)
                & Q(spare_capacity__gte=0),
                name="match_weights_not_negative",
            ),
            models.CheckConstraint(condition=Q(one=True), name="match_weights_one_is_true"),
            models.UniqueConstraint(fields=["one"], name="match_weights_one_row"),
        ]

    def __str__(self) -> str:
        return "Match weights"


class HowHeard(models.TextChoices):
    WORD_OF_MOUTH = "word_of_mouth", _("A friend or family member")
    EVENT = "event", _("An event or information evening")
    SOCIAL_MEDIA = "social_media", _("Social media")
    WEBSITE = "website", _("Our website")
    AGENCY = "agency", _("Another agency")
    OTHER = "other", _("Other")


class EnquiryOutcome(models.TextChoices):
    OPEN = "open", _("Open")
    CONNECTED = "connected", _("Talked with an ambassador")
    APPLYING = "applying", _("Started an application")
    NOT_PROCEEDING = "not_proceeding", _("Not going ahead for now")


class Enquiry(models.Model):
    """Someone thinking about becoming a caregiver, recorded by staff so an experienced
    caregiver (an ambassador) can talk with them. Only what matching needs, and a first name."""

    region = models.ForeignKey("accounts.Region", on_delete=models.PROTECT, related_name="enquiries")
    first_name = models.CharField(_("first name"), max_length=80)
    household = models.CharField(_("household"), max_length=20, choices=Household.choices)
    cultural_background = models.CharField(
        _("cultural background (optional)"),
        max_length=120,
        blank=True,
        help_text=_("In their words. An ambassador who shares it is suggested first."),
    )
    how_heard = models.CharField(_("how they heard about caregiving"), max_length=20, choices=HowHeard.choices)
    ambassador = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="enquiries"
    )
    outcome = models.CharField(max_length=20, choices=EnquiryOutcome.choices, default=EnquiryOutcome.OPEN)
    outcome_note = models.CharField(_("note (optional)"), max_length=300, blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "enquiries"
        constraints = [
            models.CheckConstraint(condition=Q(outcome__in=EnquiryOutcome.values), name="enquiry_outcome_valid"),
            models.CheckConstraint(condition=Q(how_heard__in=HowHeard.values), name="enquiry_how_heard_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} ({self.region})"
