from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import policy
from accounts.free_text import GuardedTextMixin
from accounts.lazy import LazyChoices
from accounts.models import Region

from .models import Group, GroupKind, HubRequest, MeetingRoleKind, Theme

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


class GroupFilterForm(forms.Form):
    region = forms.TypedChoiceField(label=_("Region"), coerce=int, empty_value=None, required=False)
    kind = forms.ChoiceField(choices=[("", _("All kinds")), *GroupKind.choices], required=False, label=_("Kind"))
    theme = forms.ChoiceField(choices=[("", _("Any theme")), *Theme.choices[1:]], required=False, label=_("Theme"))
    suits_me = forms.BooleanField(
        required=False,
        label=_("Only groups meeting at times that suit me"),
        help_text=_("Uses the availability in your profile."),
    )

    def __init__(self, *args, caregiver: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # A plain list, read once: the unfiltered form's HTML is cached under its choices
        # ({% cached_crispy %}), which a queryset's choices would not allow.
        # Read on first use (accounts.lazy): a page-cache hit draws no form.
        self.fields["region"].choices = LazyChoices(
            lambda: [("", _("All regions")), *Region.objects.order_by("name", "pk").values_list("pk", "name")]
        )
        if not caregiver:
            del self.fields["suits_me"]  # staff have no availability of their own


class JoinRequestForm(GuardedTextMixin, forms.Form):
    guarded_fields = ("message",)  # the facilitators read it

    message = forms.CharField(
        label=_("A short message to the facilitators (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example, how long you have been caring, or what you hope to get from the group."),
    )


class AgreementAcceptForm(forms.Form):
    number = forms.IntegerField(widget=forms.HiddenInput)
    accept = forms.BooleanField(
        label=_("I have read the group agreement and I accept it"),
        error_messages={"required": _("Tick the box to accept the agreement.")},
    )


class AgreementEditForm(forms.Form):
    number = forms.IntegerField(
        label=_("Version number"), min_value=1, help_text=_("The next number after the current version.")
    )
    text = forms.CharField(label=_("Agreement"), widget=forms.Textarea(attrs={"rows": 12}), max_length=5000)


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = [
            "name",
            "kind",
            "theme",
            "region",
            "area",
            "rural",
            "description",
            "meeting_place",
            "frequency",
            "weekday",
            "meets_at",
            "duration_minutes",
            "joining_policy",
            "capacity",
            "hub_contact",
        ]
        widgets = {
            "meets_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A group stays in its region: its members and meetings are there.
            del self.fields["region"]
        else:
            self.fields["region"].queryset = policy.regions_for(user)

    def clean_duration_minutes(self):
        value = self.cleaned_data["duration_minutes"]
        if value < 15 or value > 24 * 60:
            raise forms.ValidationError(gettext("A meeting lasts between 15 minutes and a day."))
        return value

    def clean_capacity(self):
        value = self.cleaned_data["capacity"]
        if value < 1:
            raise forms.ValidationError(gettext("A group takes at least one member."))
        return value


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT)
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT)
    )
    venue_name = forms.CharField(
        label=_("Where"), max_length=200, help_text=_("e.g. Aroha's place, or Café Kōwhai. Only members see it.")
    )
    venue_address = forms.CharField(
        label=_("Address"), max_length=300, required=False, help_text=_("Only members of the group see the address.")
    )
    online_url = forms.URLField(label=_("Online meeting link"), required=False, assume_scheme="https")
    repeat = forms.IntegerField(
        label=_("How many meetings"),
        min_value=1,
        max_value=12,
        initial=1,
        help_text=_(
            "1 for a one-off meeting. More makes a series on the group's usual day, time and frequency, "
            "starting from the day above."
        ),
    )

    def __init__(self, *args, group: Group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group

    def clean(self):
        cleaned = super().clean()
        # The browser sends local times: read them in the group's region's time zone.
        tz = self.group.region.tzinfo
        current = timezone.get_current_timezone()
        for name in ("starts_at", "ends_at"):
            value = cleaned.get(name)
            if isinstance(value, datetime):
                cleaned[name] = timezone.make_aware(timezone.make_naive(value, current), tz)
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and starts <= timezone.now():
            self.add_error("starts_at", gettext("This time has already passed. Choose a time in the future."))
        if starts and ends and ends <= starts:
            self.add_error("ends_at", gettext("The end must be after the start."))
        return cleaned


class MeetingEditForm(MeetingForm):
    """Changing one meeting: the scheduling form and its checks, without the series."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["repeat"]


class MeetingRolesForm(forms.Form):
    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Nobody yet"))] + [(str(m.user_id), m.display_name) for m in members]
        for role, label in MeetingRoleKind.choices:
            self.fields[role] = forms.TypedChoiceField(
                label=label, choices=choices, required=False, coerce=int, empty_value=None
            )


class AttendanceForm(forms.Form):
    attended = forms.TypedMultipleChoiceField(
        label=_("Who came"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(m.user_id, m.display_name) for m in members]


class HandOverForm(forms.Form):
    to = forms.TypedChoiceField(label=_("New facilitator"), coerce=int)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(m.pk, m.display_name) for m in members]


class HubRequestForm(GuardedTextMixin, forms.ModelForm):
    guarded_fields = ("message",)  # the hub home carer reads it

    class Meta:
        model = HubRequest
        fields = ["kind", "starts_on", "ends_on", "message"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "message": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"message": _("Keep it general: no children's names or details.")}

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and starts < timezone.localdate():
            self.add_error("starts_on", gettext("This day has already passed. Choose a day from today on."))
        if starts and ends and ends < starts:
            self.add_error("ends_on", gettext("The last day must be on or after the first day."))
        return cleaned


class HubAnswerForm(GuardedTextMixin, forms.Form):
    guarded_fields = ("answer",)  # the satellite household reads it

    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("agree", _("Yes, I can help")), ("decline", _("Not this time"))],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(label=_("A short note (optional)"), max_length=500, required=False)


class MeetingCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        help_text=_("Everyone going is told, with this reason."),
    )
