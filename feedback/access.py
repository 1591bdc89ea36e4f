"""Who may read what in feedback beyond the reports (which are counts, for all staff).

Close-the-loop answers (``bank.COORDINATOR_ONLY``) are read by one person: the pair's
coordinating social worker (``buddies.models.Match.coordinator_id``: who assigned the buddy or,
when the caregiver chose their buddy, the new caregiver's own social worker). Not managers, not the
region's other social workers: people were told only that one person reads them.
"""

from __future__ import annotations

from django.http import Http404

from buddies import access as buddy_access


def get_pair_to_close_the_loop(user, pk: int):
    """The buddy pair whose close-the-loop answers ``user`` may read: 404 for a pair they cannot
    see and for one they can see but do not coordinate (the answers' existence is not theirs)."""
    match = buddy_access.get_match_for_user(user, pk)
    if match.coordinator_id != user.pk:
        raise Http404("No such pair.")
    return match
