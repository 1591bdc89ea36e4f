"""Closing a caregiver's account: memberships, meeting roles and attendance, hub requests."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from accounts.personal_data import ErasureStep, register_erasure

from .models import (
    AgreementVersion,
    Attendance,
    GroupKind,
    HubRequest,
    MeetingRole,
    MemberRole,
    Membership,
    MembershipStatus,
)
from .models import Group as PeerGroup


def erase(user) -> None:
    now = timezone.now()
    # A constellation's out-of-hours contact is the hub's (their name and number).
    hub_of = Membership.objects.filter(user=user, role=MemberRole.FACILITATOR).values("group_id")
    PeerGroup.objects.filter(pk__in=hub_of, kind=GroupKind.CONSTELLATION).update(hub_contact="")
    MeetingRole.objects.filter(user=user).delete()
    Attendance.objects.filter(user=user).update(user=None)
    HubRequest.objects.filter(satellite=user).delete()
    HubRequest.objects.filter(answered_by=user).update(answered_by=None, answer="")
    AgreementVersion.objects.filter(created_by=user).update(created_by=None)
    # Left, from now: current member counts drop, past ones (joined, left) keep their numbers.
    Membership.objects.filter(user=user, ended_at__isnull=True).update(ended_at=now)
    Membership.objects.filter(user=user).update(user=None, status=MembershipStatus.LEFT, request_message="")
    Membership.objects.filter(decided_by=user).update(decided_by=None)
    Attendance.objects.filter(Q(recorded_by=user)).update(recorded_by=None)


register_erasure(
    ErasureStep(
        key="groups",
        erase=erase,
        order=20,
        actions={
            "groups.Membership": "kept without the person: user set to none, status left (from now), "
            "their message to the facilitators blanked; counts of members over time kept",
            "groups.Attendance": "kept without the person: user set to none, attendance counts kept",
            "groups.MeetingRole": "deleted",
            "groups.HubRequest": "their requests: deleted; answered by them (as hub): answer blanked, "
            "answered by set to none",
            "groups.Group": "the out-of-hours contact of a constellation they are the hub of: blanked; "
            "otherwise not changed (created by and social worker are staff)",
            "groups.AgreementVersion": "kept without the person: written by set to none, the text is the group's",
        },
    )
)
