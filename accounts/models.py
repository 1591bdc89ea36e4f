"""People and places: users with a role, regions, caregiver and staff profiles, invitations.

Who may see or do what is decided in ``accounts.policy``, not here.
"""

from __future__ import annotations

import zoneinfo
from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .validators import CAREER_START_YEAR


class Role(models.TextChoices):
    CAREGIVER = "caregiver", _("Caregiver")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    MANAGER = "manager", _("Manager")
    ADMINISTRATOR = "administrator", _("Administrator")


STAFF_ROLES = (Role.SOCIAL_WORKER, Role.MANAGER)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=Role.ADMINISTRATOR)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in with their email address."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CAREGIVER)
    # The site, emails and texts in this language (accounts.middleware.PersonLanguageMiddleware,
    # notifications.services.notify); chosen on the profile page or with the footer's switcher.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["first_name", "last_name", "email"]
        # Lists of people are in name order (caseloads, caregiver lists): a page of 25 reads
        # 25 names in index order instead of sorting every caregiver in the region.
        indexes = [models.Index(fields=["first_name", "last_name"], name="user_name_order_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
            models.CheckConstraint(
                condition=Q(language__in=[code for code, name in settings.LANGUAGES]), name="user_language_valid"
            ),
            # Django admin is for superusers only; nobody else gets is_staff.
            models.CheckConstraint(
                condition=Q(is_staff=False) | Q(is_superuser=True), name="user_staff_only_superuser"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            gettext("“%(value)s” is not a known time zone, e.g. Pacific/Auckland.") % {"value": value}
        )


class Country(models.TextChoices):
    """Where a region is: its conventions for phone numbers (what "021 123 4567" means).
    English is NZ/UK English in both (organisation, 2 December 2026)."""

    NEW_ZEALAND = "NZ", _("New Zealand")
    UNITED_KINGDOM = "GB", _("United Kingdom")


class Region(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    timezone = models.CharField(max_length=64, default="Pacific/Auckland", validators=[validate_timezone])
    country = models.CharField(max_length=2, choices=Country.choices, default=Country.NEW_ZEALAND)

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(country__in=Country.values), name="region_country_valid")]

    def __str__(self) -> str:
        return self.name

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class Language(models.Model):
    """Reference list, edited in the admin."""

    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """Topics caregivers are interested in (reference list, edited in the admin)."""

    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CaregiverStatus(models.TextChoices):
    PROVISIONAL = "provisional", _("Provisionally approved")
    APPROVED = "approved", _("Approved")


class CaregiverType(models.TextChoices):
    FOSTER = "foster", _("Foster")
    KINSHIP = "kinship", _("Kinship / whānau")
    RESPITE = "respite", _("Respite")


class Household(models.TextChoices):
    SINGLE = "single", _("Single caregiver")
    COUPLE = "couple", _("Couple")


class CaregiverProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="caregiver_profile")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="caregivers")
    locality = models.CharField(max_length=80, blank=True, help_text=_("Suburb or town, e.g. Lower Hutt."))
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caseload",
        limit_choices_to={"role": Role.SOCIAL_WORKER},
        help_text=_("The caregiver social worker who supports this caregiver."),
    )
    status = models.CharField(max_length=20, choices=CaregiverStatus.choices, default=CaregiverStatus.PROVISIONAL)
    approved_on = models.DateField(null=True, blank=True)
    caregiver_type = models.CharField(max_length=20, choices=CaregiverType.choices, default=CaregiverType.FOSTER)
    household = models.CharField(max_length=20, choices=Household.choices, default=Household.SINGLE)
    started_caring_on = models.DateField(null=True, blank=True)
    languages = models.ManyToManyField(Language, blank=True, related_name="caregivers")
    cultural_identity = models.CharField(
        _("cultural identity (optional)"),
        max_length=120,
        blank=True,
        help_text=_("In your own words, if you would like to share it."),
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="caregivers")
    available_weekday_daytime = models.BooleanField(default=False)
    available_weekday_evening = models.BooleanField(default=False)
    available_weekend = models.BooleanField(default=False)
    contact_by_email = models.BooleanField(default=True)
    contact_by_sms = models.BooleanField(default=False)
    phone = models.CharField(max_length=16, blank=True, help_text=_("Stored in international (E.164) format."))
    sms_consent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user__first_name", "user__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(approved_on__isnull=True) | Q(approved_on__gte=date(CAREER_START_YEAR, 1, 1)))
                & (Q(started_caring_on__isnull=True) | Q(started_caring_on__gte=date(CAREER_START_YEAR, 1, 1))),
                name="caregiver_dates_plausible",
            ),
            models.CheckConstraint(
                condition=Q(status=CaregiverStatus.PROVISIONAL) | Q(approved_on__isnull=False),
                name="caregiver_approved_has_date",
            ),
            models.CheckConstraint(
                condition=Q(contact_by_sms=False) | (~Q(phone="") & Q(sms_consent_at__isnull=False)),
                name="caregiver_sms_needs_phone_and_consent",
            ),
            models.CheckConstraint(
                condition=Q(contact_by_email=True) | Q(contact_by_sms=True),
                name="caregiver_has_a_contact_channel",
            ),
            models.CheckConstraint(condition=Q(phone="") | Q(phone__startswith="+"), name="caregiver_phone_e164"),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def years_caring(self) -> int | None:
        if not self.started_caring_on:
            return None
        today = timezone.localdate()
        years = today.year - self.started_caring_on.year
        if (today.month, today.day) < (self.started_caring_on.month, self.started_caring_on.day):
            years -= 1
        return max(years, 0)

    @property
    def availability_labels(self) -> list[str]:
        labels = []
        if self.available_weekday_daytime:
            labels.append(gettext("Weekday daytime"))
        if self.available_weekday_evening:
            labels.append(gettext("Weekday evenings"))
        if self.available_weekend:
            labels.append(gettext("Weekends"))
        return labels


