"""Closing a caregiver's account: training records and the care map go."""

from __future__ import annotations

from accounts.personal_data import ErasureStep, register_erasure

from .models import CareMapEntry, CareMapRead, CareMapShare, Listing, TrainingCompletion


def erase(user) -> None:
    TrainingCompletion.objects.filter(user=user).delete()
    CareMapRead.objects.filter(owner=user).delete()
    CareMapShare.objects.filter(owner=user).delete()
    CareMapEntry.objects.filter(owner=user).delete()
    Listing.objects.filter(created_by=user).update(created_by=None)
    Listing.objects.filter(updated_by=user).update(updated_by=None)


register_erasure(
    ErasureStep(
        key="directory",
        erase=erase,
        order=20,
        actions={
            "directory.TrainingCompletion": "deleted",
            "directory.CareMapEntry": "deleted",
            "directory.CareMapShare": "deleted",
            "directory.CareMapRead": "deleted (the record of staff reading their care map)",
            "directory.Listing": "not changed: staff write listings (created or updated by them: set to none)",
        },
    )
)
