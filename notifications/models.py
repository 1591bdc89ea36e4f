"""The outbox: one row for every email and text the portal sends.

Rows are written by ``notifications.services`` inside the caller's transaction,
so a rolled-back RSVP leaves no message behind. ``notifications.sending`` claims
and sends them (its docstring has a message's life: retries, quiet hours, the
SMS-to-email fallback); ``notifications.inbound`` applies what providers report
back (delivery status, STOP and START replies), and ``notifications.phones``
keeps what we know about each number (``PhoneNumberStatus``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# A phone number in E.164: "+", a country code that does not start with 0, and at
# most 15 digits in all. Every number we store or text is in this form.
E164_REGEX = r"^\+[1-9][0-9]{6,14}$"


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message")


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to send")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    SUPPRESSED = "suppressed", _("Not sent")


KIND_LABELS = {
    "invitation": _("Invitation"),
    "invitation_existing_account": _("Invitation (already has an account)"),
    "rsvp_confirmed": _("Reply confirmed"),
    "rsvp_waitlisted": _("On the waitlist"),
    "rsvp_not_going": _("Not coming, noted"),
    "waitlist_promoted": _("Place from the waitlist"),
    "event_changed": _("Event changed"),
    "event_cancelled": _("Event cancelled"),
    "event_reminder": _("Reminder"),
    "accessibility_report": _("Accessibility report"),
    "directory_listing": _("Support listing from your social worker"),
    "survey_invitation": _("Feedback survey"),
}


class Message(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
        help_text=_("Empty for people without an account yet (invitations)."),
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    kind = models.CharField(max_length=40, help_text=_("e.g. rsvp_confirmed, waitlist_promoted, event_cancelled"))
    event = models.ForeignKey("events.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="messages")
    to = models.CharField(max_length=320, help_text=_("Email address or E.164 phone number at the time of writing."))
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    idempotency_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(max_length=20, choices=MessageStatus.choices, default=MessageStatus.PENDING)
    status_reason = models.CharField(max_length=300, blank=True)
    provider_message_id = models.CharField(max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(null=True, blank=True, help_text=_("When a send task was last queued for it."))
    claimed_at = models.DateTimeField(null=True, blank=True, help_text=_("When a worker took it for sending."))
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    fallback_for = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fallback",
        help_text=_("The failed text this email replaces."),
    )
    purged_at = models.DateTimeField(null=True, blank=True, help_text=_("Body and address removed (retention)."))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=MessageStatus.values), name="message_status_known"),
        ]

    def __str__(self) -> str:
        return gettext("%(channel)s to %(to)s: %(kind)s") % {
            "channel": self.get_channel_display(),
            "to": self.recipient or self.to,
            "kind": self.kind,
        }

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind.replace("_", " ").capitalize()))


class PhoneNumberStatus(models.Model):
    """What we know about a phone number from providers: it replied STOP, or it
    cannot receive texts. Keyed by number because that is what providers report."""

    # A phone number finds its person without a foreign key (accounts.personal_data).
    personal_data_links = True

    phone = models.CharField(max_length=16, unique=True)
    opted_out_at = models.DateTimeField(null=True, blank=True)
    opt_out_changed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When the latest STOP or START that counted was sent; older ones are ignored."),
    )
    invalid_at = models.DateTimeField(null=True, blank=True)
    invalid_reason = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = _("phone number statuses")
        constraints = [models.CheckConstraint(condition=Q(phone__regex=E164_REGEX), name="phone_status_phone_e164")]

    def __str__(self) -> str:
        return self.phone

    @property
    def can_text(self) -> bool:
        return self.opted_out_at is None and self.invalid_at is None


class InboundReply(models.Model):
    """A reply (STOP, START, anything) a provider told us about, by the provider's own
    id: a webhook replayed later, even correctly signed, is recognised and ignored.
    Holds no number and no text, so it is kept."""

    provider = models.CharField(max_length=20)
    provider_id = models.CharField(max_length=100)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = _("inbound replies")
        constraints = [
            models.UniqueConstraint(fields=["provider", "provider_id"], name="inbound_reply_once_per_provider_id")
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.provider_id}"
