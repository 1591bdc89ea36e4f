"""The answer form (built from the survey's questions) and the reports' filter form."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Region
from accounts.validators import EVENT_YEARS

from .bank import SCALE_LABELS


class AnswerForm(forms.Form):
    share_name = forms.BooleanField(
        label=_("Share my name with staff with these answers"),
        required=False,
        help_text=_("If you leave this unticked, staff see your answers only as part of totals."),
    )

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        fields = {}
        for question in survey.questions:
            if question.is_text:
                fields[question.code] = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=1000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    help_text=_("Optional. Please leave out names and details about children."),
                )
            else:
                choices = [(str(i), f"{i} – {label}") for i, label in enumerate(SCALE_LABELS[question.scale], 1)]
                fields[question.code] = forms.TypedChoiceField(
                    label=question.text,
                    choices=choices,
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Choose one answer.")},
                )
        self.fields = {**fields, "share_name": self.fields["share_name"]}


def _first_of_year_ago(today: date) -> date:
    return today - timedelta(days=365)


class ReportFilterForm(forms.Form):
    """Period (defaults: the last 12 months) and region (defaults: all of the person's regions)."""

    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("All my regions"),
        to_field_name="slug",
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        data["end"] = data.get("end") or today
        data["start"] = data.get("start") or _first_of_year_ago(data["end"])
        for name in ("start", "end"):
            if not EVENT_YEARS[0] - 5 <= data[name].year <= EVENT_YEARS[1]:
                self.add_error(
                    name,
                    _("Enter a date between %(first)d and %(last)d.")
                    % {"first": EVENT_YEARS[0] - 5, "last": EVENT_YEARS[1]},
                )
        if not self.errors and data["start"] > data["end"]:
            self.add_error("end", _("The end of the period must be on or after its start."))
        return data
