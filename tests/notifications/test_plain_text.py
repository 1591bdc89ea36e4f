"""Emails and texts are plain text: names with apostrophes, ampersands, angle
brackets and macrons arrive as typed, and the HTML version escapes them once."""

from __future__ import annotations

from django.core import mail
from django.utils import timezone

from events import services as event_services
from notifications.models import Channel, Message
from notifications.sending import message_send
from tests.accounts.factories import CaregiverFactory
from tests.events.factories import EventFactory

TITLE = "Kinship caregivers' kōrero & <kai>"
VENUE = "Te Rauparaha Arena's hall"


def test_texts_and_emails_read_as_typed_and_html_escapes_once(wellington, social_worker):
    event = EventFactory(region=wellington, created_by=social_worker, title=TITLE, venue_name=VENUE)
    person = CaregiverFactory(
        region=wellington,
        contact_by_email=True,
        contact_by_sms=True,
        phone="+64211234567",
        sms_consent_at=timezone.now(),
        user__first_name="Mere O'Brien",
    ).user
    event_services.rsvp_submit(event=event, user=person, going=True, household=event_services.HouseholdReply(adults=1))

    text = Message.objects.get(channel=Channel.SMS)
    assert "&#x27;" not in text.body and "&amp;" not in text.body and "&lt;" not in text.body
    assert "caregivers' k" in text.body  # the title may be shortened to fit, but never escaped

    email = Message.objects.get(channel=Channel.EMAIL)
    assert TITLE in email.subject + email.body
    assert "&#x27;" not in email.body and "&amp;" not in email.body

    message_send(message_id=email.pk)
    sent = mail.outbox[-1]
    assert TITLE in sent.body
    html = sent.alternatives[0][0]
    assert "Kinship caregivers&#x27; kōrero &amp; &lt;kai&gt;" in html
    assert "&amp;#x27;" not in html and "&amp;amp;" not in html
