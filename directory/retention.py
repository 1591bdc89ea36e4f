"""How long the record of who read a shared care map is kept (settings.RETENTION)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import RetentionRule, register_retention

from .models import CareMapRead


def delete_old_care_map_reads(now: datetime) -> int:
    cutoff = now - settings.RETENTION["directory.care_map_reads"]
    _total, per_model = CareMapRead.objects.filter(read_at__lt=cutoff).delete()
    return per_model.get(CareMapRead._meta.label, 0)


register_retention(
    RetentionRule(
        key="directory.care_map_reads",
        model="directory.CareMapRead",
        action=_("deleted"),
        counted_from=_("when the care map was read"),
        apply=delete_old_care_map_reads,
    )
)
