"""The invitation admin only shows invitations; revoking and resending go through
invitations.services, so a new link is always emailed through the outbox."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from invitations import services
from invitations.models import Invitation
from notifications.models import Message
from tests.invitations.factories import InvitationFactory

CHANGELIST = reverse("admin:invitations_invitation_changelist")


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def invitation(social_worker, wellington):
    return services.invitation_create(
        invited_by=social_worker,
        email="new.carer@example.org",
        first_name="Mere",
        region=wellington,
        status="provisional",
        approved_on=None,
        caregiver_type="foster",
        social_worker=social_worker,
    )


def act(client, action: str, *invitations: Invitation):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [i.pk for i in invitations]})


def test_resending_writes_a_fresh_link_to_the_outbox(superuser_client, superuser, invitation):
    assert act(superuser_client, "resend", invitation).status_code == 302

    fresh = Invitation.objects.open().get(email=invitation.email)
    assert fresh.pk != invitation.pk
    assert fresh.invited_by == superuser
    email = Message.objects.get(kind="invitation", idempotency_key=f"invitation:{fresh.pk}:email")
    assert email.to == invitation.email
    assert services.invitation_url(fresh) in email.body
    invitation.refresh_from_db()
    assert invitation.state == "revoked"


def test_resending_an_address_twice_in_one_go_sends_one_email(superuser_client, invitation, social_worker):
    older = InvitationFactory(
        email=invitation.email, region=invitation.region, invited_by=social_worker, revoked_at=timezone.now()
    )
    before = Message.objects.filter(kind="invitation").count()

    act(superuser_client, "resend", invitation, older)

    assert Message.objects.filter(kind="invitation").count() == before + 1
    assert Invitation.objects.open().filter(email=invitation.email).count() == 1


def test_an_accepted_invitation_is_not_resent(superuser_client, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    before = Message.objects.count()

    act(superuser_client, "resend", invitation)

    assert Message.objects.count() == before


def test_revoking_stops_the_link(superuser_client, invitation):
    act(superuser_client, "revoke", invitation)

    invitation.refresh_from_db()
    assert invitation.state == "revoked"


def test_invitations_are_not_added_or_edited_by_hand(superuser_client, invitation):
    change = reverse("admin:invitations_invitation_change", args=[invitation.pk])

    assert superuser_client.get(reverse("admin:invitations_invitation_add")).status_code == 403
    assert superuser_client.get(change).status_code == 200
    assert superuser_client.post(change, {"email": "someone.else@example.org"}).status_code == 403
    invitation.refresh_from_db()
    assert invitation.email == "new.carer@example.org"
