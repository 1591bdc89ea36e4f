"""Closing a caregiver's account: training records and the care map go. (Staff reads of the
care map are accounts.StaffRead rows: accounts' step keeps them without the person.)"""

from __future__ import annotations

from accounts.personal_data import ErasureStep, register_erasure

from .models import CareMapEntry, CareMapShare, Listing, TrainingCompletion


def erase(user) -> None:
    TrainingCompletion.objects.filter(user=user).delete()
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
            "directory.Listing": "not changed: staff write listings (created or updated by them: set to none)",
        },
    )
)
