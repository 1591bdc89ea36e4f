"""Recording staff reads of a caregiver's information (``accounts.models.StaffRead``).

Call :func:`record_read` from every view that shows staff a caregiver's record, care map,
reply details, survey answers or a CSV export with caregivers in it. Caregivers see their own
rows ("Who has looked at my record"); managers review them by staff member.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from .models import ReadKind, StaffRead


def record_read(*, reader, subject, what: ReadKind, object_id: int | None = None, reason: str = "") -> StaffRead:
    return StaffRead.objects.create(reader=reader, subject=subject, what=what, object_id=object_id, reason=reason)


def record_reads(*, reader, subjects: Iterable, what: ReadKind, object_id: int | None = None, reason: str = "") -> int:
    """One row per caregiver, in one INSERT (a CSV export of an event's replies)."""
    now = timezone.now()
    rows = [
        StaffRead(reader=reader, subject=subject, what=what, object_id=object_id, reason=reason, at=now)
        for subject in subjects
    ]
    StaffRead.objects.bulk_create(rows)
    return len(rows)
