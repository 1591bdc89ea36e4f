"""Invite-only sign-up: a social worker invites, the caregiver accepts once, within 14 days."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from accounts.models import CaregiverProfile, CaregiverStatus, Role, User
from invitations import services
from invitations.models import Invitation
from notifications.models import Message
from notifications.sending import message_send
from tests.invitations.factories import InvitationFactory

GOOD_PASSWORD = "kowhai tree sunrise 42"


def invite_form(region, **overrides):
    data = {
        "email": "New.Carer@Example.org",
        "first_name": "Mere",
        "last_name": "Parata",
        "region": region.pk,
        "social_worker": "",
        "caregiver_type": "kinship",
        "status": "approved",
        "approved_on": (timezone.localdate() - timedelta(days=3)).isoformat(),
    }
    data.update(overrides)
    return data


def accept_form(**overrides):
    data = {"first_name": "Mere", "last_name": "Parata", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}
    data.update(overrides)
    return data


def link(invitation: Invitation) -> str:
    return reverse("invitation_accept", kwargs={"uid": invitation.uid, "token": services.invitation_token(invitation)})


# --- Sending --------------------------------------------------------------------


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


def test_reinviting_revokes_the_old_link(social_worker, wellington):
    first = InvitationFactory(region=wellington, invited_by=social_worker, email="kiri@example.org")
    second = services.invitation_resend(invitation=first, by=social_worker)
    first.refresh_from_db()
    assert first.state == "revoked"
    assert second.state == "pending"
    assert Invitation.objects.open().get() == second


def test_revoke_from_the_list(client, social_worker, wellington):
    invitation = InvitationFactory(region=wellington, invited_by=social_worker)
    client.force_login(social_worker)
    client.post(reverse("invitation_revoke", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.state == "revoked"
    assert client.get(link(invitation)).status_code == 410


# --- Accepting --------------------------------------------------------------------


def test_valid_link_creates_a_verified_caregiver_and_signs_them_in(client, social_worker, wellington):
    invitation = InvitationFactory(
        region=wellington,
        invited_by=social_worker,
        social_worker=social_worker,
        status=CaregiverStatus.APPROVED,
        approved_on=timezone.localdate(),
        email="mere@example.org",
    )
    page = client.get(link(invitation))
    assert page.status_code == 200
    assert b"mere@example.org" in page.content

    response = client.post(link(invitation), accept_form())
    assert response.status_code == 302
    assert response["Location"] == reverse("profile")
    user = User.objects.get(email="mere@example.org")
    assert user.role == Role.CAREGIVER
    assert user.check_password(GOOD_PASSWORD)
    assert EmailAddress.objects.get(user=user).verified
    profile = CaregiverProfile.objects.get(user=user)
    assert (profile.region, profile.social_worker, profile.status) == (wellington, social_worker, "approved")
    invitation.refresh_from_db()
    assert invitation.state == "accepted" and invitation.accepted_user == user
    # Signed in: the profile page opens.
    assert client.get(reverse("profile")).status_code == 200


def test_reused_link_gets_a_clear_page(client, social_worker, wellington):
    invitation = InvitationFactory(region=wellington, invited_by=social_worker)
    client.post(link(invitation), accept_form())
    client.logout()
    response = client.get(link(invitation))
    assert response.status_code == 410
    assert b"already been used" in response.content
    again = client.post(link(invitation), accept_form())
    assert again.status_code == 410
    assert User.objects.filter(email=invitation.email).count() == 1


def test_expired_link_gets_a_clear_page(client, social_worker, wellington):
    invitation = InvitationFactory(region=wellington, invited_by=social_worker)
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=15), expires_at=timezone.now() - timedelta(days=1)
    )
    response = client.post(link(invitation), accept_form())
    assert response.status_code == 410
    assert b"expired" in response.content
    assert not User.objects.filter(email=invitation.email).exists()


@pytest.mark.parametrize(
    "mangle",
    [
        lambda uid, token: (uid, token[:-1] + ("0" if token[-1] != "0" else "1")),
        lambda uid, token: (uid, "x"),
        lambda uid, token: ("00000000-0000-0000-0000-000000000000", token),
    ],
    ids=["changed-token", "short-token", "unknown-uid"],
)
def test_tampered_link_gets_a_clear_page(client, social_worker, wellington, mangle):
    invitation = InvitationFactory(region=wellington, invited_by=social_worker)
    uid, token = mangle(str(invitation.uid), services.invitation_token(invitation))
    response = client.get(reverse("invitation_accept", kwargs={"uid": uid, "token": token}))
    assert response.status_code == 404
    assert b"not valid" in response.content


def test_malformed_uid_is_a_404_not_a_500(client):
    response = client.get("/invite/not-a-uuid/abc/")
    assert response.status_code == 404


def test_accept_form_rejects_bad_passwords_and_keeps_the_link_usable(client, social_worker, wellington):
    invitation = InvitationFactory(region=wellington, invited_by=social_worker)
    mismatch = client.post(link(invitation), accept_form(password2="something else entirely"))
    assert mismatch.status_code == 200
    assert "do not match" in mismatch.context["form"].errors["password2"][0]
    short = client.post(link(invitation), accept_form(password1="short", password2="short"))
    assert short.context["form"].errors["password1"]
    invitation.refresh_from_db()
    assert invitation.state == "pending"
    assert not User.objects.filter(email=invitation.email).exists()


def test_signed_in_person_is_asked_to_sign_out_first(client, caregiver, social_worker, wellington):
    invitation = InvitationFactory(region=wellington, invited_by=social_worker)
    client.force_login(caregiver)
    response = client.post(link(invitation), accept_form())
    assert response.status_code == 409
    invitation.refresh_from_db()
    assert invitation.state == "pending"


def test_open_sign_up_is_closed(client, db):
    response = client.post(
        reverse("account_signup"),
        {"email": "stranger@example.org", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD},
    )
    assert not User.objects.filter(email="stranger@example.org").exists()
    assert response.status_code == 200
    assert b"closed" in response.content.lower()


def test_one_open_invitation_per_address_is_a_database_rule(social_worker, wellington):
    from django.db import IntegrityError, transaction

    InvitationFactory(region=wellington, invited_by=social_worker, email="same@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationFactory(region=wellington, invited_by=social_worker, email="same@example.org")


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
