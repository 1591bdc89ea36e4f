"""Read-only queries about the directory, for its pages, the profile and the reports."""

from __future__ import annotations

from django.db.models import Count

from accounts.models import Region

from .models import TrainingCompletion

# Counts below this are shown as "fewer than 5", as in the reports: a small number in a
# small region can point at one family.
SMALL_NUMBER = 5


def completions_of(user) -> list[TrainingCompletion]:
    return list(TrainingCompletion.objects.of(user))


def completions_by_region(regions) -> list[dict]:
    """For each region: completions recorded and caregivers who recorded them, with
    counts under ``SMALL_NUMBER`` suppressed (``None``); courses by the caregiver's region."""
    counts = {
        row["user__caregiver_profile__region"]: row
        for row in TrainingCompletion.objects.filter(user__caregiver_profile__region__in=regions)
        .values("user__caregiver_profile__region")
        .annotate(completions=Count("pk"), people=Count("user", distinct=True))
        .order_by()
    }
    rows = []
    for region in Region.objects.filter(pk__in=regions).order_by("name"):
        row = counts.get(region.pk, {"completions": 0, "people": 0})
        rows.append(
            {
                "region": region,
                "completions": suppress(row["completions"]),
                "people": suppress(row["people"]),
            }
        )
    return rows


def suppress(n: int) -> int | None:
    """Zero is shown (nobody to identify); 1–4 is hidden."""
    return None if 0 < n < SMALL_NUMBER else n
