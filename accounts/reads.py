"""Recording staff reads of a caregiver's information (``accounts.models.StaffRead``).

Call :func:`record_read` from every view that shows staff a caregiver's record, care map,
reply details, survey answers or a CSV export with caregivers in it — after its access
check, and outside any lazy (page-cached) part, so that a page drawn from the page cache
is recorded too. Caregivers see their own rows ("Who has looked at my record",
:func:`reads_of`); managers review them by staff member (:func:`reads_visible_to`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone

from . import policy
from .models import ReadKind, StaffRead
from .signals import reads_recorded


def record_read(*, reader, subject, what: ReadKind, object_id: int | None = None, reason: str = "") -> StaffRead:
    read = StaffRead.objects.create(reader=reader, subject=subject, what=what, object_id=object_id, reason=reason)
    reads_recorded.send(sender=StaffRead, subject_ids=[read.subject_id])
    return read


def record_reads(*, reader, subjects: Iterable, what: ReadKind, object_id: int | None = None, reason: str = "") -> int:
    """One row per caregiver (users or their ids; each once), in one INSERT (a page of an
    event's replies, a CSV export of them). Nothing is written for an empty list."""
    ids = dict.fromkeys(getattr(subject, "pk", subject) for subject in subjects)
    return record_reads_of_objects(reader=reader, pairs=[(pk, object_id) for pk in ids], what=what, reason=reason)


def record_reads_of_objects(
    *, reader, pairs: Iterable[tuple[int, int | None]], what: ReadKind, reason: str = ""
) -> int:
    """One row per (caregiver id, object id) pair, each once, in one INSERT (a report naming
    people with their answers to several surveys)."""
    pairs = list(dict.fromkeys(pairs))
    if not pairs:
        return 0
    now = timezone.now()
    rows = [
        StaffRead(reader=reader, subject_id=pk, what=what, object_id=object_id, reason=reason, at=now)
        for pk, object_id in pairs
    ]
    StaffRead.objects.bulk_create(rows)
    reads_recorded.send(sender=StaffRead, subject_ids=list(dict.fromkeys(pk for pk, _ in pairs)))
    return len(rows)


def reads_of(subject) -> QuerySet[StaffRead]:
    """What a caregiver is shown: who looked at their things and when, newest first."""
    return (
        StaffRead.objects.filter(subject=subject)
        .select_related("reader", "reader__staff_profile")
        .order_by("-at", "-pk")
    )


def reads_visible_to(manager) -> QuerySet[StaffRead]:
    """Reads of caregivers in the manager's regions (``accounts.policy``), newest first.
    A national manager also sees reads whose caregiver has closed their account (subject
    none): nobody can tell any more which region they were in."""
    profile = getattr(manager, "staff_profile", None)
    if profile is not None and profile.all_regions:
        reads = StaffRead.objects.all()
    else:
        reads = StaffRead.objects.filter(subject__caregiver_profile__in=policy.caregivers_visible_to(manager))
    return reads.order_by("-at", "-pk")
