"""invitations.services, called directly: re-inviting revokes the old link, and the
database holds the rule behind it (one open invitation per address)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from invitations import services
from invitations.models import Invitation
from tests.invitations.factories import InvitationFactory


def test_reinviting_revokes_the_old_link(social_worker, wellington):
    first = InvitationFactory(region=wellington, invited_by=social_worker, email="kiri@example.org")
    second = services.invitation_resend(invitation=first, by=social_worker)
    first.refresh_from_db()
    assert first.state == "revoked"
    assert second.state == "pending"
    assert Invitation.objects.open().get() == second


def test_one_open_invitation_per_address_is_a_database_rule(social_worker, wellington):
    InvitationFactory(region=wellington, invited_by=social_worker, email="same@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationFactory(region=wellington, invited_by=social_worker, email="same@example.org")
