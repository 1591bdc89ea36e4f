from __future__ import annotations

import phonenumbers
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import CaregiverProfile
from .validators import past_career_date

DEFAULT_PHONE_REGION = "NZ"


def normalise_phone(raw: str) -> str:
    """Return the number in E.164 (+6421…), or raise ValidationError with a plain message."""
    raw = raw.strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise forms.ValidationError(
            gettext("Enter a phone number we can text or call, for example 021 123 4567 or +64 21 123 4567.")
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_landline(e164: str) -> bool:
    number_type = phonenumbers.number_type(phonenumbers.parse(e164))
    return number_type == phonenumbers.PhoneNumberType.FIXED_LINE


class CaregiverProfileForm(forms.ModelForm):
    """A caregiver's own details. Region, status and social worker are set by staff."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    sms_consent = forms.BooleanField(
        required=False,
        label=_("I agree to receive text messages about events and groups"),
        help_text=_("You can stop them at any time by replying STOP."),
    )

    class Meta:
        model = CaregiverProfile
        fields = [
            "locality",
            "caregiver_type",
            "household",
            "started_caring_on",
            "languages",
            "cultural_identity",
            "topics",
            "available_weekday_daytime",
            "available_weekday_evening",
            "available_weekend",
            "contact_by_email",
            "contact_by_sms",
            "phone",
        ]
        labels = {
            "locality": _("Locality"),
            "caregiver_type": _("Caregiver type"),
            "household": _("Household"),
            "started_caring_on": _("When did you start caring?"),
            "languages": _("Languages"),
            "available_weekday_daytime": _("Weekday daytime"),
            "available_weekday_evening": _("Weekday evenings"),
            "available_weekend": _("Weekends"),
            "contact_by_email": _("Email"),
            "contact_by_sms": _("Text message (SMS)"),
            "phone": _("Mobile phone number"),
            "topics": _("Topics you are interested in"),
        }
        help_texts = {
            "started_caring_on": _("An approximate date is fine."),
            "phone": _("For example 021 123 4567."),
        }
        widgets = {
            "started_caring_on": forms.DateInput(attrs={"type": "date"}),
            "languages": forms.CheckboxSelectMultiple,
            "topics": forms.CheckboxSelectMultiple,
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.instance.user
        self.fields["first_name"].initial = user.first_name
        self.fields["last_name"].initial = user.last_name
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["sms_consent"].initial = self.instance.sms_consent_at is not None
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(gettext("Your name"), "first_name", "last_name"),
            Fieldset(
                gettext("About your caregiving"),
                "locality",
                "caregiver_type",
                "household",
                "started_caring_on",
                "languages",
                "cultural_identity",
                "topics",
            ),
            Fieldset(
                gettext("When you can usually meet"),
                HTML(f'<p class="form-text">{escape(gettext("Tick all that apply."))}</p>'),
                "available_weekday_daytime",
                "available_weekday_evening",
                "available_weekend",
            ),
            Fieldset(gettext("How we contact you"), "contact_by_email", "contact_by_sms", "phone", "sms_consent"),
        )

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data.get("phone", ""))

    def clean_started_caring_on(self):
        return past_career_date(
            self.cleaned_data.get("started_caring_on"),
            today=timezone.localdate(),
            future_message=gettext("This date is in the future. Enter when you started caring."),
        )

    def clean(self):
        cleaned = super().clean()
        by_email = cleaned.get("contact_by_email")
        by_sms = cleaned.get("contact_by_sms")
        phone = cleaned.get("phone")
        if not by_email and not by_sms:
            self.add_error("contact_by_email", gettext("Choose at least one way for us to contact you."))
        if by_sms:
            if "phone" in cleaned and not phone:
                self.add_error("phone", gettext("Add your mobile number to get text messages."))
            elif phone and is_landline(phone):
                self.add_error("phone", gettext("This looks like a landline. Text messages need a mobile number."))
            if not cleaned.get("sms_consent"):
                self.add_error(
                    "sms_consent", gettext("Tick this box to agree to text messages, or untick “Text message”.")
                )
        return cleaned

    def save(self, commit: bool = True) -> CaregiverProfile:
        profile = super().save(commit=False)
        user = profile.user
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        if self.cleaned_data.get("sms_consent"):
            if profile.sms_consent_at is None:
                profile.sms_consent_at = timezone.now()
        else:
            profile.sms_consent_at = None
        if commit:
            user.save(update_fields=["first_name", "last_name"])
            profile.save()
            self.save_m2m()
        return profile
