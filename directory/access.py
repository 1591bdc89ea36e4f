"""Who may see, curate and send which listings, built on ``accounts.policy``.

The directory is open to everyone signed in who supports or is a caregiver: a
current listing is no secret. A retired listing is known only to the staff who
could curate it (others get 404). Social workers curate their regions' listings;
managers curate every listing, national ones included (others get 403).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import policy
from accounts.models import Region, Role

from .models import Listing

directory_users = policy.role_required(Role.CAREGIVER, Role.SOCIAL_WORKER, Role.MANAGER)
managers_only = policy.role_required(Role.MANAGER)
social_workers_only = policy.role_required(Role.SOCIAL_WORKER)


def curates_national(user) -> bool:
    return policy.is_staff_member(user) and user.role == Role.MANAGER


def listings_to_curate(user):
    """Every listing (retired too) this staff member may edit."""
    if curates_national(user):
        return Listing.objects.all()
    if policy.is_staff_member(user):
        return Listing.objects.filter(region__in=policy.regions_for(user))
    return Listing.objects.none()


def regions_to_curate(user):
    if curates_national(user):
        return Region.objects.all()
    return policy.regions_for(user)


def can_manage_listing(user, listing: Listing) -> bool:
    if curates_national(user):
        return True
    if not policy.is_staff_member(user) or listing.region_id is None:
        return False
    return policy.regions_for(user).filter(pk=listing.region_id).exists()


def can_send_listing(user, listing: Listing) -> bool:
    """Social workers send current listings to caregivers on their caseload."""
    return policy.is_staff_member(user) and user.role == Role.SOCIAL_WORKER and not listing.is_retired


def can_see_training_report(user) -> bool:
    return policy.is_staff_member(user) and user.role == Role.MANAGER


def get_listing_for_user(user, pk: int) -> Listing:
    """A current listing for anyone with a role here; a retired one only for its curators (else 404)."""
    try:
        listing = Listing.objects.select_related("region").get(pk=pk)
    except Listing.DoesNotExist:
        raise Http404("No such listing.") from None
    if listing.is_retired and not can_manage_listing(user, listing):
        raise Http404("No such listing.")
    return listing


def get_listing_to_manage(user, pk: int) -> Listing:
    """404 if the person may not know the listing; 403 if they may see it but not curate it."""
    listing = get_listing_for_user(user, pk)
    if not can_manage_listing(user, listing):
        raise PermissionDenied
    return listing


def get_course_for_user(user, pk: int) -> Listing:
    listing = get_listing_for_user(user, pk)
    if not listing.is_course:
        raise Http404("Not a training course.")
    return listing
