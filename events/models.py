"""Events, RSVPs that count families, follow-up calls, check-in and the staff checklist.

Times are stored in UTC and shown in the event region's time zone. Capacity is
counted in people (adults + children); ``events.services`` is the only place
that writes RSVPs, so the capacity and waitlist rules hold under concurrency.
"""

from __future__ import annotations

import secrets
import uuid
import zoneinfo
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractHour, ExtractIsoWeekDay
from django.utils import dateformat, timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts import policy
from accounts.models import Region
from accounts.validators import EVENT_YEARS


def clock(value) -> str:
    """4pm, 10:30am: how times are written in New Zealand."""
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("National conference")
    REGIONAL_HUI = "regional_hui", _("Regional hui")
    COFFEE_MORNING = "coffee_morning", _("Coffee morning")
    FAMILY_FUN_DAY = "family_fun_day", _("Family fun day")
    TRAINING = "training", _("Training workshop")
    AWARENESS = "awareness", _("Awareness-week event")


class Audience(models.TextChoices):
    REGION = "region", _("All caregivers in the region")
    NATIONAL = "national", _("All caregivers, nationally")
    INVITED = "invited", _("Invited caregivers only")
    # A peer group's meeting: its invitee rows are the group's members, kept in step by
    # the groups app through events.services (events never imports groups).
    GROUP = "group", _("Members of a group")


# Audiences whose events only their invitee rows may see.
INVITEE_AUDIENCES = (Audience.INVITED, Audience.GROUP)


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


