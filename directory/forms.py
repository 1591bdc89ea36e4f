from __future__ import annotations

import re

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import policy
from accounts.lazy import LazyChoices
from accounts.models import Region, Topic

from . import access
from .models import EARLIEST_DATE, CareMapEntry, CareMapKind, Listing, ListingAudience, ListingKind, Ring

MINE, EVERYWHERE, NATIONAL = "", "all", "national"


class DirectoryFilterForm(forms.Form):
    """Search and filters. Region: by default the person's own region(s) and national
    listings; or one region (with national listings), national only, or everywhere."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    region = forms.ChoiceField(label=_("Region"), required=False)
    topic = forms.TypedChoiceField(label=_("Topic"), coerce=int, empty_value=None, required=False)
    # A listing for all caregivers is shown whichever audience is asked for.
    audience = forms.ChoiceField(
        label=_("For"),
        required=False,
        choices=[("", _("Everyone")), (ListingAudience.FOSTER.value, ListingAudience.FOSTER.label),
                 (ListingAudience.KINSHIP.value, ListingAudience.KINSHIP.label)],
    )  # fmt: skip
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *ListingKind.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read on first use only: a page from the page cache needs neither list.
        self.fields["region"].choices = LazyChoices(
            lambda: [
                (MINE, _("My region and national")),
                (EVERYWHERE, _("All regions")),
                (NATIONAL, _("National only")),
                *((str(pk), name) for pk, name in Region.objects.order_by("name", "pk").values_list("pk", "name")),
            ]
        )
        self.fields["topic"].choices = LazyChoices(
            lambda: [("", _("All topics")), *Topic.objects.order_by("name", "pk").values_list("pk", "name")]
        )

    def filtered(self, listings, user):
        """``listings`` narrowed by what was asked; a field with an error (shown beside it)
        falls back to its default, the others still apply."""
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        region = data.get("region") or MINE
        if region == MINE:
            listings = listings.in_regions(policy.regions_for(user).order_by().values_list("pk", flat=True))
        elif region == NATIONAL:
            listings = listings.filter(region__isnull=True)
        elif region != EVERYWHERE:
            listings = listings.in_regions([int(region)])
        if data.get("topic"):
            listings = listings.filter(topics=data["topic"])
        if data.get("audience"):
            listings = listings.filter(audience__in=[data["audience"], ListingAudience.ALL])
        if data.get("kind"):
            listings = listings.filter(kind=data["kind"])
        return listings.search(data.get("q", "")), data.get("q", "")


def check_date(value, *, future_message: str):
    if value < EARLIEST_DATE:
        raise forms.ValidationError(gettext("Enter a date in 2000 or later."))
    if value > timezone.localdate():
        raise forms.ValidationError(future_message)
    return value


def _formfield(field, **kwargs):
    # A website typed without a scheme ("example.org.nz") is taken as https.
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class ListingForm(forms.ModelForm):
    class Meta:
        model = Listing
        formfield_callback = _formfield
        fields = [
            "kind", "name", "summary", "region", "topics", "audience", "how_to_contact", "phone", "email",
            "website", "cost", "how_to_join", "opening_hours", "last_checked",
        ]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "how_to_contact": forms.Textarea(attrs={"rows": 3}),
            "how_to_join": forms.Textarea(attrs={"rows": 3}),
            "topics": forms.CheckboxSelectMultiple,
            "last_checked": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "website": {"invalid": _("Enter a full web address, like https://example.org.nz.")},
            "email": {"invalid": _("Enter an email address, like name@example.org.nz.")},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.curates_national = access.curates_national(user)
        self.fields["region"].queryset = (
            Region.objects.all() if self.curates_national else policy.regions_for(user).order_by("name")
        )
        self.fields["region"].required = not self.curates_national
        self.fields["region"].empty_label = _("National (all regions)") if self.curates_national else None
        self.fields["topics"].queryset = Topic.objects.order_by("name")

    def clean_phone(self):
        phone = " ".join(self.cleaned_data["phone"].split())
        if phone and not any(c.isdigit() for c in phone):
            raise forms.ValidationError(gettext("Enter a phone number, like 0800 000 123 or +64 4 000 0000."))
        return phone

    def clean_last_checked(self):
        future = gettext("The date it was checked cannot be in the future.")
        return check_date(self.cleaned_data["last_checked"], future_message=future)

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("how_to_contact", "phone", "email", "website")):
            self.add_error(
                "how_to_contact", gettext("Say how people get in touch: a phone number, email, website or a note here.")
            )
        return cleaned


class SendListingForm(forms.Form):
    caregiver = forms.TypedChoiceField(label=_("Caregiver"), coerce=int, empty_value=None)

    def __init__(self, *args, caseload, **kwargs):
        super().__init__(*args, **kwargs)
        self.caseload = {profile.user_id: profile for profile in caseload}
        self.fields["caregiver"].choices = [("", _("Choose a caregiver")), *(
            (profile.user_id, profile.user.display_name) for profile in self.caseload.values()
        )]  # fmt: skip
        self.fields["caregiver"].error_messages["required"] = _("Choose a caregiver on your caseload.")
        self.fields["caregiver"].error_messages["invalid_choice"] = _("Choose a caregiver on your caseload.")

    def chosen(self):
        return self.caseload[self.cleaned_data["caregiver"]].user


class TrainingCompletionForm(forms.Form):
    listing = forms.ModelChoiceField(
        label=_("Course"),
        queryset=Listing.objects.none(),
        empty_label=_("Choose a course"),
        error_messages={
            "required": _("Choose the course you completed."),
            "invalid_choice": _("Choose a course from the list."),
        },
    )
    completed_on = forms.DateField(
        label=_("Date completed"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Enter the date you completed it."),
            "invalid": _("Enter a date, like 14/3/2026."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        regions = policy.regions_for(user).order_by().values_list("pk", flat=True)
        self.fields["listing"].queryset = (
            Listing.objects.current().filter(kind=ListingKind.COURSE).in_regions(regions).order_by("name", "pk")
        )

    def clean_completed_on(self):
        return check_date(
            self.cleaned_data["completed_on"], future_message=gettext("The date cannot be in the future.")
        )


# A care map holds first names and roles, never contact details: an email address, or six
# digits in a row however spaced (a phone number, a case or NHI-like number).
CONTACT_DETAILS = re.compile(r"@|(?:\d[\s().+-]*){6,}")


def looks_like_contact_details(text: str) -> bool:
    return bool(CONTACT_DETAILS.search(text))


class CareMapEntryForm(forms.ModelForm):
    """An entry of the caregiver's own care map. Radios and selects only, so it works
    with the keyboard alone; the links offer what this caregiver can see."""

    group = forms.TypedChoiceField(label=_("Peer group (optional)"), coerce=int, empty_value=None, required=False)

    class Meta:
        model = CareMapEntry
        fields = ["kind", "label", "ring", "note", "listing"]
        widgets = {"kind": forms.RadioSelect, "ring": forms.RadioSelect}
        labels = {"listing": _("Directory listing (optional)")}
        help_texts = {
            "label": _("A first name or a role only, like “Mere” or “Our GP”. No surnames."),
            "ring": _("Close: people you would call at 2am. Regular: people you see or talk to most weeks. "
                      "Occasional: people and services you turn to now and then."),
            "note": _("Optional. What they help with, like “school pick-ups”. "
                      "Please leave out details about children."),
            "listing": _("For an organisation or professional in the support directory."),
        }  # fmt: skip
        error_messages = {
            "kind": {"required": _("Choose who or what this is.")},
            "label": {"required": _("Enter a first name or a role.")},
            "ring": {"required": _("Choose how close they are.")},
            "listing": {"invalid_choice": _("Choose a listing from the list.")},
        }

    def __init__(self, *args, user, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(CareMapKind.choices)
        self.fields["ring"].choices = list(Ring.choices)
        self.fields["label"].error_messages["max_length"] = gettext(
            "Keep it short: a first name or a role, up to %(limit_value)d characters."
        )
        self.fields["note"].error_messages["max_length"] = gettext("Keep the note to %(limit_value)d characters.")
        regions = policy.regions_for(user).order_by().values_list("pk", flat=True)
        listings = (
            Listing.objects.current()
            .in_regions(regions)
            .filter(kind__in=[ListingKind.ORGANISATION, ListingKind.HELPLINE])
        )
        if self.instance.listing_id:  # still offered if it has been retired since
            listings = listings | Listing.objects.filter(pk=self.instance.listing_id)
        self.fields["listing"].queryset = listings.order_by("name", "pk")
        self.fields["listing"].empty_label = _("None")
        # groups() → [(id, name)] of the peer groups this caregiver could link to.
        self.fields["group"].choices = LazyChoices(lambda: [("", _("None")), *groups()])
        self.fields["group"].error_messages["invalid_choice"] = _("Choose a group from the list.")
        if self.instance.pk and self.instance.group_id:
            self.initial.setdefault("group", self.instance.group_id)

    def clean_label(self):
        label = " ".join(self.cleaned_data["label"].split())
        if not label:
            raise forms.ValidationError(gettext("Enter a first name or a role."))
        if looks_like_contact_details(label):
            raise forms.ValidationError(gettext("Enter a first name or a role only, without phone numbers or emails."))
        return label

    def clean_note(self):
        note = " ".join(self.cleaned_data["note"].split())
        if looks_like_contact_details(note):
            raise forms.ValidationError(gettext("Leave out phone numbers and email addresses."))
        return note

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if cleaned.get("group") and kind and kind != CareMapKind.GROUP:
            self.add_error("group", gettext("Link a peer group only to a group."))
        if cleaned.get("listing") and kind and kind not in (CareMapKind.ORGANISATION, CareMapKind.PROFESSIONAL):
            self.add_error("listing", gettext("Link a listing only to an organisation or a professional."))
        return cleaned

    def save(self, commit=True):
        entry = super().save(commit=False)
        entry.group_id = self.cleaned_data.get("group")
        if commit:
            entry.save()
        return entry
