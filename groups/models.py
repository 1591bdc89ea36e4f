"""Peer groups: groups, memberships with requests, the versioned group agreement,
meetings (each an event of the events app), per-meeting roles and attendance.

A meeting's time, place, replies, reminders and calendar file are its event's: the
event's audience is "members of a group" and its invitee rows are the group's
members, kept in step by ``groups.services``. Only the roles and the attendance
sit here.
"""

from __future__ import annotations

from datetime import time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Region, Role


class GroupKind(models.TextChoices):
    COFFEE = "coffee", _("Coffee group")
    SUPPORT = "support", _("Support group")
    TRAINING = "training", _("Training forum")
    CONSTELLATION = "constellation", _("Constellation")


class Theme(models.TextChoices):
    NONE = "", _("No particular theme")
    KINSHIP = "kinship", _("Kinship / whānau caregivers")
    TEENS = "teens", _("Caring for teenagers")
    FASD = "fasd", _("FASD")
    NEW = "new", _("New caregivers")
    DISABILITY = "disability", _("Disability and additional needs")


class MeetingPlace(models.TextChoices):
    HOME = "home", _("A caregiver's home")
    CAFE = "cafe", _("A café")
    MARAE = "marae", _("A marae")
    PARK = "park", _("A park")
    ON_SITE = "on_site", _("On site (the agency's office)")
    ONLINE = "online", _("Online")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    FORTNIGHTLY = "fortnightly", _("Fortnightly")
    MONTHLY = "monthly", _("Monthly")


FREQUENCY_DAYS = {Frequency.WEEKLY: 7, Frequency.FORTNIGHTLY: 14, Frequency.MONTHLY: 28}


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class JoiningPolicy(models.TextChoices):
    OPEN = "open", _("Open: join straight away")
    BY_REQUEST = "request", _("By request: a facilitator approves")
    BY_INVITATION = "invitation", _("By invitation only")


# Size guidance from practice (Caring Families Aotearoa; Mockingbird for constellations).
MIN_MEMBERS_RURAL = 3
MIN_MEMBERS_URBAN = 5
CONSTELLATION_MIN = 6
CONSTELLATION_MAX = 10
# Evenings start at 5pm, as for events; weekends are Saturday and Sunday.
EVENING_STARTS = time(17)
WEEKEND_DAYS = (Weekday.SATURDAY, Weekday.SUNDAY)
# At least one meeting a month is recommended; a group that has not met in 6 weeks is flagged.
HEALTH_WINDOW_DAYS = 90
RECOMMENDED_MEETINGS_IN_WINDOW = 3
NOT_MET_FLAG_DAYS = 42

DEFAULT_AGREEMENT = _(
    "In this group we agree to:\n"
    "- focus on strengths: ours, each other's and the children's;\n"
    "- be respectful of other carers and of the children in our care;\n"
    "- be empathetic: listen to understand;\n"
    "- be solution-focused and non-judgemental;\n"
    "- learn together;\n"
    "- keep the group voluntary and informal: come when you can, share what you want;\n"
    "- respect each other's cultures;\n"
    "- keep what is shared here private: it stays in the group, and we never share details "
    "that could identify a child."
)


class MembershipStatus(models.TextChoices):
    REQUESTED = "requested", _("Asked to join")
    ACTIVE = "active", _("Member")
    LEFT = "left", _("Left")
    DECLINED = "declined", _("Declined")


# A person has at most one membership in one of these states per group.
CURRENT_STATUSES = (MembershipStatus.REQUESTED, MembershipStatus.ACTIVE)


class MemberRole(models.TextChoices):
    MEMBER = "member", _("Member")
    FACILITATOR = "facilitator", _("Facilitator")