def _midnight(day: date) -> datetime:
    """The start of ``day`` in the current time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


# Evenings and weekends, for caregivers who work weekdays.
EVENING_STARTS_AT_HOUR = 17


class EventQuerySet(models.QuerySet):
    def visible_to(self, user) -> EventQuerySet:
        """Caregivers: published or cancelled events for their region, national
        events, and events they are invited to. Staff: everything in their regions
        plus national events, drafts included. Nobody else: nothing.

        Each event appears once: the invitee list is a subquery, not a join."""
        if policy.is_staff_member(user):
            return self.filter(Q(region__in=policy.regions_for(user)) | Q(audience=Audience.NATIONAL))
        if policy.is_caregiver(user):
            invited = EventInvitee.objects.filter(user=user).values("event_id")
            audience = (
                Q(audience=Audience.NATIONAL)
                | Q(audience=Audience.REGION, region__in=policy.regions_for(user))
                | Q(audience__in=INVITEE_AUDIENCES, pk__in=invited)
            )
            return self.filter(audience, status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])
        return self.none()

    def upcoming(self) -> EventQuerySet:
        return self.filter(ends_at__gt=timezone.now())

    def starting_between(self, first: date | None, last: date | None) -> EventQuerySet:
        """Events starting on the days ``first`` to ``last`` (either may be None), in the
        current time zone, as a range of ``starts_at`` that an index can serve
        (``starts_at__date`` would convert every row's time first)."""
        events = self
        if first:
            events = events.filter(starts_at__gte=_midnight(first))
        if last:
            events = events.filter(starts_at__lt=_midnight(last + timedelta(days=1)))
        return events

    def evening_or_weekend(self) -> EventQuerySet:
        """Events starting at 5pm or later, or on a Saturday or Sunday, in each event's own
        local time: one condition per time zone in use (national events use the site's)."""
        zones = set(Region.objects.values_list("timezone", flat=True)) | {settings.TIME_ZONE}
        events, condition = self, Q()
        for i, name in enumerate(sorted(zones)):
            tz = zoneinfo.ZoneInfo(name)
            hour, weekday = f"local_hour_{i}", f"local_weekday_{i}"
            events = events.annotate(
                **{hour: ExtractHour("starts_at", tzinfo=tz), weekday: ExtractIsoWeekDay("starts_at", tzinfo=tz)}
            )
            in_zone = Q(region__timezone=name)
            if name == settings.TIME_ZONE:
                in_zone |= Q(region__isnull=True)
            condition |= in_zone & (Q(**{f"{weekday}__gte": 6}) | Q(**{f"{hour}__gte": EVENING_STARTS_AT_HOUR}))
        return events.filter(condition)

    def with_heads_going(self) -> EventQuerySet:
        """Each event's people holding places (``going_heads``), in the same query.

        A correlated subquery rather than a join and GROUP BY: PostgreSQL works it
        out only for the rows it returns (after LIMIT, for a page), and a COUNT of
        the queryset leaves it out."""
        confirmed = RSVP.objects.filter(event=OuterRef("pk")).confirmed().order_by()
        heads = confirmed.values("event").annotate(n=Sum(heads_expression())).values("n")
        return self.annotate(going_heads=Coalesce(Subquery(heads), 0))

    def with_reply_of(self, user) -> EventQuerySet:
        """``my_response`` and ``my_waitlisted``: this person's reply to each event, if any
        (one row of the (event, user) unique index each)."""
        mine = RSVP.objects.filter(event=OuterRef("pk"), user=user).order_by()
        return self.annotate(
            my_response=Subquery(mine.values("response")[:1]),
            my_waitlisted=Subquery(mine.values("waitlisted")[:1]),
        )


class Event(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, help_text=_("Calendar UID; never changes."))
    sequence = models.PositiveIntegerField(default=0, help_text=_("Calendar SEQUENCE; goes up on every change."))
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    description = models.TextField(blank=True)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.REGION)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("Leave empty only for national events."),
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue_name = models.CharField(max_length=200)
    venue_address = models.CharField(max_length=300, blank=True)
    online_url = models.URLField(blank=True)
    step_free = models.BooleanField(_("step-free access"), default=False)
    parking = models.BooleanField(default=False)
    quiet_room = models.BooleanField(default=False)
    access_notes = models.CharField(max_length=300, blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text=_("In people, adults and children."))
    family_friendly = models.BooleanField(default=False)
    childminding = models.BooleanField(_("childminding available"), default=False)
    food = models.CharField(max_length=200, blank=True, help_text=_("e.g. Afternoon tea provided"))
    rsvp_deadline = models.DateTimeField(_("reply by"), null=True, blank=True)
    status = models.CharField(max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT)
    cancelled_reason = models.TextField(blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    invitees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="event_invitations", through="EventInvitee"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        # Every list shows upcoming events (ends_at > now): these let PostgreSQL read just
        # those, however many past events there are, and the region filter within them.
        # Status and audience are left out: nearly every event is published and regional.
        # No index leads with starts_at: with one, a page of the soonest upcoming events
        # was read by walking every past event in start order.
        indexes = [
            # Covering: the Events page counts and orders the upcoming events it may show
            # from this index alone (an index-only scan), then reads twenty rows.
            models.Index(
                fields=["ends_at"],
                include=["starts_at", "id", "status", "audience", "region"],
                name="event_upcoming_idx",
            ),
            models.Index(fields=["region", "ends_at"], name="event_region_upcoming_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"),
            # Typed dates are range-checked in the form (accounts.validators); this is the backstop.
            models.CheckConstraint(
                condition=Q(starts_at__gte=datetime(EVENT_YEARS[0], 1, 1, tzinfo=UTC))
                & Q(ends_at__lt=datetime(EVENT_YEARS[1] + 1, 1, 2, tzinfo=UTC))
                & (Q(rsvp_deadline__isnull=True) | Q(rsvp_deadline__gte=datetime(EVENT_YEARS[0], 1, 1, tzinfo=UTC))),
                name="event_dates_in_range",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1), name="event_capacity_positive"
            ),
            models.CheckConstraint(
                condition=Q(rsvp_deadline__isnull=True) | Q(rsvp_deadline__lte=F("starts_at")),
                name="event_deadline_before_start",
            ),
            models.CheckConstraint(
                condition=Q(audience=Audience.NATIONAL) | Q(region__isnull=False), name="event_regional_has_region"
            ),
            models.CheckConstraint(
                condition=~Q(status=EventStatus.CANCELLED) | (Q(cancelled_at__isnull=False) & ~Q(cancelled_reason="")),
                name="event_cancelled_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return self.region.tzinfo if self.region_id else zoneinfo.ZoneInfo(settings.TIME_ZONE)

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, self.tzinfo)

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at, self.tzinfo)

    @property
    def when_display(self) -> str:
        """e.g. "Saturday 5 December 2026, 4pm–6pm", in the region's time."""
        start, end = self.local_start, self.local_end
        if start.date() == end.date():
            return f"{dateformat.format(start, 'l j F Y')}, {clock(start)}–{clock(end)}"
        return (
            f"{dateformat.format(start, 'D j M Y')} {clock(start)} – {dateformat.format(end, 'D j M Y')} {clock(end)}"
        )

    @property
    def when_short(self) -> str:
        """For texts: "Sat 5 Dec 4pm"."""
        return f"{dateformat.format(self.local_start, 'D j M')} {clock(self.local_start)}"

    @property
    def reply_by_display(self) -> str:
        local = timezone.localtime(self.reply_by, self.tzinfo)
        return f"{dateformat.format(local, 'l j F')}, {clock(local)}"

    @property
    def reply_by(self):
        """RSVPs close at the deadline, or when the event starts."""
        return self.rsvp_deadline or self.starts_at

    @property
    def is_open_for_replies(self) -> bool:
        return self.status == EventStatus.PUBLISHED and timezone.now() < self.reply_by

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    def heads_going(self) -> int:
        return self.rsvps.confirmed().heads()

    def capacity_problem(self, capacity: int | None) -> str | None:
        """Why ``capacity`` cannot be this event's, or None: never fewer places than
        people already holding them. ``events.services.event_update`` asks again
        under the event's lock, where replies cannot slip in between."""
        if capacity is None or self.pk is None:
            return None
        going = self.heads_going()
        if capacity >= going:
            return None
        return ngettext(
            "%(going)d person is already going. The capacity cannot be less than that.",
            "%(going)d people are already going. The capacity cannot be less than that.",
            going,
        ) % {"going": going}

    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.heads_going(), 0)

    @property
    def is_evening_or_weekend(self) -> bool:
        start = self.local_start
        return start.weekday() >= 5 or start.hour >= EVENING_STARTS_AT_HOUR


