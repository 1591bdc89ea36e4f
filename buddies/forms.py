from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.free_text import GuardedTextMixin
from accounts.models import Topic, User

from .matching import CRITERIA
from .models import MAX_CAPACITY, BuddyProfile, CheckIn, ContactType, EndReason, Enquiry, FitCheck, MatchWeights


class BuddySettingsForm(forms.ModelForm):
    class Meta:
        model = BuddyProfile
        fields = ["willing", "capacity", "paused", "prefers_shared_culture"]
        widgets = {"capacity": forms.Select(choices=[(n, n) for n in range(1, MAX_CAPACITY + 1)])}
        help_texts = {
            "willing": _(
                "Buddies have been caring for at least 18 months and talk with a newly approved caregiver "
                "for about six months: weekly at first, then at least twice a month."
            ),
            "capacity": _("At most three."),
        }


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])


class ChooseForm(forms.Form):
    buddy = forms.IntegerField()


class CheckInForm(forms.ModelForm):
    class Meta:
        model = CheckIn
        fields = ["contact_type", "happened_on", "topic"]
        widgets = {
            "contact_type": forms.RadioSelect,
            "happened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"topic": _("Only the area you talked about. Please do not record details about children.")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"happened_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["contact_type"].choices = ContactType.choices
        self.fields["topic"].queryset = Topic.objects.order_by("name")
        self.fields["topic"].empty_label = gettext("No particular topic")

    def clean_happened_on(self):
        day = self.cleaned_data["happened_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(gettext("The date cannot be in the future."))
        return day


class FitCheckForm(forms.Form):
    fit = forms.ChoiceField(label=_("How is it going?"), choices=FitCheck.choices, widget=forms.RadioSelect)
    tell_social_worker = forms.BooleanField(label=_("Tell my social worker (your buddy is not told)"), required=False)


class EndForm(GuardedTextMixin, forms.Form):
    guarded_fields = ("feedback",)  # the social worker reads it

    reason = forms.ChoiceField(label=_("Why is the pairing ending?"), choices=EndReason.choices)
    feedback = forms.CharField(
        label=_("Short feedback (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your social worker will see it. Please do not include details about children."),
    )


class FeedbackForm(GuardedTextMixin, forms.Form):
    guarded_fields = ("feedback",)  # the social worker reads it

    feedback = forms.CharField(
        label=_("How did the buddy pairing go?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your social worker will see it. Please do not include details about children."),
    )


class AssignForm(forms.Form):
    buddy = forms.TypedChoiceField(label=_("Buddy"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, suggestions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buddy"].choices = [
            (s.candidate.user_id, f"{s.candidate.first_name} ({s.candidate.locality}): {s.reason_text}")
            for s in suggestions
        ]


class BatchRegionForm(forms.Form):
    region = forms.ModelChoiceField(queryset=None, label=_("Region"), empty_label=None)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class BatchForm(forms.Form):
    """One choice per new caregiver: the proposed buddy (initially), another of their best
    fits, or nobody for now. Refuses more choices of one buddy than they have room for."""

    DROP = ""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows  # (seeker, proposal, options): options are Suggestions, best first
        self.spare = {}
        for seeker, proposal, options in rows:
            name = f"buddy_{seeker.user_id}"
            choices = [
                (str(s.candidate.user_id), f"{s.candidate.first_name} ({s.candidate.locality})") for s in options
            ]
            choices.append((self.DROP, gettext("No buddy for now")))
            self.fields[name] = forms.ChoiceField(
                label=gettext("Buddy for %(name)s") % {"name": seeker.first_name}, choices=choices, required=False
            )
            self.initial[name] = str(proposal.suggestion.candidate.user_id) if proposal.suggestion else self.DROP
            for s in options:
                self.spare[s.candidate.user_id] = s.candidate.spare

    def clean(self):
        data = super().clean()
        chosen: dict[int, list[str]] = {}
        for name, value in data.items():
            if value:
                chosen.setdefault(int(value), []).append(name)
        for buddy_id, names in chosen.items():
            if len(names) > self.spare.get(buddy_id, 0):
                for name in names[self.spare.get(buddy_id, 0) :]:
                    self.add_error(
                        name,
                        ngettext(
                            "This buddy has room for %(n)d new caregiver: choose someone else or nobody.",
                            "This buddy has room for %(n)d new caregivers: choose someone else or nobody.",
                            self.spare.get(buddy_id, 0),
                        )
                        % {"n": self.spare.get(buddy_id, 0)},
                    )
        return data

    def pairs(self):
        """(seeker, Suggestion) for every row with a buddy chosen."""
        for seeker, _proposal, options in self.rows:
            value = self.cleaned_data.get(f"buddy_{seeker.user_id}")
            if value:
                yield seeker, next(s for s in options if str(s.candidate.user_id) == value)


class EnquiryForm(forms.ModelForm):
    class Meta:
        model = Enquiry
        fields = ["first_name", "region", "household", "cultural_background", "how_heard"]

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["region"].empty_label = None


class EnquiryOutcomeForm(forms.ModelForm):
    class Meta:
        model = Enquiry
        fields = ["ambassador", "outcome", "outcome_note"]
        labels = {"ambassador": _("Ambassador they talked with"), "outcome": _("Outcome")}

    def __init__(self, *args, ambassadors, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["ambassador"]
        field.queryset = User.objects.filter(
            pk__in=[s.candidate.user_id for s in ambassadors] + [self.instance.ambassador_id or 0]
        )
        field.label_from_instance = lambda user: user.display_name
        field.empty_label = gettext("Nobody yet")


class WeightsForm(forms.ModelForm):
    class Meta:
        model = MatchWeights
        fields = list(CRITERIA)  # one weight per criterion of the engine
        labels = {
            "place": _("Same area (locality, then region)"),
            "availability": _("Free at the same times"),
            "caregiver_type": _("Same caregiver type (kinship with kinship)"),
            "topics": _("Shared topics"),
            "household": _("Same household (single with single)"),
            "language": _("A shared language"),
            "culture": _("Shared cultural background, when asked for"),
            "experience": _("Buddy's years caring"),
            "spare_capacity": _("Buddy's room for more"),
        }
        widgets = {name: forms.NumberInput(attrs={"step": "0.5", "min": "0"}) for name in labels}


class AmbassadorForm(forms.ModelForm):
    class Meta:
        model = BuddyProfile
        fields = ["ambassador", "willing", "capacity", "paused"]
        widgets = {"capacity": forms.Select(choices=[(n, n) for n in range(1, MAX_CAPACITY + 1)])}
