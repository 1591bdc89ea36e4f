"""Outbox rows for tests: ``MessageFactory(recipient=person)`` is a pending text
reminder to ``PHONE``; ``channel=Channel.EMAIL`` makes it an email to the
recipient's address. Pass any field to change it (``status``, ``provider_message_id``…)."""

from __future__ import annotations

import factory

from notifications.models import Channel, Message
from tests.accounts.factories import UserFactory

PHONE = "+64215550101"


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    recipient = factory.SubFactory(UserFactory)
    channel = Channel.SMS
    kind = "event_reminder"
    to = factory.LazyAttribute(lambda o: o.recipient.email if o.channel == Channel.EMAIL else PHONE)
    subject = factory.LazyAttribute(lambda o: "Reminder" if o.channel == Channel.EMAIL else "")
    body = "Reminder: Coffee morning Wed 2 Dec 10am, Hall. Can't come? https://x/e/1"
    idempotency_key = factory.Sequence(lambda n: f"test:{n}")
