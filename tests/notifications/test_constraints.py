"""What the database refuses in the outbox and the phone-number table, whoever writes."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from notifications.models import Channel, Message, MessageStatus, PhoneNumberStatus
from notifications.phones import normalise_phone


def message(**fields) -> Message:
    return Message(channel=Channel.EMAIL, kind="invitation", to="someone@example.org", body="Hello", **fields)


def test_a_message_status_must_be_one_of_ours(db):
    with pytest.raises(IntegrityError, match="message_status_known"), transaction.atomic():
        message(idempotency_key="bogus", status="bogus").save()


def test_an_update_to_an_unknown_status_is_refused(db):
    row = message(idempotency_key="a")
    row.save()
    with pytest.raises(IntegrityError, match="message_status_known"), transaction.atomic():
        Message.objects.filter(pk=row.pk).update(status="queued")
    assert Message.objects.get(pk=row.pk).status == MessageStatus.PENDING


@pytest.mark.parametrize("status", MessageStatus.values)
def test_every_status_of_ours_is_accepted(db, status):
    message(idempotency_key=status, status=status).save()


@pytest.mark.parametrize(
    "phone",
    [
        "021 123 4567",  # national, not E.164
        "64211234567",  # no plus
        "+0211234567",  # no country code starts with 0
        "+64 21 123 4567",  # spaces
        "+981234",  # 6 digits: too short
        "",
    ],
)
def test_a_phone_status_needs_an_e164_number(db, phone):
    with pytest.raises(IntegrityError, match="phone_status_phone_e164"), transaction.atomic():
        PhoneNumberStatus.objects.create(phone=phone)


@pytest.mark.parametrize("phone", ["+64211234567", "+447700900123", "+15550100"])
def test_e164_numbers_are_accepted(db, phone):
    PhoneNumberStatus.objects.create(phone=phone)


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("021 123 4567", "+64211234567"),
        ("447700900123", "+447700900123"),
        ("00447700900123", "+447700900123"),
        # Possible lengths in their countries, but outside E.164's 7 to 15 digits.
        ("+98 1234", None),
        ("+49 123456789012345", None),
    ],
)
def test_numbers_are_normalised_only_to_what_the_table_accepts(raw, e164):
    assert normalise_phone(raw) == e164
