"""Read-only queries other apps and the home pages use."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from . import policy
from .models import CaregiverStatus

NEWLY_APPROVED_DAYS = 90


def caregiver_figures_by_region(user) -> list[dict]:
    """Caregivers per region this person covers, and how many were approved recently, in one query.

    One join (region to caregivers), so plain counts: DISTINCT would sort every caregiver."""
    recently = timezone.localdate() - timedelta(days=NEWLY_APPROVED_DAYS)
    return list(
        policy.regions_for(user)
        .annotate(
            caregiver_count=Count("caregivers"),
            newly_approved=Count(
                "caregivers",
                filter=Q(caregivers__status=CaregiverStatus.APPROVED, caregivers__approved_on__gte=recently),
            ),
        )
        .values("name", "caregiver_count", "newly_approved")
    )
