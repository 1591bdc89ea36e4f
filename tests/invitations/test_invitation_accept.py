"""Accepting an invitation (``invitation_accept``, the public link): a valid link makes a
verified caregiver and signs them in, once; a used, expired or altered link gets a clear
page; bad passwords keep the link usable; a signed-in person is asked to sign out first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from accounts.models import CaregiverProfile, CaregiverStatus, Role, User
from invitations import services
from invitations.models import Invitation
from tests.invitations.factories import InvitationFactory
from tests.invitations.helpers import GOOD_PASSWORD, accept_form, link


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