class EventInvitee(models.Model):
    """A caregiver on an invited-list event's list."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitee_links")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="invitee_once_per_event")]

    def __str__(self) -> str:
        return f"{self.user} invited to {self.event}"


# The household shape of a reply: people are counted, children by age band only.
CHILD_FIELDS = ("children_0_4", "children_5_11", "children_12_17")
HEAD_FIELDS = ("adults", *CHILD_FIELDS)


def heads_expression(prefix: str = ""):
    """adults + children of every age band, as a database expression (``prefix`` for joins)."""
    return sum((F(prefix + name) for name in HEAD_FIELDS[1:]), F(prefix + HEAD_FIELDS[0]))


@dataclass(frozen=True)
class HouseholdReply:
    """Who a household's reply is for. The form, the service and the model all use
    this one definition of a household and of what makes it acceptable."""

    adults: int = 1
    children_0_4: int = 0
    children_5_11: int = 0
    children_12_17: int = 0
    childminding_for: int = 0
    dietary: str = ""
    access_needs: str = ""

    @property
    def children(self) -> int:
        return self.children_0_4 + self.children_5_11 + self.children_12_17

    @property
    def heads(self) -> int:
        return self.adults + self.children

    def as_fields(self) -> dict:
        return asdict(self)

    def problems(self, event: Event) -> list[tuple[str, str]]:
        """(field, message) for every reason this household cannot reply "going"."""
        found = []
        if self.heads < 1:
            found.append(("adults", gettext("Tell us how many people are coming: at least one adult or child.")))
        if self.childminding_for > self.children:
            message = ngettext(
                "Childminding can be for up to the %(n)d child coming.",
                "Childminding can be for up to the %(n)d children coming.",
                self.children,
            ) % {"n": self.children}
            if not self.children:
                message = gettext("Childminding is for children coming with you: add them above first.")
            found.append(("childminding_for", message))
        if self.childminding_for and not event.childminding:
            found.append(("childminding_for", gettext("This event does not have childminding.")))
        if event.capacity is not None and self.heads > event.capacity:
            room = ngettext(
                "This event has room for %(n)d person in total,",
                "This event has room for %(n)d people in total,",
                event.capacity,
            ) % {"n": event.capacity}
            reply = ngettext(
                "and your reply is for %(n)d person.", "and your reply is for %(n)d people.", self.heads
            ) % {"n": self.heads}
            found.append(("adults", f"{room} {reply}"))
        return found


class RSVPQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(response=Response.GOING, waitlisted=False)

    def waitlist(self):
        return self.filter(response=Response.GOING, waitlisted=True).order_by("waitlisted_at", "pk")

    def going_or_waitlisted(self):
        return self.filter(response=Response.GOING)

    def heads(self) -> int:
        return self.aggregate(n=Coalesce(Sum(heads_expression()), 0))["n"]

    def totals(self) -> dict:
        """Households, people by age band, childminding and needs, added up in one query."""
        sums = self.order_by().aggregate(
            households=Count("pk"),
            **{name: Coalesce(Sum(name), 0) for name in (*HEAD_FIELDS, "childminding_for")},
            dietary=Count("pk", filter=~Q(dietary="")),
            access=Count("pk", filter=~Q(access_needs="")),
        )
        sums["children"] = sum(sums[name] for name in CHILD_FIELDS)
        sums["people"] = sums["adults"] + sums["children"]
        return sums


class Response(models.TextChoices):
    GOING = "going", _("Going")
    NOT_GOING = "not_going", _("Not going")


class Attendance(models.TextChoices):
    UNKNOWN = "", _("Not checked in")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not come")


class RSVP(models.Model):
    """One household's reply. Children are counted by age band only, never named."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    # Kept without the person when their account is closed (mydata.closure): the counts
    # reports add up stay right, so the link is nullable and a deleted person leaves none.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="rsvps"
    )
    response = models.CharField(max_length=20, choices=Response.choices)
    adults = models.PositiveSmallIntegerField(default=1)
    children_0_4 = models.PositiveSmallIntegerField(_("children aged 0–4"), default=0)
    children_5_11 = models.PositiveSmallIntegerField(_("children aged 5–11"), default=0)
    children_12_17 = models.PositiveSmallIntegerField(_("children aged 12–17"), default=0)
    childminding_for = models.PositiveSmallIntegerField(_("childminding needed for"), default=0)
    dietary = models.CharField(_("dietary requirements"), max_length=300, blank=True)
    access_needs = models.CharField(max_length=300, blank=True)
    waitlisted = models.BooleanField(default=False)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(max_length=20, choices=Attendance.choices, blank=True, default=Attendance.UNKNOWN)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RSVPQuerySet.as_manager()

    class Meta:
        verbose_name = _("RSVP")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="rsvp_once_per_person_per_event"),
            models.CheckConstraint(
                condition=~Q(response=Response.GOING)
                | Q(adults__gte=1)
                | Q(children_0_4__gte=1)
                | Q(children_5_11__gte=1)
                | Q(children_12_17__gte=1),
                name="rsvp_going_has_heads",
            ),
            models.CheckConstraint(
                condition=Q(childminding_for__lte=F("children_0_4") + F("children_5_11") + F("children_12_17")),
                name="rsvp_childminding_within_children",
            ),
            models.CheckConstraint(
                condition=Q(waitlisted=False) | (Q(response=Response.GOING) & Q(waitlisted_at__isnull=False)),
                name="rsvp_waitlist_only_when_going",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.event}"

    @property
    def household(self) -> HouseholdReply:
        return HouseholdReply(**{name: getattr(self, name) for name in HouseholdReply.__dataclass_fields__})

    @property
    def children(self) -> int:
        return self.household.children

    @property
    def heads(self) -> int:
        return self.household.heads if self.response == Response.GOING else 0

    @property
    def state_label(self) -> str:
        if self.response == Response.NOT_GOING:
            return gettext("Not going")
        return gettext("On the waitlist") if self.waitlisted else gettext("Going")


