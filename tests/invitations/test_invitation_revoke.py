"""Cancelling an invitation from the list (``invitation_revoke``): its link stops working."""

from __future__ import annotations

from django.urls import reverse

from tests.invitations.factories import InvitationFactory
from tests.invitations.helpers import link


def test_revoke_from_the_list(client, social_worker, wellington):
    invitation = InvitationFactory(region=wellington, invited_by=social_worker)
    client.force_login(social_worker)
    client.post(reverse("invitation_revoke", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.state == "revoked"
    assert client.get(link(invitation)).status_code == 410