class GroupQuerySet(models.QuerySet):
    def with_member_count(self) -> GroupQuerySet:
        """``member_count``: active members, as a correlated subquery (counted only for the rows returned)."""
        active = (
            Membership.objects.filter(group=OuterRef("pk"), status=MembershipStatus.ACTIVE)
            .order_by()
            .values("group")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(member_count=Coalesce(Subquery(active), 0))

    def with_status_of(self, user) -> GroupQuerySet:
        """``my_status``: this person's current membership status in each group, if any."""
        mine = Membership.objects.filter(group=OuterRef("pk"), user=user, status__in=CURRENT_STATUSES).order_by()
        return self.annotate(my_status=Subquery(mine.values("status")[:1]))

    def suiting(self, *, weekday_daytime: bool, weekday_evening: bool, weekend: bool) -> GroupQuerySet:
        """Groups whose usual time suits someone available at these times (nothing ticked: all)."""
        if not (weekday_daytime or weekday_evening or weekend):
            return self
        condition = Q()
        if weekday_daytime:
            condition |= Q(is_weekend=False, is_evening=False)
        if weekday_evening:
            condition |= Q(is_weekend=False, is_evening=True)
        if weekend:
            condition |= Q(is_weekend=True)
        return self.filter(condition)

    def with_health(self, now=None) -> GroupQuerySet:
        """``recent_meetings`` (in the last 90 days) and ``last_met_at``, for health figures."""
        now = now or timezone.now()
        held = Meeting.objects.filter(group=OuterRef("pk"), event__starts_at__lt=now).exclude(event__status="cancelled")
        recent = (
            held.filter(event__starts_at__gte=now - timedelta(days=HEALTH_WINDOW_DAYS))
            .order_by()
            .values("group")
            .annotate(n=Count("pk"))
            .values("n")
        )
        last = held.order_by("-event__starts_at").values("event__starts_at")[:1]
        return self.annotate(recent_meetings=Coalesce(Subquery(recent), 0), last_met_at=Subquery(last))


class Group(models.Model):
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=GroupKind.choices)
    theme = models.CharField(max_length=20, choices=Theme.choices, blank=True, default=Theme.NONE)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="peer_groups")
    area = models.CharField(
        _("general area"),
        max_length=80,
        help_text=_("Suburb or town only, e.g. Porirua. Never a home address: members see the address per meeting."),
    )
    rural = models.BooleanField(default=False, help_text=_("Rural groups may be smaller (3 members rather than 5)."))
    description = models.TextField(blank=True)
    meeting_place = models.CharField(_("usually meets at"), max_length=20, choices=MeetingPlace.choices)
    frequency = models.CharField(_("how often"), max_length=20, choices=Frequency.choices, default=Frequency.MONTHLY)
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    meets_at = models.TimeField(_("time"))
    duration_minutes = models.PositiveSmallIntegerField(_("meetings last (minutes)"), default=90)
    # Derived from weekday and meets_at on save (and checked by the database), so the
    # Groups page filters "times that suit me" with plain column comparisons.
    is_evening = models.BooleanField(default=False, editable=False)
    is_weekend = models.BooleanField(default=False, editable=False)
    joining_policy = models.CharField(max_length=20, choices=JoiningPolicy.choices, default=JoiningPolicy.BY_REQUEST)
    capacity = models.PositiveSmallIntegerField(default=12, help_text=_("The most members the group takes."))
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"role": Role.SOCIAL_WORKER},
        help_text=_("The social worker who supports this group."),
    )
    hub_contact = models.CharField(
        _("hub's out-of-hours contact"),
        max_length=200,
        blank=True,
        help_text=_("Constellations only: shown to the group's members, never on the public page."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["region", "kind"], name="group_region_kind_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="group_capacity_positive"),
            models.CheckConstraint(condition=Q(weekday__gte=0, weekday__lte=6), name="group_weekday_valid"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15, duration_minutes__lte=24 * 60), name="group_duration_sensible"
            ),
            models.CheckConstraint(
                condition=Q(is_weekend=True, weekday__gte=5) | Q(is_weekend=False, weekday__lt=5),
                name="group_weekend_flag_matches_day",
            ),
            models.CheckConstraint(
                condition=Q(is_evening=True, meets_at__gte=EVENING_STARTS)
                | Q(is_evening=False, meets_at__lt=EVENING_STARTS),
                name="group_evening_flag_matches_time",
            ),
            models.CheckConstraint(condition=Q(kind__in=GroupKind.values), name="group_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.derive_flags()
        super().save(*args, **kwargs)

    def derive_flags(self) -> None:
        self.is_evening = self.meets_at >= EVENING_STARTS
        self.is_weekend = self.weekday in WEEKEND_DAYS

    @property
    def is_constellation(self) -> bool:
        return self.kind == GroupKind.CONSTELLATION

    @property
    def size_guidance(self) -> tuple[int, int]:
        """(fewest, most) members recommended."""
        if self.is_constellation:
            return CONSTELLATION_MIN, CONSTELLATION_MAX
        return (MIN_MEMBERS_RURAL if self.rural else MIN_MEMBERS_URBAN), self.capacity

    def size_problem(self, members: int) -> str | None:
        fewest, most = self.size_guidance
        if members < fewest:
            return gettext("Below the recommended size: %(n)d members, at least %(min)d recommended.") % {
                "n": members,
                "min": fewest,
            }
        if members > most:
            return gettext("Above the recommended size: %(n)d members, at most %(max)d recommended.") % {
                "n": members,
                "max": most,
            }
        return None

    @property
    def schedule_display(self) -> str:
        """e.g. "Monthly, Saturday 6:30pm"."""
        hour = self.meets_at.hour % 12 or 12
        minutes = f":{self.meets_at.minute:02d}" if self.meets_at.minute else ""
        at = f"{hour}{minutes}{'am' if self.meets_at.hour < 12 else 'pm'}"
        return f"{self.get_frequency_display()}, {self.get_weekday_display()} {at}"

    def current_agreement(self) -> AgreementVersion | None:
        return self.agreement_versions.order_by("-number").first()


class AgreementVersion(models.Model):
    """One version of a group's agreement. Versions are never edited: a change is a new number."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="agreement_versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    # A facilitator (a caregiver) may write a new version: when they close their account the
    # text stays the group's, without their name (mydata.closure).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="agreement_number_once_per_group"),
            models.CheckConstraint(condition=Q(number__gte=1), name="agreement_number_positive"),
        ]

    def __str__(self) -> str:
        return gettext("%(group)s agreement, version %(n)d") % {"group": self.group, "n": self.number}


class MembershipQuerySet(models.QuerySet):
    def active(self) -> MembershipQuerySet:
        return self.filter(status=MembershipStatus.ACTIVE)

    def requested(self) -> MembershipQuerySet:
        return self.filter(status=MembershipStatus.REQUESTED)

    def facilitators(self) -> MembershipQuerySet:
        return self.active().filter(role=MemberRole.FACILITATOR)


class Membership(models.Model):
    """A person's place in a group, from request to leaving. Rows are kept after leaving
    or a decline (history); at most one current (requested or active) row per person."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    # Kept without the person when their account is closed (mydata.closure): the counts
    # reports add up stay right, so the link is nullable and a deleted person leaves none.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="group_memberships"
    )
    status = models.CharField(max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.REQUESTED)
    role = models.CharField(max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    request_message = models.CharField(_("a short message to the facilitators"), max_length=500, blank=True)
    agreement_version = models.ForeignKey(
        AgreementVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The version of the agreement this person last accepted."),
    )
    agreement_accepted_at = models.DateTimeField(null=True, blank=True)
    willing_to_host = models.BooleanField(default=True)
    requested_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True, help_text=_("When they left or were declined."))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["user__first_name", "pk"]
        indexes = [models.Index(fields=["user", "status"], name="membership_user_status_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(status__in=CURRENT_STATUSES),
                name="membership_one_current_per_person",
            ),
            models.CheckConstraint(condition=Q(status__in=MembershipStatus.values), name="membership_status_valid"),
            models.CheckConstraint(condition=Q(role__in=MemberRole.values), name="membership_role_valid"),
            models.CheckConstraint(
                condition=~Q(status=MembershipStatus.ACTIVE) | Q(joined_at__isnull=False),
                name="membership_active_has_joined_at",
            ),
            models.CheckConstraint(
                condition=Q(agreement_version__isnull=True) | Q(agreement_accepted_at__isnull=False),
                name="membership_agreement_has_time",
            ),
            models.CheckConstraint(
                condition=Q(role=MemberRole.MEMBER)
                | Q(status=MembershipStatus.ACTIVE)
                | Q(status=MembershipStatus.LEFT),
                name="membership_facilitator_is_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.group} ({self.get_status_display()})"

    @property
    def display_name(self) -> str:
        """Preferred first names only: other members never see surnames or email addresses."""
        return (self.user.first_name if self.user_id else "") or gettext("A member")

    def has_accepted(self, version: AgreementVersion | None) -> bool:
        return version is None or self.agreement_version_id == version.pk


class Meeting(models.Model):
    """A group's meeting. Its time and place are its event's (audience: members of a group)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meetings")
    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="group_meeting")

    class Meta:
        ordering = ["event__starts_at", "pk"]

    def __str__(self) -> str:
        return str(self.event)


class MeetingRoleKind(models.TextChoices):
    HOST = "host", _("Host")
    FACILITATOR = "facilitator", _("Facilitator")
    NOTE_TAKER = "note_taker", _("Note-taker")


class MeetingRole(models.Model):
    """Who takes which role at one meeting (roles move from meeting to meeting)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=MeetingRoleKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["meeting", "role"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "role"], name="meeting_role_once"),
            models.CheckConstraint(condition=Q(role__in=MeetingRoleKind.values), name="meeting_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.user}"


class Attendance(models.Model):
    """Whether a member came to a meeting, recorded by a facilitator."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    # Kept without the person when their account is closed (mydata.closure): the counts
    # reports add up stay right, so the link is nullable and a deleted person leaves none.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attended = models.BooleanField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once_per_person")]

    def __str__(self) -> str:
        return f"{self.user} at {self.meeting}: {'yes' if self.attended else 'no'}"


class HubRequestKind(models.TextChoices):
    SLEEPOVER = "sleepover", _("Sleepover")
    SHORT_BREAK = "short_break", _("Short break")
    ADVICE = "advice", _("Advice")
    SOCIAL = "social", _("Social activity")


class HubRequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the hub")
    AGREED = "agreed", _("Agreed")
    DECLINED = "declined", _("Not possible")


class HubRequest(models.Model):
    """A satellite household's request to its constellation's hub home carer."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="hub_requests")
    satellite = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("what you need"), max_length=20, choices=HubRequestKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True, help_text=_("Leave empty for a single day."))
    message = models.CharField(_("details for the hub"), max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=HubRequestStatus.choices, default=HubRequestStatus.OPEN)
    answer = models.CharField(_("answer"), max_length=500, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="hub_request_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(kind__in=HubRequestKind.values), name="hub_request_kind_valid"),
            models.CheckConstraint(
                condition=Q(status=HubRequestStatus.OPEN) | Q(answered_at__isnull=False),
                name="hub_request_answer_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.satellite} ({self.get_status_display()})"
