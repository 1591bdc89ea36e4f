"""The invitation list (``invitation_list``): its query budget (1 row as for 60, more than
a page). Revoking from the list is tested in test_invitation_revoke.py."""

from __future__ import annotations

from django.urls import reverse

from tests.invitations.factories import InvitationFactory
from tests.querycount import assert_constant_queries


def test_invitation_list_query_budget(client, social_worker, wellington):
    client.force_login(social_worker)
    InvitationFactory(region=wellington, invited_by=social_worker)

    def add_rows():
        for _ in range(60):
            InvitationFactory(region=wellington, invited_by=social_worker)

    # 1 session, 2 user, 3 TOTP check, 4 staff profile, 5 count, 6 the page with region and inviter joined.
    assert_constant_queries(lambda: client.get(reverse("invitation_list")), add_rows, expected=6)
