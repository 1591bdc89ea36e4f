"""Read-only queries about groups: health figures, the host suggestion, the groups
a social worker should look at. Used by the group pages and the home pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts import policy
from accounts.models import Role

from .models import (
    HEALTH_WINDOW_DAYS,
    NOT_MET_FLAG_DAYS,
    RECOMMENDED_MEETINGS_IN_WINDOW,
    Attendance,
    Group,
    GroupKind,
    HubRequest,
    Meeting,
    MeetingRole,
    MeetingRoleKind,
    MemberRole,
    Membership,
    MembershipStatus,
)


@dataclass(frozen=True)
class Health:
    recent_meetings: int
    recommended: int
    average_attendance: float | None
    members: int
    size_problem: str | None
    last_met_at: datetime | None
    not_met_recently: bool

    @property
    def meets_too_rarely(self) -> bool:
        return self.recent_meetings < self.recommended


def not_met_recently(group: Group, last_met_at: datetime | None, now: datetime) -> bool:
    """No meeting in 6 weeks (a group younger than that is given time to start)."""
    cutoff = now - timedelta(days=NOT_MET_FLAG_DAYS)
    if last_met_at is None:
        return group.created_at < cutoff
    return last_met_at < cutoff


def group_health(group: Group) -> Health:
    """The health panel's figures: three queries, whatever the group's size or history."""
    now = timezone.now()
    figures = (
        Group.objects.filter(pk=group.pk)
        .with_health(now)
        .with_member_count()
        .values("recent_meetings", "last_met_at", "member_count")[0]
    )
    window = now - timedelta(days=HEALTH_WINDOW_DAYS)
    per_meeting = (
        Attendance.objects.filter(
            meeting__group=group, meeting__event__starts_at__gte=window, meeting__event__starts_at__lt=now
        )
        .values("meeting")
        .annotate(came=Count("pk", filter=Q(attended=True)))
        .values_list("came", flat=True)
    )
    counts = list(per_meeting)
    average = round(sum(counts) / len(counts), 1) if counts else None
    return Health(
        recent_meetings=figures["recent_meetings"],
        recommended=RECOMMENDED_MEETINGS_IN_WINDOW,
        average_attendance=average,
        members=figures["member_count"],
        size_problem=group.size_problem(figures["member_count"]),
        last_met_at=figures["last_met_at"],
        not_met_recently=not_met_recently(group, figures["last_met_at"], now),
    )


def host_suggestion(group: Group) -> list[Membership]:
    """Active members willing to host, who has not hosted for longest first (never: first of all)."""
    last_hosted = (
        MeetingRole.objects.filter(meeting__group=group, role=MeetingRoleKind.HOST, user=OuterRef("user"))
        .order_by()
        .values("user")
        .annotate(last=Max("meeting__event__starts_at"))
        .values("last")
    )
    return list(
        Membership.objects.filter(group=group, willing_to_host=True)
        .active()
        .select_related("user")
        .annotate(last_hosted=Subquery(last_hosted))
        .order_by(F("last_hosted").asc(nulls_first=True), "joined_at", "pk")
    )


def groups_not_met_for(user) -> list[Group]:
    """Groups in a social worker's regions that have not met in 6 weeks, for their home page."""
    if not (policy.is_staff_member(user) and user.role == Role.SOCIAL_WORKER):
        return []
    now = timezone.now()
    cutoff = now - timedelta(days=NOT_MET_FLAG_DAYS)
    groups = (
        Group.objects.filter(region__in=policy.regions_for(user))
        .with_health(now)
        .filter(Q(last_met_at__lt=cutoff) | Q(last_met_at__isnull=True, created_at__lt=cutoff))
        .select_related("region")
        .order_by("last_met_at", "name")
    )
    return list(groups[:20])


def health_figures(groups: QuerySet[Group]) -> list[Group]:
    """Each group with ``recent_meetings``, ``last_met_at``, ``member_count`` and ``not_met`` (managers' table)."""
    now = timezone.now()
    rows = list(groups.with_health(now).with_member_count().select_related("region").order_by("region__name", "name"))
    for group in rows:
        group.not_met = not_met_recently(group, group.last_met_at, now)
        group.size_note = group.size_problem(group.member_count)
    return rows


def meetings_of(group: Group, *, upcoming: bool, reply_of=None) -> QuerySet[Meeting]:
    """The group's meetings with their events; with ``reply_of``, that person's reply to
    each (``my_response``: going, not_going or None) in the same query."""
    now = timezone.now()
    meetings = Meeting.objects.filter(group=group).select_related("event", "event__region")
    if reply_of is not None:
        meetings = meetings.annotate(my_response=Max("event__rsvps__response", filter=Q(event__rsvps__user=reply_of)))
    if upcoming:
        return meetings.filter(event__ends_at__gt=now).order_by("event__starts_at", "pk")
    return meetings.filter(event__ends_at__lte=now).order_by("-event__starts_at", "-pk")


def active_members(group: Group) -> QuerySet[Membership]:
    return Membership.objects.filter(group=group, status=MembershipStatus.ACTIVE).select_related("user")


