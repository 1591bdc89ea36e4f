"""Closing a caregiver's account: what accounts (and the libraries' tables of people) do.

Runs last (``order``): every other app has already let go of the person, so deleting the user
row removes nothing another app meant to keep. The user row is deleted rather than kept as an
inert shell: a shell keeps the person's id in every row that points at it, and an id is enough
to put the pieces back together; deleted, the rows kept for counts point at nobody.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from .models import StaffRead
from .personal_data import ErasureStep, register_erasure
from .signout import end_sessions


def erase(user) -> None:
    # The trigger of migration 0007 allows exactly this update: who read, what and when stay
    # (the staff member's trail), the person and any reason written about them go.
    StaffRead.objects.filter(subject=user).update(subject=None, reason="")
    end_sessions(user)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    # The admin's history of changes to her account names her in object_repr.
    LogEntry.objects.filter(user=user).delete()
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)).delete()
    # Profiles go with the user (CASCADE); every other app's rows were dealt with before.
    user.delete()


register_erasure(
    ErasureStep(
        key="accounts",
        erase=erase,
        order=900,
        actions={
            "accounts.User": "deleted (not kept as a shell: an id left behind would link the kept rows again)",
            "accounts.CaregiverProfile": "deleted",
            "accounts.StaffProfile": "deleted (staff accounts are deactivated instead, never erased)",
            "accounts.StaffRead": "kept without the person: subject set to none and reason blanked; "
            "who read what kind of page and when stays (the staff member's audit trail)",
            "account.EmailAddress": "deleted",
            "mfa.Authenticator": "deleted",
            "admin.LogEntry": "deleted: entries by the person and entries about their account",
            "sessions.Session": "deleted: signed out everywhere",
        },
    )
)
