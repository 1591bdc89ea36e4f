"""Closing a caregiver's account: their posts go, as when a member leaving removes them (issue 12)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from accounts.personal_data import ErasureStep, register_erasure

from .models import ModerationLog, ProtectedName, ReadMarker, Report
from .services import posts_erase_author


def erase(user) -> None:
    # The title others see stays readable for them, in the site's language; it names nobody.
    with translation.override(settings.LANGUAGE_CODE):
        neutral_title = gettext("A conversation started by a former member")
    posts_erase_author(user=user, neutral_title=neutral_title)
    ProtectedName.objects.filter(user=user).delete()
    ReadMarker.objects.filter(user=user).delete()
    Report.objects.filter(reporter=user).delete()
    ModerationLog.objects.filter(actor=user).update(actor=None, reason="")


register_erasure(
    ErasureStep(
        key="privacy",
        erase=erase,
        order=10,
        actions={
            "privacy.Post": "deleted for good (not hidden), one audit row each without a name",
            "privacy.Thread": "theirs with no other posts: deleted; answered by others: kept without the "
            "person (author set to none, their title replaced by a neutral one)",
            "privacy.ProtectedName": "deleted",
            "privacy.ReadMarker": "deleted",
            "privacy.Report": "deleted",
            "privacy.ModerationLog": "kept without the person: actor set to none, reason blanked",
        },
    )
)
