"""Who may see and run which groups: the one place it is decided, built on
``accounts.policy``. Views fetch every group through these helpers.

- ``get_group_for_user``: the group's public page (for browsing and joining): any
  caregiver; social workers for their regions' groups and their caseload's groups;
  managers any. Others 404.
- ``get_group_for_member``: members list, meetings and content. Active members,
  the group's social workers (its region's, or the caregivers' own) and nobody
  else: caregivers outside the group 404, managers 403 (they see health figures,
  never member lists).
- ``get_group_to_manage``: facilitators and the region's social workers; 403 for
  those who may see the group otherwise, 404 for the rest.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts import policy
from accounts.models import Role

from .models import CURRENT_STATUSES, Group, MemberRole, Membership, MembershipStatus


def groups_visible_to(user) -> QuerySet[Group]:
    if policy.is_caregiver(user):
        return Group.objects.all()
    if policy.is_staff_member(user):
        if user.role == Role.MANAGER:
            return Group.objects.all()
        caseload_groups = Membership.objects.filter(
            status=MembershipStatus.ACTIVE, user__caregiver_profile__social_worker=user
        ).values("group_id")
        return Group.objects.filter(Q(region__in=policy.regions_for(user)) | Q(pk__in=caseload_groups))
    return Group.objects.none()


def membership_of(user, group: Group) -> Membership | None:
    """The person's current (requested or active) membership, if any."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(group=group, user=user, status__in=CURRENT_STATUSES)
        .select_related("agreement_version")
        .first()
    )


def get_group_for_user(user, pk: int) -> Group:
    try:
        return groups_visible_to(user).select_related("region", "social_worker").get(pk=pk)
    except Group.DoesNotExist:
        raise Http404("No such group.") from None


def is_regional_worker(user, group: Group) -> bool:
    """The social workers of the group's region (managers are not: they see figures, not people)."""
    return (
        policy.is_staff_member(user)
        and user.role == Role.SOCIAL_WORKER
        and policy.regions_for(user).filter(pk=group.region_id).exists()
    )


def can_see_members(user, group: Group, membership: Membership | None) -> bool:
    if membership is not None and membership.status == MembershipStatus.ACTIVE:
        return True
    if is_regional_worker(user, group) or (policy.is_staff_member(user) and group.social_worker_id == user.pk):
        return True
    # A social worker whose caseload includes a member (groups_visible_to let them see it).
    return bool(
        policy.is_staff_member(user)
        and user.role == Role.SOCIAL_WORKER
        and group.memberships.filter(
            status=MembershipStatus.ACTIVE, user__caregiver_profile__social_worker=user
        ).exists()
    )


def get_group_for_member(user, pk: int) -> tuple[Group, Membership | None]:
    """The group and the person's membership, for member-only pages (see the module docstring)."""
    group = get_group_for_user(user, pk)
    membership = membership_of(user, group)
    if can_see_members(user, group, membership):
        return group, membership
    if policy.is_staff_member(user) and user.role == Role.MANAGER:
        raise PermissionDenied
    raise Http404("No such group.")


def can_manage(user, group: Group, membership: Membership | None) -> bool:
    if is_regional_worker(user, group):
        return True
    return bool(
        membership is not None
        and membership.status == MembershipStatus.ACTIVE
        and membership.role == MemberRole.FACILITATOR
    )


def get_group_to_manage(user, pk: int) -> tuple[Group, Membership | None]:
    group = get_group_for_user(user, pk)
    membership = membership_of(user, group)
    if can_manage(user, group, membership):
        return group, membership
    if policy.is_caregiver(user) and not (membership and membership.status == MembershipStatus.ACTIVE):
        raise Http404("No such group.")
    raise PermissionDenied


def can_create_groups(user) -> bool:
    """Social workers create groups for their regions."""
    return policy.is_staff_member(user) and user.role == Role.SOCIAL_WORKER


def needs_agreement(membership: Membership | None, group: Group) -> bool:
    """An active member who has not accepted the current agreement sees no group content."""
    if membership is None or membership.status != MembershipStatus.ACTIVE:
        return False
    current = group.current_agreement()
    return current is not None and membership.agreement_version_id != current.pk


def get_constellation_for_member(user, pk: int) -> tuple[Group, Membership | None]:
    """A constellation's request log: its hub, its satellites and its social workers."""
    group, membership = get_group_for_member(user, pk)
    if not group.is_constellation:
        raise Http404("Not a constellation.")
    return group, membership


def is_hub(membership: Membership | None) -> bool:
    return bool(
        membership is not None
        and membership.status == MembershipStatus.ACTIVE
        and membership.role == MemberRole.FACILITATOR
        and membership.group.is_constellation
    )


def is_satellite(membership: Membership | None) -> bool:
    return bool(
        membership is not None
        and membership.status == MembershipStatus.ACTIVE
        and membership.role == MemberRole.MEMBER
        and membership.group.is_constellation
    )
