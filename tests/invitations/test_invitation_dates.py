"""An approval date typed on the invitation form: not in the future, not before 1940."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import CaregiverStatus, CaregiverType
from invitations.models import Invitation


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0001-01-01", "Enter a date after 1940. An approximate date is fine."),
        ("2999-01-01", "The approval date cannot be in the future."),
    ],
)
def test_an_implausible_approval_date_is_refused_next_to_the_field(client, social_worker, wellington, typed, message):
    client.force_login(social_worker)
    response = client.post(
        reverse("invitation_create"),
        {
            "email": "new.carer@example.org",
            "first_name": "Aroha",
            "region": wellington.pk,
            "social_worker": social_worker.pk,
            "caregiver_type": CaregiverType.KINSHIP,
            "status": CaregiverStatus.APPROVED,
            "approved_on": typed,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["approved_on"] == [message]
    assert Invitation.objects.count() == 0
