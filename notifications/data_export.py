"""Every email and text sent to the person (the outbox), and what providers told us about
their phone numbers (a STOP reply, a number that cannot receive texts).

Technical fields (the provider's message id, retry counters, the error text of a failed
attempt) are left out: they say nothing about the person that ``status`` does not.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import Correction, ExportSection, iso, register_export

from .models import Channel, Message, PhoneNumberStatus


def export(user) -> dict:
    """Two queries: the messages, then the statuses of every number they went to (and the profile's)."""
    messages = list(Message.objects.filter(recipient=user).order_by("created_at", "pk"))
    phones = {m.to for m in messages if m.channel == Channel.SMS and m.to}
    profile = getattr(user, "caregiver_profile", None) if user.role == "caregiver" else None
    if profile is not None and profile.phone:
        phones.add(profile.phone)
    return {
        "messages": [
            {
                "channel": m.get_channel_display(),
                "kind": m.kind_label,
                "to": m.to,
                "subject": m.subject,
                "body": m.body,
                "status": m.get_status_display(),
                "status_reason": m.status_reason,
                "created_at": iso(m.created_at),
                "sent_at": iso(m.sent_at),
                "delivered_at": iso(m.delivered_at),
                "purged_at": iso(m.purged_at),
            }
            for m in messages
        ],
        "phone_numbers": [
            {
                "phone": status.phone,
                "opted_out_at": iso(status.opted_out_at),
                "invalid_at": iso(status.invalid_at),
                "invalid_reason": status.invalid_reason,
                "updated_at": iso(status.updated_at),
            }
            for status in PhoneNumberStatus.objects.filter(phone__in=sorted(phones)).order_by("phone")
        ],
    }


register_export(
    ExportSection(
        key="messages",
        order=80,
        title=_("Emails and texts we sent you"),
        description=_(
            "Every email and text message the portal sent you, with its text (unless it has been "
            "deleted after the retention period), and what your phone provider told us about your number."
        ),
        export=export,
        models=("notifications.Message", "notifications.PhoneNumberStatus"),
        corrections=(
            Correction(label=_("Where we send emails and texts, and whether we text you"), url_name="profile"),
            Correction(label=_("See the messages we sent you"), url_name="my_messages"),
        ),
        labels={
            "messages": _("Messages"),
            "channel": _("Sent by"),
            "kind": _("What it was about"),
            "to": _("Sent to"),
            "subject": _("Subject"),
            "body": _("Text"),
            "status": _("Status"),
            "status_reason": _("Why"),
            "created_at": _("Written"),
            "sent_at": _("Sent"),
            "delivered_at": _("Delivered"),
            "purged_at": _("Text deleted (retention)"),
            "phone_numbers": _("Your phone numbers"),
            "phone": _("Number"),
            "opted_out_at": _("Replied STOP"),
            "invalid_at": _("Found unable to receive texts"),
            "invalid_reason": _("Provider's reason"),
            "updated_at": _("Last changed"),
        },
    )
)
