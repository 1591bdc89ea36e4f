from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Topic

from .models import MAX_CAPACITY, BuddyProfile, CheckIn, ContactType, EndReason, FitCheck


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


class EndForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why is the pairing ending?"), choices=EndReason.choices)
    feedback = forms.CharField(
        label=_("Short feedback (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your social worker will see it. Please do not include details about children."),
    )


class FeedbackForm(forms.Form):
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
