from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import policy
from accounts.models import CaregiverStatus, Role, User
from accounts.validators import past_career_date

from .models import Invitation


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = [
            "email",
            "first_name",
            "last_name",
            "region",
            "social_worker",
            "caregiver_type",
            "status",
            "approved_on",
        ]
        labels = {
            "email": _("Email"),
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "region": _("Region"),
            "caregiver_type": _("Caregiver type"),
            "status": _("Approval status"),
            "approved_on": _("Date approved"),
            "social_worker": _("Their caregiver social worker"),
        }
        help_texts = {"approved_on": _("Needed when the caregiver is approved.")}
        widgets = {"approved_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        regions = policy.regions_for(user)
        self.fields["region"].queryset = regions
        self.fields["social_worker"].queryset = User.objects.filter(
            role=Role.SOCIAL_WORKER, is_active=True, staff_profile__regions__in=regions
        ).distinct()
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        if user.role == Role.SOCIAL_WORKER:
            self.fields["social_worker"].initial = user.pk
        if regions.count() == 1:
            self.fields["region"].initial = regions.first().pk

    def clean_email(self) -> str:
        # An address that already has an account is not refused here: saying so would tell
        # staff who is registered. invitations.services emails that person a sign-in link instead.
        return self.cleaned_data["email"].strip().lower()

    def clean_approved_on(self):
        return past_career_date(
            self.cleaned_data.get("approved_on"),
            today=timezone.localdate(),
            future_message=gettext("The approval date cannot be in the future."),
        )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == CaregiverStatus.APPROVED
            and not cleaned.get("approved_on")
            and not self.has_error("approved_on")
        ):
            self.add_error("approved_on", gettext("Enter the date this caregiver was approved."))
        return cleaned


class InvitationAcceptForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters. A few words you will remember work well."),
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation: Invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        self.fields["first_name"].initial = invitation.first_name
        self.fields["last_name"].initial = invitation.last_name

    def clean_password1(self) -> str:
        password = self.cleaned_data["password1"]
        candidate = User(
            email=self.invitation.email,
            first_name=self.data.get("first_name", ""),
            last_name=self.data.get("last_name", ""),
        )
        password_validation.validate_password(password, candidate)
        return password

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password2") and cleaned["password1"] != cleaned["password2"]:
            self.add_error("password2", gettext("The two passwords do not match."))
        return cleaned
