from __future__ import annotations

import zoneinfo
from datetime import datetime, time, timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import policy
from accounts.free_text import GuardedTextMixin
from accounts.lazy import LazyChoices
from accounts.models import Region
from accounts.validators import event_years

from . import access
from .models import HEAD_FIELDS, RSVP, Audience, Event, EventKind, EventStatus, FollowUp, HouseholdReply, Response

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


def _local_input(value: datetime | None, tz) -> str | None:
    return timezone.localtime(value, tz).strftime(DATETIME_INPUT) if value else None


def practice_defaults(kind: str, today=None) -> dict:
    """Suggested times and extras by kind, from the practice guidance:
    family events on a Saturday 4–6 pm; training in a weekday evening because
    many caregivers work weekdays; coffee mornings mid-week."""
    today = today or timezone.localdate()

    def next_weekday(weekday: int):  # Monday = 0
        days = (weekday - today.weekday()) % 7 or 7
        return today + timedelta(days=days + 7)  # at least a week's notice

    suggestions = {
        EventKind.FAMILY_FUN_DAY: (
            5,
            time(16),
            time(18),
            {"family_friendly": True, "childminding": True, "food": gettext("Afternoon tea")},
        ),
        EventKind.COFFEE_MORNING: (2, time(10), time(11, 30), {"food": gettext("Coffee and morning tea")}),
        EventKind.TRAINING: (1, time(18, 30), time(20, 30), {"food": gettext("Light supper")}),
        EventKind.REGIONAL_HUI: (
            5,
            time(10),
            time(14),
            {"family_friendly": True, "childminding": True, "food": gettext("Lunch")},
        ),
        EventKind.CONFERENCE: (
            5,
            time(9),
            time(16),
            {"audience": Audience.NATIONAL, "food": gettext("Morning tea and lunch")},
        ),
        EventKind.AWARENESS: (5, time(11), time(14), {"family_friendly": True, "food": gettext("Sausage sizzle")}),
    }
    if kind not in suggestions:
        return {}
    weekday, start, end, extras = suggestions[kind]
    day = next_weekday(weekday)
    return {
        "kind": kind,
        "starts_at": datetime.combine(day, start).strftime(DATETIME_INPUT),
        "ends_at": datetime.combine(day, end).strftime(DATETIME_INPUT),
        "rsvp_deadline": datetime.combine(day - timedelta(days=3), time(17)).strftime(DATETIME_INPUT),
        **extras,
    }


class LocalDateTimeField(forms.DateTimeField):
    """The form's initial values are local-time strings (see ``EventForm.__init__``),
    so compare them parsed, like the submitted value: otherwise every edit looks
    like a change of time and everyone going is told. Years outside 2000–2100 are
    refused before any time zone arithmetic (year 1 would overflow it)."""

    default_validators = [event_years]

    def has_changed(self, initial, data):
        try:
            return self.to_python(initial) != self.to_python(data)
        except forms.ValidationError:
            return True


