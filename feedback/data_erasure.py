"""Closing a caregiver's account: survey invitations and answers keep their counts, not the person."""

from __future__ import annotations

from accounts.personal_data import ErasureStep, register_erasure

from .models import Answer, Invitation, Response


def erase(user) -> None:
    # Scores stay in the reports; what they wrote in their own words goes.
    Answer.objects.filter(response__user=user).exclude(text="").update(text="")
    Response.objects.filter(user=user).update(user=None, share_name=False)
    Invitation.objects.filter(user=user).update(user=None)


register_erasure(
    ErasureStep(
        key="feedback",
        erase=erase,
        order=20,
        actions={
            "feedback.Response": "kept without the person: user set to none, name no longer shared, free-text "
            "answers blanked; scores and response counts kept",
            "feedback.Invitation": "kept without the person: user set to none (response rates kept)",
        },
    )
)
