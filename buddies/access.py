"""Who may see and act on which buddy matches, built on ``accounts.policy``. The one
place these rules live; views fetch every match through these helpers.

- The two people in a pair see it; so do social workers of the new caregiver's
  region. Anyone else signed in gets 404 (a pair's existence is private).
  Managers see figures only: the pair pages are not for their role (403).
- Only the buddy answers an offer; only the two people log contacts, do the fit
  check or leave feedback (403 for the social worker, who sees all of it).
- A caregiver sees only their own suggestions (there is no URL for anyone else's).
  A buddy sees a match only once it was offered to them: a new caregiver's list of
  next choices, and the people they set aside, stay the new caregiver's (404).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from accounts import policy
from accounts.models import CaregiverProfile, Role

from .models import Enquiry, Match, MatchStatus

# Matches that never reached the buddy: the new caregiver's private choices.
NOT_SHOWN_TO_BUDDY = (MatchStatus.SUGGESTED, MatchStatus.PASSED, MatchStatus.WITHDRAWN)

pair_roles = policy.role_required(Role.CAREGIVER, Role.SOCIAL_WORKER)
social_worker_required = policy.role_required(Role.SOCIAL_WORKER)
# How matches are weighted is a practice decision for managers.
manager_required = policy.role_required(Role.MANAGER)


def is_social_worker(user) -> bool:
    return policy.is_staff_member(user) and user.role == Role.SOCIAL_WORKER


def matches_visible_to(user):
    if policy.is_caregiver(user):
        offered_to_them = ~Q(status__in=NOT_SHOWN_TO_BUDDY) | Q(offered_at__isnull=False)
        return Match.objects.filter(Q(new_caregiver=user) | (Q(buddy=user) & offered_to_them))
    if is_social_worker(user):
        return Match.objects.in_regions(policy.regions_for(user))
    return Match.objects.none()


def get_match_for_user(user, pk: int) -> Match:
    try:
        return (
            matches_visible_to(user)
            .select_related("new_caregiver__caregiver_profile__region", "buddy__caregiver_profile", "assigned_by")
            .get(pk=pk)
        )
    except Match.DoesNotExist:
        raise Http404("No such match.") from None


def get_match_as_party(user, pk: int) -> Match:
    """For the pair's own actions: 404 if not theirs to see, 403 for their social worker."""
    match = get_match_for_user(user, pk)
    if match.party(user) is None:
        raise PermissionDenied
    return match


def get_offer_to_answer(user, pk: int) -> Match:
    match = get_match_for_user(user, pk)
    if match.party(user) != "buddy":
        raise PermissionDenied
    return match


def can_end(user, match: Match) -> bool:
    return match.party(user) is not None or is_social_worker(user)


def get_new_caregiver_to_assign(user, pk: int) -> CaregiverProfile:
    """A caregiver in the social worker's regions (404 otherwise)."""
    if not is_social_worker(user):
        raise PermissionDenied
    return policy.get_caregiver_for_user(user, pk)


def enquiries_visible_to(user):
    if not is_social_worker(user):
        return Enquiry.objects.none()
    return Enquiry.objects.filter(region__in=policy.regions_for(user))


def get_enquiry_for_user(user, pk: int) -> Enquiry:
    """Social workers see the enquiries of their regions (404 for others')."""
    try:
        return enquiries_visible_to(user).select_related("region", "ambassador", "recorded_by").get(pk=pk)
    except Enquiry.DoesNotExist:
        raise Http404("No such enquiry.") from None
