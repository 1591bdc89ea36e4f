from __future__ import annotations

import phonenumbers
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .free_text import GuardedTextMixin
from .lazy import LazyChoices
from .models import STAFF_ROLES, CaregiverProfile, Country, User
from .validators import event_years, past_career_date

# What a national number looks like in each country, for the message and the field's help.
PHONE_EXAMPLES = {
    Country.NEW_ZEALAND: ("021 123 4567", "+64 21 123 4567"),
    Country.UNITED_KINGDOM: ("07911 123456", "+44 7911 123456"),
}


def normalise_phone(raw: str, country: str = Country.NEW_ZEALAND) -> str:
    """Return the number in E.164 (+6421…), or raise ValidationError with a plain message.
    A national number is read by the conventions of ``country`` (the caregiver's region's)."""
    raw = raw.strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, country)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        national, international = PHONE_EXAMPLES.get(country, PHONE_EXAMPLES[Country.NEW_ZEALAND])
        raise forms.ValidationError(
            gettext("Enter a phone number we can text or call, for example %(national)s or %(international)s.")
            % {"national": national, "international": international}
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
        # Phone numbers follow the conventions of the caregiver's region's country.
        self.country = self.instance.region.country if self.instance.region_id else Country.NEW_ZEALAND
        national, _international = PHONE_EXAMPLES.get(self.country, PHONE_EXAMPLES[Country.NEW_ZEALAND])
        self.fields["phone"].help_text = gettext("For example %(national)s.") % {"national": national}
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
        return normalise_phone(self.cleaned_data.get("phone", ""), self.country)

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


class ReadReasonForm(GuardedTextMixin, forms.Form):
    """Why a staff member takes a list of people's details out of the portal (a CSV export).
    Kept with the record of the read (accounts.StaffRead.reason), which managers review: the
    privacy guard keeps anything that could identify a child out of it. Pass ``author=``."""

    guarded_fields = ("reason",)

    reason = forms.CharField(
        label=_("Why do you need this list?"),
        max_length=200,
        help_text=_(
            "A few words, kept with the record of who downloaded it, e.g. “Name badges and catering numbers”. "
            "Do not name children."
        ),
        error_messages={"required": _("Say why you need the list, in a few words.")},
    )


class StaffReadFilterForm(forms.Form):
    """Managers' review of staff reads: one staff member, a period (days, in local time)."""

    reader = forms.TypedChoiceField(label=_("Staff member"), required=False, coerce=int, empty_value=None)
    start = forms.DateField(
        label=_("From"), required=False, validators=[event_years], widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, validators=[event_years], widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read once, and only when drawn or checked (accounts.lazy.LazyChoices).
        self.fields["reader"].choices = LazyChoices(
            lambda: [("", _("Everyone")), *((u.pk, u.display_name) for u in User.objects.filter(role__in=STAFF_ROLES))]
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period must be on or after its start."))
        return data