class FollowUpMethod(models.TextChoices):
    CALL = "call", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("Email")


class FollowUpOutcome(models.TextChoices):
    COMING = "coming", _("Said they are coming")
    NOT_COMING = "not_coming", _("Said they are not coming")
    MAYBE = "maybe", _("Not sure yet")
    LEFT_MESSAGE = "left_message", _("Left a message")
    NO_ANSWER = "no_answer", _("No answer")
    WRONG_NUMBER = "wrong_number", _("Wrong number or address")


class FollowUp(models.Model):
    """A staff member's call, text or email to an invitee who has not answered."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="follow_ups")
    caregiver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    method = models.CharField(max_length=10, choices=FollowUpMethod.choices)
    outcome = models.CharField(max_length=20, choices=FollowUpOutcome.choices)
    note = models.CharField(max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return gettext("%(method)s to %(caregiver)s: %(outcome)s") % {
            "method": self.get_method_display(),
            "caregiver": self.caregiver,
            "outcome": self.get_outcome_display(),
        }


DEFAULT_CHECKLIST = [
    _("Room set up, with a separate child-friendly space"),
    _("Greeters arranged"),
    _("Childminders arranged"),
    _("Food ordered"),
    _("RSVP reminders sent"),
]


class ChecklistItem(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="checklist")
    label = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "label"], name="checklist_label_once_per_event"),
            models.CheckConstraint(
                condition=Q(done_at__isnull=True) | Q(done_by__isnull=False), name="checklist_done_has_who"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def done(self) -> bool:
        return self.done_at is not None


class EventReminder(models.Model):
    """A reminder to everyone going, some time before the event. Defaults come from
    settings.EVENT_REMINDERS; staff can change them in the admin."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="reminders")
    minutes_before = models.PositiveIntegerField()
    by_email = models.BooleanField(default=True)
    by_sms = models.BooleanField(default=False)
    due_at = models.DateTimeField(help_text=_("The event's start minus the offset; kept in step by events.services."))
    processed_at = models.DateTimeField(null=True, blank=True, help_text=_("When its messages were written."))

    class Meta:
        ordering = ["-minutes_before"]
        indexes = [models.Index(fields=["processed_at", "due_at"])]
        constraints = [
            models.UniqueConstraint(fields=["event", "minutes_before"], name="reminder_once_per_offset"),
            models.CheckConstraint(condition=Q(by_email=True) | Q(by_sms=True), name="reminder_has_a_channel"),
        ]

    def __str__(self) -> str:
        n = self.minutes_before
        return ngettext("%(event)s: %(n)d minute before", "%(event)s: %(n)d minutes before", n) % {
            "event": self.event,
            "n": n,
        }

    def reschedule(self) -> None:
        """Follow the event's start; a reminder moved into the future will be sent (again)."""
        self.due_at = self.event.starts_at - timedelta(minutes=self.minutes_before)
        if self.due_at > timezone.now():
            self.processed_at = None


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of a caregiver's "My events" calendar feed. Replacing the
    token revokes the old address."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)
    # When a calendar app last fetched it, to the day (events.views.calendar_feed writes it at
    # most once a day): an address nobody uses is deleted after a while (events.retention).
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return gettext("Calendar feed of %(user)s") % {"user": self.user}
