"""Inviting a caregiver (``invitation_create``): the email is an outbox row carrying a
link valid for 14 days; bad input is refused next to the field; staff invite only into
their own regions; inviting someone who already has an account reveals nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from invitations import services
from invitations.models import Invitation
from notifications.models import Message
from notifications.sending import message_send
from tests.invitations.helpers import invite_form


def test_social_worker_invites_and_the_email_carries_a_working_link(
    client, social_worker, wellington, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(social_worker)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("invitation_create"), invite_form(wellington, social_worker=social_worker.pk))
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "new.carer@example.org"
    assert invitation.invited_by == social_worker
    assert invitation.expires_at - invitation.created_at == timedelta(days=14)
    # The email is an outbox row, queued for a worker after commit, not sent in the request.
    message = Message.objects.get(kind="invitation")
    assert (message.to, message.recipient, message.status) == ("new.carer@example.org", None, "pending")
    assert services.invitation_url(invitation) in message.body
    assert len(callbacks) == 1
    assert mailoutbox == []

    assert message_send(message_id=message.pk) == "sent"
    assert message_send(message_id=message.pk) == "not-due"  # a second delivery of the task sends nothing
    assert len(mailoutbox) == 1
    sent = mailoutbox[0]
    assert sent.to == ["new.carer@example.org"]
    assert services.invitation_url(invitation) in sent.body
    assert sent.alternatives and services.invitation_url(invitation) in sent.alternatives[0][0]


def test_invite_form_rejects_bad_input_next_to_the_field(client, social_worker, wellington, caregiver):
    client.force_login(social_worker)
    cases = {
        "email": (invite_form(wellington, email="not-an-email"), "Enter a valid email address."),
        "approved_on": (invite_form(wellington, approved_on=""), "Enter the date this caregiver was approved."),
    }
    for field, (data, message) in cases.items():
        response = client.post(reverse("invitation_create"), data)
        assert response.status_code == 200
        assert message in response.context["form"].errors[field]
    future = client.post(
        reverse("invitation_create"),
        invite_form(wellington, approved_on=(timezone.localdate() + timedelta(days=2)).isoformat()),
    )
    assert "cannot be in the future" in future.context["form"].errors["approved_on"][0]
    assert Invitation.objects.count() == 0


def test_staff_cannot_invite_into_a_region_they_do_not_work_in(client, social_worker_other_region, wellington):
    client.force_login(social_worker_other_region)
    response = client.post(reverse("invitation_create"), invite_form(wellington))
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    assert Invitation.objects.count() == 0


@pytest.mark.parametrize("who", ["caregiver_other_region", "manager", "caregiver"])
def test_inviting_someone_who_has_an_account_reveals_nothing_and_emails_them_a_sign_in_link(
    client, social_worker, wellington, personas, mailoutbox, who
):
    """The staff member sees what any invitation shows; the person is told to sign in, not given a link."""
    existing = personas[who]
    client.force_login(social_worker)
    response = client.post(
        reverse("invitation_create"), invite_form(wellington, email=existing.email.upper()), follow=True
    )
    page = response.content.decode()
    assert f"Invitation sent to {existing.email}" in page
    assert "already" not in page.lower()
    invitation = Invitation.objects.get(email=existing.email)
    message = Message.objects.get(to=existing.email)
    assert message.kind == "invitation_existing_account"
    assert services.invitation_url(invitation) not in message.body
    assert "/accounts/login/" in message.body and "/accounts/password/reset/" in message.body
    assert message_send(message_id=message.pk) == "sent"
    assert "You already have an account" in mailoutbox[0].body
