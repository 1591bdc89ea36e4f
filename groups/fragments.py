"""The key of the cached HTML of the Groups page's cards (its ``{% cache %}`` block).

Built from exactly the values a card shows, plus the language, like
``events.fragments``: nothing has to be invalidated when a group changes or someone
joins, and two people who would see the same cards share one copy.
"""

from __future__ import annotations

from django.utils import translation

from .models import Group


def group_values(group: Group) -> tuple:
    return (
        group.pk,
        group.name,
        group.kind,
        group.theme,
        group.area,
        group.region.name,
        group.frequency,
        group.weekday,
        group.meets_at,
        group.meeting_place,
        group.is_evening,
        group.is_weekend,
        group.joining_policy,
        group.capacity,
        group.member_count,
        group.my_status,
    )


def group_list_key(groups: list[Group]) -> str:
    return repr((translation.get_language(), [group_values(g) for g in groups]))