def group_health_by_region(user) -> list[dict]:
    """Managers' figures, per region they cover, in one query: groups, how many met at least
    monthly (3 times in 90 days), how many have not met in 6 weeks, and how many are outside
    their size guidance. Figures only: no member is named."""
    now = timezone.now()
    rows = (
        Group.objects.filter(region__in=policy.regions_for(user))
        .with_health(now)
        .with_member_count()
        .values(
            "region__name", "kind", "rural", "capacity", "created_at", "recent_meetings", "last_met_at", "member_count"
        )
        .order_by()
    )
    by_region: dict[str, dict] = {}
    for row in rows:
        figures = by_region.setdefault(
            row["region__name"],
            {"name": row["region__name"], "groups": 0, "monthly": 0, "not_met": 0, "size": 0},
        )
        probe = Group(kind=row["kind"], rural=row["rural"], capacity=row["capacity"], created_at=row["created_at"])
        figures["groups"] += 1
        figures["monthly"] += row["recent_meetings"] >= RECOMMENDED_MEETINGS_IN_WINDOW
        figures["not_met"] += not_met_recently(probe, row["last_met_at"], now)
        figures["size"] += probe.size_problem(row["member_count"]) is not None
    return [by_region[name] for name in sorted(by_region)]


# --- For feedback surveys and managers' reports (feedback/) -------------------------------


def groups_with_members() -> dict[Group, list]:
    """Every group with active members: {group: [members' users]} (two queries)."""
    members = Membership.objects.filter(status=MembershipStatus.ACTIVE).select_related(
        "user__caregiver_profile", "group__region"
    )
    found: dict[Group, list] = {}
    for membership in members.order_by("group_id", "pk"):
        found.setdefault(membership.group, []).append(membership.user)
    return found


def meetings_by_region(region_ids: list[int], start, end) -> dict[int, dict]:
    """{region id: {"groups", "meetings", "attended"}}: groups of the regions, their meetings
    (not cancelled) that started in [start, end), and members recorded as attending them. Two queries."""
    figures = {pk: {"groups": 0, "meetings": 0, "attended": 0} for pk in region_ids}
    for row in Group.objects.filter(region_id__in=region_ids).values("region_id").order_by().annotate(n=Count("pk")):
        figures[row["region_id"]]["groups"] = row["n"]
    held = (
        Meeting.objects.filter(group__region_id__in=region_ids, event__starts_at__gte=start, event__starts_at__lt=end)
        .exclude(event__status="cancelled")
        .values("group__region_id")
        .order_by()
        .annotate(
            meetings=Count("pk", distinct=True), attended=Count("attendance", filter=Q(attendance__attended=True))
        )
    )
    for row in held:
        figures[row["group__region_id"]].update(meetings=row["meetings"], attended=row["attended"])
    return figures


def constellation_health(region_ids: list[int], start, end, *, answer_days: int) -> list[dict]:
    """Constellations of the regions, in name order, each {"name", "region", "satellites",
    "requests", "answered_in_time", "days", "meetings", "attended"}: satellite households now
    (active members who are not the hub, the facilitator), hub requests made in [start, end),
    those answered within ``answer_days`` days, the days each answered request waited (whole
    days, for a median), and the hub's meetings (not cancelled) in the period with members
    recorded as attending. Three queries whatever the number of constellations or requests.
    Figures only: no satellite, request or child is named."""
    constellations = list(
        Group.objects.filter(region_id__in=region_ids, kind=GroupKind.CONSTELLATION)
        .annotate(
            satellites=Count(
                "memberships",
                filter=Q(memberships__status=MembershipStatus.ACTIVE, memberships__role=MemberRole.MEMBER),
            )
        )
        .values("pk", "name", "region__name", "satellites")
        .order_by("name", "pk")
    )
    figures = {
        row["pk"]: {
            "name": row["name"], "region": row["region__name"], "satellites": row["satellites"], "requests": 0,
            "answered_in_time": 0, "days": [], "meetings": 0, "attended": 0,
        }
        for row in constellations
    }  # fmt: skip
    # Filtered like the first query rather than by its ids: an empty id list would skip the
    # query, and the report's query count would depend on whether there are constellations.
    ours = Q(group__region_id__in=region_ids, group__kind=GroupKind.CONSTELLATION)
    requests = HubRequest.objects.filter(ours, created_at__gte=start, created_at__lt=end).order_by()
    for group_id, created_at, answered_at in requests.values_list("group_id", "created_at", "answered_at"):
        row = figures.get(group_id)
        if row is None:
            continue  # a constellation made between the two queries
        row["requests"] += 1
        if answered_at is not None:
            row["days"].append((answered_at - created_at).days)
            row["answered_in_time"] += answered_at - created_at <= timedelta(days=answer_days)
    held = (
        Meeting.objects.filter(ours, event__starts_at__gte=start, event__starts_at__lt=end)
        .exclude(event__status="cancelled")
        .values("group_id")
        .order_by()
        .annotate(
            meetings=Count("pk", distinct=True), attended=Count("attendance", filter=Q(attendance__attended=True))
        )
    )
    for row in held:
        if row["group_id"] in figures:
            figures[row["group_id"]].update(meetings=row["meetings"], attended=row["attended"])
    return list(figures.values())
