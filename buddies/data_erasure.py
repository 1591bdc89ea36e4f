"""Closing a caregiver's account: buddy profile, pairs (from either side), check-ins, enquiries."""

from __future__ import annotations

from accounts.personal_data import ErasureStep, register_erasure

from .models import BuddyProfile, CheckIn, Enquiry, Match
from .services import pairs_leave


def erase(user) -> None:
    BuddyProfile.objects.filter(user=user).delete()
    pairs_leave(user=user)
    # Kept for "did every new caregiver get a buddy" and the pair surveys; their side goes.
    # The reasons were written from both people's details (area, topics), so they go too.
    Match.objects.filter(new_caregiver=user).update(new_caregiver=None, feedback_new="", reasons="")
    Match.objects.filter(buddy=user).update(buddy=None, feedback_buddy="", reasons="")
    Match.objects.filter(ended_by=user).update(ended_by=None)
    CheckIn.objects.filter(logged_by=user).update(logged_by=None)
    Enquiry.objects.filter(ambassador=user).update(ambassador=None)


register_erasure(
    ErasureStep(
        key="buddies",
        erase=erase,
        order=20,
        actions={
            "buddies.BuddyProfile": "deleted",
            "buddies.Match": "kept without the person: their side set to none, their feedback and the "
            "pairing reasons blanked; open offers withdrawn (the new caregiver's next choice is offered), "
            "running pairs ended (the other person keeps theirs, pair counts kept)",
            "buddies.CheckIn": "kept without the person: logged by set to none (the pair's contact count kept)",
            "buddies.Enquiry": "kept without the person: ambassador set to none (the enquirer's record "
            "is the agency's)",
        },
    )
)
