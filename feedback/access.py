"""Who may read what in feedback beyond the reports (which are counts, for all staff).

Close-the-loop answers (``bank.COORDINATOR_ONLY``) are read by one person: the pair's
coordinating social worker, who assigned the buddy (``Match.assigned_by``) or, when the
caregiver chose their buddy, the new caregiver's own social worker. Not managers, not the
region's other social workers: people were told only that one person reads them.
"""

from __future__ import annotations

from django.http import Http404

from buddies import access as buddy_access


def coordinator_id(match) -> int | None:
    """The pair's coordinating social worker's id (the rule, once)."""
    if match.assigned_by_id is not None:
        return match.assigned_by_id
    profile = getattr(match.new_caregiver, "caregiver_profile", None) if match.new_caregiver_id else None
    return profile.social_worker_id if profile is not None else None


def get_pair_to_close_the_loop(user, pk: int):
    """The buddy pair whose close-the-loop answers ``user`` may read: 404 for a pair they cannot
    see and for one they can see but do not coordinate (the answers' existence is not theirs)."""
    match = buddy_access.get_match_for_user(user, pk)
    if coordinator_id(match) != user.pk:
        raise Http404("No such pair.")
    return match
