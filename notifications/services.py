"""Writing messages into the outbox.

Every email and text starts here. ``notify`` renders the message for each of
the recipient's chosen channels and records one ``Message`` row per channel,
keyed so that calling it twice for the same occurrence records nothing new.
The rows are written in the caller's transaction: if the RSVP or event change
rolls back, so do its messages.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from .models import Channel, Message


def channels_for(user) -> list[tuple[str, str]]:
    """(channel, address) pairs the person asked to be contacted on."""
    profile = getattr(user, "caregiver_profile", None)
    if profile is None:
        return [(Channel.EMAIL, user.email)]
    result = []
    if profile.contact_by_email:
        result.append((Channel.EMAIL, user.email))
    if profile.contact_by_sms and profile.phone and profile.sms_consent_at:
        result.append((Channel.SMS, profile.phone))
    return result


def notify(*, recipient, kind: str, key: str, context: dict, event=None) -> list[Message]:
    """Record ``kind`` for ``recipient`` on each of their channels.

    Templates: ``notifications/<kind>.email.txt`` (first line is the subject)
    and ``notifications/<kind>.sms.txt``. ``key`` names the occurrence
    (e.g. ``event:12:cancelled``); with the channel it becomes the message's
    idempotency key.
    """
    context = {**context, "recipient": recipient, "event": event, "site_url": settings.SITE_URL}
    messages = []
    for channel, address in channels_for(recipient):
        idempotency_key = f"{key}:user:{recipient.pk}:{channel}"
        if channel == Channel.EMAIL:
            subject, _, body = render_to_string(f"notifications/{kind}.email.txt", context).strip().partition("\n")
        else:
            subject, body = "", render_to_string(f"notifications/{kind}.sms.txt", context)
        message = _create_once(
            recipient=recipient,
            channel=channel,
            kind=kind,
            event=event,
            to=address,
            subject=subject.strip(),
            body=" ".join(body.split()) if channel == Channel.SMS else body.strip() + "\n",
            idempotency_key=idempotency_key,
        )
        messages.append(message)
    return messages


def _create_once(**fields) -> Message:
    try:
        with transaction.atomic():
            return Message.objects.create(**fields)
    except IntegrityError:
        return Message.objects.get(idempotency_key=fields["idempotency_key"])
