"""What buddies messages say: first names only, the link, one SMS segment; nothing about children."""

from __future__ import annotations

import pytest
from django.utils import timezone

from buddies import selectors, services
from buddies.models import BuddyProfile
from notifications.models import Channel, Message
from notifications.sms import sms_segments
from tests.buddies.factories import ExperiencedCaregiverFactory, NewCaregiverFactory

pytestmark = pytest.mark.django_db


def test_the_offer_reaches_a_buddy_by_text_and_email_with_first_names_only(wellington, social_worker):
    buddy = ExperiencedCaregiverFactory(
        region=wellington,
        locality="Porirua",
        contact_by_sms=True,
        phone="+64211234567",
        sms_consent_at=timezone.now(),
        user__first_name="Mere O'Brien",
    ).user
    BuddyProfile.objects.create(user=buddy, willing=True)
    new = NewCaregiverFactory(
        region=wellington,
        locality="Porirua",
        social_worker=social_worker,
        user__first_name="Tāne",
        user__last_name="Zzyzx",
    ).user
    [first] = selectors.suggestions_for(new, limit=1)
    match = services.buddy_choose(new_caregiver=new, chosen=first, others=[])
    text = Message.objects.get(recipient=buddy, channel=Channel.SMS)
    email = Message.objects.get(recipient=buddy, channel=Channel.EMAIL)
    assert sms_segments(text.body) == 1
    assert f"/buddies/pairs/{match.pk}/" in text.body and f"/buddies/pairs/{match.pk}/" in email.body
    assert "Zzyzx" not in text.body + email.subject + email.body
    assert email.subject == "Would you be Tāne's buddy?"
    assert "72 hours" in email.body


def test_every_step_writes_its_message_once(wellington, social_worker):
    buddy = ExperiencedCaregiverFactory(region=wellington).user
    BuddyProfile.objects.create(user=buddy, willing=True)
    new = NewCaregiverFactory(region=wellington, social_worker=social_worker).user
    [first] = selectors.suggestions_for(new, limit=1)
    match = services.buddy_choose(new_caregiver=new, chosen=first, others=[])
    services.offer_respond(match=match, accept=True)
    services.check_in_log(match=match, by=buddy, contact_type="call", happened_on=timezone.localdate())
    services.fit_check_record(match=match, by=buddy, fit="good", tell_social_worker=True)
    services.match_end(match=match, by=social_worker, reason="completed")
    kinds = sorted(Message.objects.values_list("kind", flat=True))
    assert kinds == sorted(
        ["buddy_offer", "buddy_accepted", "buddy_paired", "buddy_fit_check", "buddy_match_ended", "buddy_match_ended"]
    )