class StaffProfile(models.Model):
    """Social workers and managers: which regions they work in."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile")
    regions = models.ManyToManyField(Region, blank=True, related_name="staff")
    all_regions = models.BooleanField(default=False, help_text=_("National role: works across every region."))
    job_title = models.CharField(max_length=120, blank=True)

    def __str__(self) -> str:
        return str(self.user)


class ReadKind(models.TextChoices):
    """What a staff member looked at. Never the content itself."""

    RECORD = "record", _("Caregiver record")
    CARE_MAP = "care_map", _("Care map")
    RSVP_DETAILS = "rsvp_details", _("Event reply details")
    SURVEY_ANSWERS = "survey_answers", _("Survey answers")
    CSV_EXPORT = "csv_export", _("Spreadsheet (CSV) export")


class StaffRead(models.Model):
    """A staff member looked at something about a caregiver: who, what, when and why.

    Append-only: a database trigger (migration 0007) refuses UPDATE and DELETE, except the
    one update closing an account needs (``subject`` set to none) — so not even the admin or
    a shell can rewrite who looked. Holds no content: ``what`` names the kind of page and
    ``object_id`` the row it was about (an event, a survey), never what was on it.
    Written by ``accounts.reads.record_read``.
    """

    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="staff_reads"
    )
    what = models.CharField(max_length=20, choices=ReadKind.choices)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    # A read changes no page but the caregiver's own (peersupport.pagecache): recording one
    # on every staff page view must not retire everybody's cached pages.
    page_cache_site_wide = False

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["subject", "-at"], name="staff_read_subject_idx"),
            models.Index(fields=["reader", "-at"], name="staff_read_reader_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reader_id} read {self.what} of {self.subject_id} at {self.at:%Y-%m-%d %H:%M}"


class RetentionRun(models.Model):
    """One run of one retention rule (``accounts.retention_runs``): when, how many rows it
    changed, whether it failed. Counts and times only — a rule's key, never a row it touched —
    so the operations page can show them to anyone who runs the site."""

    key = models.CharField(max_length=80)  # settings.RETENTION's key
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    ok = models.BooleanField()
    rows_changed = models.PositiveBigIntegerField(null=True, blank=True)  # none when it failed
    # The exception's class name only: its message may quote a row (a database error's DETAIL).
    error = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["key", "-started_at"], name="retention_run_key_idx")]
        constraints = [
            # A run that worked says how many rows it changed and has no error; a failed one the opposite.
            models.CheckConstraint(
                condition=Q(ok=True, rows_changed__isnull=False, error="")
                | Q(ok=False, rows_changed__isnull=True) & ~Q(error=""),
                name="retention_run_outcome_consistent",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__gte=models.F("started_at")), name="retention_run_finishes_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} at {self.started_at:%Y-%m-%d %H:%M}: {'ok' if self.ok else 'failed'}"
