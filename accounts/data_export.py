"""The person's account in their download: their name and sign-in details, their caregiver
or staff profile, who from the agency read their record, and the libraries' rows about them
(allauth's email addresses and two-step verification, the admin's history).

Secrets never leave: no password hash, no authenticator secret or recovery codes (only the
kind of authenticator and its dates), no session keys.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.utils.translation import gettext_lazy as _

from .models import CaregiverProfile, StaffProfile, StaffRead
from .personal_data import Correction, ExportSection, iso, register_export


def _caregiver_profile(user) -> dict | None:
    profile = (
        CaregiverProfile.objects.filter(user=user)
        .select_related("region")
        .prefetch_related("languages", "topics")
        .first()
    )
    if profile is None:
        return None
    user._export_social_worker_id = profile.social_worker_id  # accounts.personal_data.role_of
    return {
        "region": profile.region.name,
        "locality": profile.locality,
        # Their social worker is named on their profile page; here only whether one is assigned.
        "has_social_worker": profile.social_worker_id is not None,
        "status": profile.get_status_display(),
        "approved_on": iso(profile.approved_on),
        "caregiver_type": profile.get_caregiver_type_display(),
        "household": profile.get_household_display(),
        "started_caring_on": iso(profile.started_caring_on),
        "languages": [language.name for language in profile.languages.all()],
        "cultural_identity": profile.cultural_identity,
        "topics": [topic.name for topic in profile.topics.all()],
        "available_weekday_daytime": profile.available_weekday_daytime,
        "available_weekday_evening": profile.available_weekday_evening,
        "available_weekend": profile.available_weekend,
        "contact_by_email": profile.contact_by_email,
        "contact_by_sms": profile.contact_by_sms,
        "phone": profile.phone,
        "sms_consent_at": iso(profile.sms_consent_at),
        "created_at": iso(profile.created_at),
        "updated_at": iso(profile.updated_at),
    }


def _staff_profile(user) -> dict | None:
    profile = StaffProfile.objects.filter(user=user).prefetch_related("regions").first()
    if profile is None:
        return None
    return {
        "job_title": profile.job_title,
        "all_regions": profile.all_regions,
        "regions": [region.name for region in profile.regions.all()],
    }


def export(user) -> dict:
    """Five queries for the profiles (two prefetches each) and one per list, however many rows."""
    caregiver = _caregiver_profile(user)
    staff = _staff_profile(user)
    account = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.get_role_display(),
        "language": user.get_language_display(),
        "is_active": user.is_active,
        "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
    }
    return {
        "account": account,
        "caregiver_profile": caregiver,
        "staff_profile": staff,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "two_step_verification": [
            {
                "kind": str(Authenticator.Type(a.type).label),
                "created_at": iso(a.created_at),
                "last_used_at": iso(a.last_used_at),
            }
            for a in Authenticator.objects.filter(user=user).order_by("pk")
        ],
        # Staff names are given on purpose: the person has a right to know who from the agency
        # looked at their record (issue 15). Never what they saw: the rows hold no content.
        "staff_reads": [
            {
                "at": iso(read.at),
                "what": read.get_what_display(),
                "reader": read.reader.display_name,
                "reader_role": read.reader.get_role_display(),
                "reason": read.reason,
            }
            for read in StaffRead.objects.filter(subject=user).select_related("reader").order_by("-at", "-pk")
        ],
        # What an administrator did in the Django admin: when, what kind of record, what action.
        # Not object_repr or the change message, which name the people whose records were edited.
        "admin_actions": [
            {
                "at": iso(entry.action_time),
                "record_kind": str(entry.content_type.name) if entry.content_type else "",
                "action": str({1: _("added"), 2: _("changed"), 3: _("deleted")}.get(entry.action_flag, "")),
            }
            for entry in LogEntry.objects.filter(user=user).select_related("content_type").order_by("-action_time")
        ],
    }


register_export(
    ExportSection(
        key="account",
        order=10,
        title=_("Your account and profile"),
        description=_(
            "Your name and sign-in details, your caregiver profile, and the record of which staff "
            "member looked at your record and when. Passwords and sign-in secrets are never included."
        ),
        export=export,
        models=(
            "accounts.User",
            "accounts.CaregiverProfile",
            "accounts.StaffProfile",
            "accounts.StaffRead",
            "account.EmailAddress",
            "mfa.Authenticator",
            "admin.LogEntry",
        ),
        corrections=(
            Correction(label=_("Change your contact details, availability and interests"), url_name="profile"),
            Correction(label=_("Change your email address"), url_name="account_email"),
            Correction(
                label=_("Your region, status, approval date and social worker"),
                ask=_("Ask your social worker to correct these."),
            ),
        ),
        labels={
            "account": _("Account"),
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "email": _("Email"),
            "role": _("Role"),
            "language": _("Language"),
            "is_active": _("Account open"),
            "date_joined": _("Joined"),
            "last_login": _("Last signed in"),
            "caregiver_profile": _("Caregiver profile"),
            "region": _("Region"),
            "locality": _("Suburb or town"),
            "has_social_worker": _("A social worker is assigned"),
            "status": _("Status"),
            "approved_on": _("Approved on"),
            "caregiver_type": _("Kind of caregiving"),
            "household": _("Household"),
            "started_caring_on": _("Started caring on"),
            "languages": _("Languages"),
            "cultural_identity": _("Cultural identity"),
            "topics": _("Topics of interest"),
            "available_weekday_daytime": _("Available weekday daytime"),
            "available_weekday_evening": _("Available weekday evenings"),
            "available_weekend": _("Available at weekends"),
            "contact_by_email": _("Contact by email"),
            "contact_by_sms": _("Contact by text message"),
            "phone": _("Mobile number"),
            "sms_consent_at": _("Agreed to texts on"),
            "created_at": _("Created"),
            "updated_at": _("Last changed"),
            "staff_profile": _("Staff profile"),
            "job_title": _("Job title"),
            "all_regions": _("Works in every region"),
            "regions": _("Regions"),
            "email_addresses": _("Email addresses"),
            "verified": _("Confirmed"),
            "primary": _("Main address"),
            "two_step_verification": _("Two-step verification"),
            "kind": _("Kind"),
            "last_used_at": _("Last used"),
            "staff_reads": _("Who from the agency looked at your record"),
            "at": _("When"),
            "what": _("What they looked at"),
            "reader": _("Staff member"),
            "reader_role": _("Their role"),
            "reason": _("Reason given"),
            "admin_actions": _("Your changes in the administration site"),
            "record_kind": _("Kind of record"),
            "action": _("Action"),
        },
    )
)
