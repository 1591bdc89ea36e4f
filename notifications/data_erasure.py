"""Closing a caregiver's account: the outbox keeps a status row for every message, without
a body, a subject or an address.

Messages to anyone else that mention the person (a buddy told who their pair is, a hub told
who asked) are blanked too, and not sent if still waiting (what they say is no longer true):
matched on the person's email address, phone number and full name, and on their first name in
messages to people of another first name. A message naming someone else of the same first name
may be blanked with them; the outbox keeps its status row.
"""

from __future__ import annotations

from django.db.models import F, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from accounts.personal_data import ErasureStep, register_erasure

from .models import Message, MessageStatus, PhoneNumberStatus

# Shorter names would blank half the outbox for a "Jo".
MIN_NAME_LENGTH = 3


def _addresses(user) -> list[str]:
    profile = getattr(user, "caregiver_profile", None)
    return [value for value in (user.email, profile.phone if profile else "") if value]


def _contains(value: str) -> Q:
    return Q(body__icontains=value) | Q(subject__icontains=value)


def _mentions(user) -> Q:
    """Messages naming the person: by address, number or full name anywhere; by first name only
    in messages to someone of another first name (a namesake's "Kia ora Aroha" is not about her)."""
    found = Q(pk__in=[])
    for value in [*_addresses(user), user.get_full_name().strip()]:
        if len(value) >= MIN_NAME_LENGTH:
            found |= _contains(value)
    first = user.first_name.strip()
    if len(first) >= MIN_NAME_LENGTH:
        found |= _contains(first) & ~Q(recipient__first_name__iexact=first)
    return found


def erase(user) -> None:
    now = timezone.now()
    theirs = Message.objects.filter(Q(recipient=user) | Q(to__in=_addresses(user)) | _mentions(user))
    # Not sent yet: it never will be (an empty message to nobody).
    theirs.filter(status=MessageStatus.PENDING).update(status=MessageStatus.SUPPRESSED)
    theirs.update(
        recipient=None,
        to="",
        subject="",
        body="",
        status_reason="",
        last_error="",
        provider_message_id="",
        # The key held the person's id ("…:user:42:email"); a key of the row's own id stays unique.
        idempotency_key=Concat(Value("erased:"), Cast(F("pk"), output_field=Message._meta.get_field("to"))),
        purged_at=now,
    )
    PhoneNumberStatus.objects.filter(phone__in=_addresses(user)).delete()


register_erasure(
    ErasureStep(
        key="notifications",
        erase=erase,
        order=80,  # after the apps whose erasure may write messages (a waitlist promotion)
        actions={
            "notifications.Message": "kept as a status row: recipient set to none, body, subject, address, "
            "provider id and errors blanked; messages not sent yet are not sent; other people's messages "
            "that mention them blanked the same way",
            "notifications.PhoneNumberStatus": "deleted (their number's STOP and delivery record)",
        },
    )
)
