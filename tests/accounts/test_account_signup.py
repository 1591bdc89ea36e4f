"""allauth's sign-up page (``account_signup``) is closed: caregivers join by invitation
(tests/invitations/test_invitation_accept.py)."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User

GOOD_PASSWORD = "kowhai tree sunrise 42"


def test_open_sign_up_is_closed(client, db):
    response = client.post(
        reverse("account_signup"),
        {"email": "stranger@example.org", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD},
    )
    assert not User.objects.filter(email="stranger@example.org").exists()
    assert response.status_code == 200
    assert b"closed" in response.content.lower()
