"""Closing a caregiver's account: their downloads and earlier closure requests."""

from __future__ import annotations

from accounts.personal_data import ErasureStep, register_erasure

from .models import ClosureRequest, DataExport


def erase(user) -> None:
    # A prepared download is a full copy of what is being erased.
    DataExport.objects.filter(user=user).delete()
    # The open request is marked closed by mydata.closure once every step has run.
    ClosureRequest.objects.filter(user=user).update(user=None, decline_reason="")


register_erasure(
    ErasureStep(
        key="mydata",
        erase=erase,
        order=20,
        actions={
            "mydata.DataExport": "deleted, prepared documents included",
            "mydata.ClosureRequest": "kept without the person: user set to none, a social worker's reason "
            "for not closing blanked; dates and status kept",
        },
    )
)