class EventForm(forms.ModelForm):
    """Times are typed in the event region's local time and stored in UTC."""

    online_url = forms.URLField(
        label=_("Online meeting link (optional)"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "status",
            "audience",
            "region",
            "description",
            "starts_at",
            "ends_at",
            "rsvp_deadline",
            "venue_name",
            "venue_address",
            "online_url",
            "step_free",
            "parking",
            "quiet_room",
            "access_notes",
            "capacity",
            "family_friendly",
            "childminding",
            "food",
        ]
        labels = {
            "title": _("Title"),
            "kind": _("Kind"),
            "status": _("Status"),
            "audience": _("Audience"),
            "region": _("Region"),
            "description": _("Description"),
            "starts_at": _("Starts"),
            "ends_at": _("Ends"),
            "rsvp_deadline": _("Reply by"),
            "venue_name": _("Venue"),
            "venue_address": _("Venue address"),
            "online_url": _("Online meeting link (optional)"),
            "step_free": _("Step-free access"),
            "parking": _("Parking"),
            "quiet_room": _("Quiet room"),
            "access_notes": _("Access notes"),
            "capacity": _("Capacity (people, adults and children)"),
            "family_friendly": _("Family friendly"),
            "childminding": _("Childminding available"),
            "food": _("Food"),
        }
        help_texts = {
            "starts_at": _("Local time in the event's region."),
            "rsvp_deadline": _("Optional. Replies close when the event starts if this is empty."),
            "status": _("Caregivers see the event once it is published."),
            "capacity": _("Leave empty for no limit."),
        }
        field_classes = dict.fromkeys(("starts_at", "ends_at", "rsvp_deadline"), LocalDateTimeField)
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
            "rsvp_deadline": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["region"].queryset = policy.regions_for(user)
        self.fields["region"].required = False
        self.fields["status"].choices = [
            c
            for c in EventStatus.choices
            if c[0] != EventStatus.CANCELLED or self.instance.status == EventStatus.CANCELLED
        ]
        self.fields["audience"].choices = access.audiences_for(user)
        if self.instance.audience == Audience.GROUP:
            # A group's meeting stays the group's: its invitees are the members.
            self.fields["audience"].choices = [(Audience.GROUP, Audience.GROUP.label)]
        if self.instance.pk:
            tz = self.instance.tzinfo
            for name in ("starts_at", "ends_at", "rsvp_deadline"):
                self.initial[name] = _local_input(getattr(self.instance, name), tz)

    def clean(self):
        cleaned = super().clean()
        region = cleaned.get("region")
        audience = cleaned.get("audience")
        if audience and audience != Audience.NATIONAL and not region:
            self.add_error("region", gettext("Choose the region this event is for."))
        # Django read the times in the site's time zone; re-read them in the event's
        # (a national event keeps the site's: it belongs to no one region).
        national = audience == Audience.NATIONAL
        tz = region.tzinfo if region and not national else zoneinfo.ZoneInfo(settings.TIME_ZONE)
        current = timezone.get_current_timezone()
        for name in ("starts_at", "ends_at", "rsvp_deadline"):
            value = cleaned.get(name)
            if value:
                cleaned[name] = timezone.make_aware(timezone.make_naive(value, current), tz)
        starts, ends, deadline = cleaned.get("starts_at"), cleaned.get("ends_at"), cleaned.get("rsvp_deadline")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", gettext("The end must be after the start."))
        if starts and deadline and deadline > starts:
            self.add_error("rsvp_deadline", gettext("The reply-by date must be before the event starts."))
        if starts and not self.instance.pk and starts < timezone.now():
            self.add_error("starts_at", gettext("This time has already passed. Choose a time in the future."))
        capacity = cleaned.get("capacity")
        problem = self.instance.capacity_problem(capacity)
        if problem:
            self.add_error("capacity", problem)
        if capacity == 0:
            self.add_error("capacity", gettext("Capacity must be at least 1, or empty for no limit."))
        return cleaned


class EventFilterForm(forms.Form):
    region = forms.TypedChoiceField(label=_("Region"), coerce=int, empty_value=None, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *EventKind.choices], required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, validators=[event_years], widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, validators=[event_years], widget=forms.DateInput(attrs={"type": "date"})
    )
    family_friendly = forms.BooleanField(label=_("Family-friendly only"), required=False)
    evening_weekend = forms.BooleanField(label=_("Evenings and weekends only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Region names are not secret; visibility is applied to the events themselves.
        # Read once, on first use (not when the page comes from the page cache): the
        # unfiltered form's cached HTML is keyed on its choices ({% cached_crispy %}).
        self.fields["region"].choices = LazyChoices(
            lambda: [("", _("All regions")), *Region.objects.order_by("name", "pk").values_list("pk", "name")]
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_to"] < cleaned["date_from"]:
            self.add_error("date_to", gettext("The “to” date must be on or after the “from” date."))
        return cleaned


HEAD_ERRORS = {
    "required": _("Enter a number (0 if none)."),
    "min_value": _("Enter 0 or more."),
    "max_value": _("Enter %(limit_value)s or fewer. For a bigger group, contact the organiser."),
    "invalid": _("Enter a whole number, like 2."),
}


def head_count(label, help_text="") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,  # empty counts as 0
        min_value=0,
        max_value=30,
        initial=0,
        help_text=help_text,
        error_messages=HEAD_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class RSVPForm(GuardedTextMixin, forms.ModelForm):
    guarded_fields = ("dietary", "access_needs")  # organisers and caterers read them
    going = forms.TypedChoiceField(
        label=_("Are you coming?"),
        choices=[("yes", _("Yes, we're coming")), ("no", _("No, we can't come"))],
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
    )
    adults = head_count(_("Adults"))
    children_0_4 = head_count(_("Children aged 0–4"), _("Numbers only: we never ask for children's names."))
    children_5_11 = head_count(_("Children aged 5–11"))
    children_12_17 = head_count(_("Children aged 12–17"))
    childminding_for = head_count(_("How many of the children need childminding?"))

    field_order = ["going"]  # the question comes before the head counts it decides on

    class Meta:
        model = RSVP
        fields = [
            "adults",
            "children_0_4",
            "children_5_11",
            "children_12_17",
            "childminding_for",
            "dietary",
            "access_needs",
        ]
        labels = {"dietary": _("Dietary requirements (optional)"), "access_needs": _("Access needs (optional)")}
        help_texts = {
            "dietary": _(
                "For example vegetarian, halal, nut allergy. Please do not name children or give "
                "medical details: the organisers and caterers see this."
            ),
            "access_needs": _(
                "For example step-free access, a quiet space. Please do not name children or give medical details."
            ),
        }

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        if not event.childminding:
            del self.fields["childminding_for"]
        if self.instance.pk:
            self.initial["going"] = "no" if self.instance.response == Response.NOT_GOING else "yes"
        else:
            self.initial.update(going="yes", adults=1)

    def clean(self):
        cleaned = super().clean()
        for name in (*HEAD_FIELDS, "childminding_for"):
            if name in self.fields and name not in self.errors:
                cleaned[name] = cleaned.get(name) or 0
        if not cleaned.get("going") or any(name in self.errors for name in HEAD_FIELDS):
            return cleaned
        # The same checks the service makes under the event lock, shown next to the field.
        for field, message in self.household().problems(self.event):
            self.add_error(field if field in self.fields else None, message)
        return cleaned

    @staticmethod
    def data_for(rsvp: RSVP) -> dict:
        """What the form would submit for a saved reply: to show the reply that is kept."""
        return {
            "going": "no" if rsvp.response == Response.NOT_GOING else "yes",
            **{name: getattr(rsvp, name) for name in (*HEAD_FIELDS, "childminding_for", "dietary", "access_needs")},
        }

    def household(self) -> HouseholdReply:
        data = self.cleaned_data
        return HouseholdReply(
            **{name: data.get(name) or 0 for name in (*HEAD_FIELDS, "childminding_for")},
            dietary=data.get("dietary", ""),
            access_needs=data.get("access_needs", ""),
        )


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        help_text=_("Everyone going or on the waitlist is told, with this reason."),
    )


class FollowUpForm(GuardedTextMixin, forms.ModelForm):
    guarded_fields = ("note",)

    class Meta:
        model = FollowUp
        fields = ["method", "outcome", "note"]
        labels = {"method": _("How"), "outcome": _("Outcome"), "note": _("Note (optional)")}


class AddInviteesForm(forms.Form):
    caregivers = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label=_("Add caregivers to the invitation list")
    )

    def __init__(self, *args, event: Event, user, **kwargs):
        super().__init__(*args, **kwargs)
        profiles = policy.caregivers_visible_to(user)
        if event.region_id:
            profiles = profiles.filter(region_id=event.region_id)
        already = event.invitee_links.values("user_id")
        self.fields["caregivers"].queryset = (
            profiles.exclude(user_id__in=already).select_related("user").order_by("user__first_name", "user__last_name")
        )
        self.fields["caregivers"].label_from_instance = lambda p: f"{p.user.display_name} ({p.locality or p.region})"
