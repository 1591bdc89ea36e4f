"""Sending a new link (``invitation_resend``, POST from the invitation list): a fresh link
is emailed through the outbox and the old one stops working; an invitation already used
says so and sends nothing; staff of another region get 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from invitations import services
from invitations.models import Invitation
from notifications.models import Message
from tests.invitations.helpers import accept_form, link


@pytest.fixture
def invitation(social_worker, wellington):
    """Sent the way the invitation form sends it: one outbox row with its link."""
    return services.invitation_create(
        invited_by=social_worker,
        email="mere@example.org",
        first_name="Mere",
        last_name="Parata",
        region=wellington,
        status="approved",
        approved_on=timezone.localdate() - timedelta(days=3),
        caregiver_type="kinship",
        social_worker=social_worker,
    )


def resend(client, invitation: Invitation):
    return client.post(reverse("invitation_resend", args=[invitation.pk]), follow=True)


def test_a_fresh_link_is_emailed_and_the_old_link_stops_working(client, social_worker, invitation):
    client.force_login(social_worker)
    response = resend(client, invitation)
    assert response.redirect_chain == [(reverse("invitation_list"), 302)]
    assert "A new invitation link was sent to mere@example.org. The old link no longer works." in (
        response.content.decode()
    )

    fresh = Invitation.objects.open().get()
    assert fresh != invitation
    assert link(fresh) != link(invitation)
    assert (fresh.email, fresh.first_name, fresh.last_name, fresh.region, fresh.social_worker, fresh.status) == (
        "mere@example.org",
        "Mere",
        "Parata",
        invitation.region,
        invitation.social_worker,
        "approved",
    )
    # The new email is an outbox row of its own, carrying the new link and not the old one.
    first, second = Message.objects.filter(kind="invitation", to="mere@example.org").order_by("created_at", "pk")
    assert services.invitation_url(invitation) in first.body
    assert services.invitation_url(fresh) in second.body
    assert services.invitation_url(invitation) not in second.body
    assert second.status == "pending"

    client.logout()
    old = client.get(link(invitation))
    assert old.status_code == 410
    assert "This invitation has been replaced or cancelled" in old.content.decode()
    assert client.get(link(fresh)).status_code == 200


def test_an_expired_invitation_gets_a_new_link_that_works_for_14_days(client, social_worker, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=15), expires_at=timezone.now() - timedelta(days=1)
    )
    client.force_login(social_worker)
    resend(client, invitation)
    fresh = Invitation.objects.open().get()
    assert fresh.expires_at - fresh.created_at == timedelta(days=14)
    client.logout()
    assert client.get(link(invitation)).status_code == 410
    assert client.post(link(fresh), accept_form()).status_code == 302


def test_an_invitation_already_used_says_so_and_sends_nothing(client, social_worker, invitation):
    client.post(link(invitation), accept_form())  # Mere joins
    client.logout()
    client.force_login(social_worker)
    response = resend(client, invitation)
    assert response.redirect_chain == [(reverse("invitation_list"), 302)]
    page = response.content.decode()
    assert "mere@example.org has already joined." in page
    assert "A new invitation link was sent" not in page
    assert Invitation.objects.count() == 1
    assert Message.objects.filter(to="mere@example.org").count() == 1  # only the first invitation


def test_a_social_worker_of_another_region_gets_404_and_nothing_is_sent(client, social_worker_other_region, invitation):
    client.force_login(social_worker_other_region)
    response = client.post(reverse("invitation_resend", args=[invitation.pk]))
    assert response.status_code == 404
    assert Invitation.objects.get() == invitation
    assert Message.objects.count() == 1
    invitation.refresh_from_db()
    assert invitation.state == "pending"  # its link still works
