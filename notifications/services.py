"""Writing messages into the outbox.

Every email and text starts here. ``notify`` renders the message for each of
the recipient's chosen channels and records one ``Message`` row per channel,
keyed so that calling it twice for the same occurrence records nothing new.
The rows are written in the caller's transaction (if the RSVP or event change
rolls back, so do its messages) and queued for a worker when it commits.
"""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template import engines
from django.utils import timezone, translation

from .models import Channel, Message
from .sending import queue_on_commit
from .sms import is_gsm7, sms_segments


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


def notify(
    *, recipient, kind: str, key: str, context: dict, event=None, channels: set[str] | None = None
) -> list[Message]:
    """Record ``kind`` for ``recipient`` on each of their channels (or only ``channels``).

    Templates: ``notifications/<kind>.email.txt`` (first line is the subject)
    and ``notifications/<kind>.sms.txt``. ``key`` names the occurrence
    (e.g. ``event:12:cancelled``); with the person and channel it becomes the
    message's idempotency key.
    """
    context = {**context, "recipient": recipient, "event": event, "site_url": settings.SITE_URL}
    messages = []
    # In the recipient's language, whoever's request (or which worker) writes it.
    with translation.override(getattr(recipient, "language", None) or settings.LANGUAGE_CODE):
        for channel, address in channels_for(recipient):
            if channels is not None and channel not in channels:
                continue
            messages.append(_message_for(recipient, kind, key, context, event, channel, address))
    return messages


def _message_for(recipient, kind: str, key: str, context: dict, event, channel: str, address: str) -> Message:
    if channel == Channel.EMAIL:
        subject, _, body = render_plain(f"notifications/{kind}.email.txt", context).strip().partition("\n")
        body = body.strip() + "\n"
    else:
        subject, body = "", render_text(f"notifications/{kind}.sms.txt", context, event)
    return _create_once(
        recipient=recipient,
        channel=channel,
        kind=kind,
        event=event,
        to=address,
        subject=subject.strip(),
        body=body,
        idempotency_key=f"{key}:user:{recipient.pk}:{channel}",
    )


def notify_address(*, email: str, kind: str, key: str, context: dict) -> Message:
    """An email to someone without an account yet (an invitation), or to a team's mailbox:
    in the site's language, whatever the language of the person whose request writes it."""
    context = {**context, "site_url": settings.SITE_URL, "site_name": settings.SITE_NAME}
    with translation.override(settings.LANGUAGE_CODE):
        subject, _, body = render_plain(f"notifications/{kind}.email.txt", context).strip().partition("\n")
    return _create_once(
        recipient=None,
        channel=Channel.EMAIL,
        kind=kind,
        to=email,
        subject=subject.strip(),
        body=body.strip() + "\n",
        idempotency_key=f"{key}:{Channel.EMAIL}",
    )


def render_plain(template: str, context: dict) -> str:
    """A plain-text template (an email body or a text), without HTML escaping."""
    return engines["text"].get_template(template).render(context)


def render_text(template: str, context: dict, event) -> str:
    """Render a text, shortening the event's title and venue until it fits one segment.

    Tried in order: as written; the venue's first part ("Walter Nash Centre"
    rather than "Walter Nash Centre, 22 Taine Street"); then a shorter title.
    What, when, where and the link always stay.
    """
    title = event.title if event else ""
    venue = event.venue_name if event else ""
    short_venue = venue.split(",")[0].strip()
    candidates = [(title, venue), (title, short_venue)]
    candidates += [(_shorten(title, n), short_venue) for n in (40, 30, 22)]
    text = ""
    for sms_title, sms_venue in candidates:
        text = fit_text(render_plain(template, {**context, "sms_title": sms_title, "sms_venue": sms_venue}))
        if sms_segments(text) == 1:
            return text
    return text


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip(" ,:;-") + "..."


def fit_text(text: str) -> str:
    """One line, and one SMS segment where possible.

    A single character outside GSM-7, such as a macron, makes the whole text
    UCS-2 and shrinks a segment from 160 to 70 characters. If the text only
    fits one segment without macrons, they are dropped (ā → a); names are
    still readable and the text costs a third as much.
    """
    text = " ".join(text.split())
    if sms_segments(text) == 1:
        return text
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    plain = unicodedata.normalize("NFC", plain)
    if is_gsm7(plain):
        return plain
    return text


def _create_once(**fields) -> Message:
    try:
        with transaction.atomic():
            message = Message.objects.create(**fields, queued_at=timezone.now())
    except IntegrityError:
        return Message.objects.get(idempotency_key=fields["idempotency_key"])
    queue_on_commit([message.pk], stamped=True)
    return message
