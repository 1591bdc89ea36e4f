"""Closing a caregiver's account: the outbox keeps a status row for every message, without
a body, a subject or an address.

Messages to anyone else that mention the person (a buddy told who their pair is, a hub told
who asked) are blanked too: matched on the person's email address, phone number and names,
which may blank a message that named someone else of the same name (nothing is lost that the
outbox needed: status rows stay).
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


def _mentions(user) -> Q:
    found = Q(pk__in=[])
    for value in [*_addresses(user), user.get_full_name(), user.first_name, user.last_name]:
        value = value.strip()
        if len(value) >= MIN_NAME_LENGTH:
            found |= Q(body__icontains=value) | Q(subject__icontains=value)
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
