"""Two tabs accepting the same invitation at the same moment create one account."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from accounts.models import User
from invitations import services
from tests.invitations.factories import InvitationFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI sets DATABASE_URL)"
)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_accepts_create_one_account(social_worker, wellington):
    invitation = InvitationFactory(region=wellington, invited_by=social_worker)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def accept():
        try:
            barrier.wait(timeout=10)
            services.invitation_accept(
                invitation=invitation, first_name="Kiri", last_name="Invitee", password="kowhai tree sunrise 42"
            )
            outcomes.append("created")
        except services.InvitationNotUsable as exc:
            outcomes.append(exc.state)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["accepted", "created"]
    assert User.objects.filter(email=invitation.email).count() == 1
