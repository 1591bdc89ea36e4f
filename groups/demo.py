"""Demo peer groups: groups across the regions and kinds, a constellation around a hub
home, memberships, meetings past and future with roles and attendance.

Runs after ``accounts.demo`` (regions, staff, caregivers). Groups are found again by
name and region, so a second run makes nothing new (it only tops up a group's next
meeting when the last one has passed). Memberships are written directly, as if
approved long ago: the demo tells nobody anything through the outbox.

For the walk-through: ``carer@example.org`` is a member of the Lower Hutt coffee
group and the hub of the Hutt Valley constellation; ``newcarer@example.org`` is a
member of nothing, and the Porirua evening group (Saturday 6:30pm, by request)
suits her weekend availability. The Kāpiti group last met two months ago.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.demo import CARER_EMAIL, NEWCARER_EMAIL
from accounts.models import Region, User
from events import services as event_services

from . import services
from .models import (
    Attendance,
    Frequency,
    Group,
    GroupKind,
    HubRequest,
    HubRequestKind,
    HubRequestStatus,
    JoiningPolicy,
    Meeting,
    MeetingPlace,
    MeetingRole,
    MeetingRoleKind,
    MemberRole,
    Membership,
    MembershipStatus,
    Theme,
    Weekday,
)

STEPS = ("Peer groups and members", "Group meetings, roles and attendance")
PORIRUA_GROUP = "Porirua evening whānau group"
LOWER_HUTT_GROUP = "Lower Hutt coffee group"
CONSTELLATION = "Hutt Valley constellation"
NOT_MET_GROUP = "Kāpiti teens support group"


def _no_progress(step: str) -> None:
    pass


@dataclasses.dataclass(frozen=True)
class DemoGroup:
    name: str
    region: str
    kind: str
    area: str
    place: str
    frequency: str
    weekday: int
    at: time
    policy: str
    description: str
    theme: str = Theme.NONE
    rural: bool = False
    capacity: int = 12
    hub_contact: str = ""
    members: tuple[int, int] = (0, 5)  # a slice of the region's generated caregivers
    past_days: tuple[int, ...] = (75, 45, 15)  # meetings this many days ago
    upcoming: int = 2


DEMO_GROUPS = [
    DemoGroup(
        LOWER_HUTT_GROUP, "Wellington", GroupKind.COFFEE, "Lower Hutt", MeetingPlace.CAFE, Frequency.FORTNIGHTLY,
        Weekday.THURSDAY, time(19), JoiningPolicy.BY_REQUEST,
        "A relaxed catch-up over coffee for foster and whānau caregivers in the Hutt.", members=(0, 5),
    ),
    DemoGroup(
        PORIRUA_GROUP, "Wellington", GroupKind.SUPPORT, "Porirua", MeetingPlace.MARAE, Frequency.MONTHLY,
        Weekday.SATURDAY, time(18, 30), JoiningPolicy.BY_REQUEST,
        "Kinship and whānau caregivers supporting each other, with kai, on a Saturday evening.",
        theme=Theme.KINSHIP, members=(5, 9), past_days=(40, 12),
    ),
    DemoGroup(
        CONSTELLATION, "Wellington", GroupKind.CONSTELLATION, "Upper Hutt", MeetingPlace.HOME, Frequency.MONTHLY,
        Weekday.SUNDAY, time(14), JoiningPolicy.BY_INVITATION,
        "A hub home carer and seven satellite households: monthly get-togethers, sleepovers and advice.",
        capacity=10, hub_contact="Aroha, 021 000 0001 (evenings and weekends)", members=(3, 10),
    ),
    DemoGroup(
        NOT_MET_GROUP, "Wellington", GroupKind.SUPPORT, "Kāpiti", MeetingPlace.ON_SITE, Frequency.MONTHLY,
        Weekday.TUESDAY, time(19), JoiningPolicy.BY_REQUEST,
        "For caregivers of teenagers: what works, what doesn't, and a cuppa.",
        theme=Theme.TEENS, members=(1, 6), past_days=(120, 90, 60), upcoming=0,
    ),
    DemoGroup(
        "Manukau coffee group", "Auckland", GroupKind.COFFEE, "Manukau", MeetingPlace.CAFE, Frequency.WEEKLY,
        Weekday.WEDNESDAY, time(10), JoiningPolicy.OPEN,
        "Drop in for a coffee after the school run.", members=(0, 6), past_days=(21, 14, 7),
    ),
    DemoGroup(
        "Auckland FASD support group", "Auckland", GroupKind.SUPPORT, "Auckland-wide", MeetingPlace.ONLINE,
        Frequency.MONTHLY, Weekday.MONDAY, time(19, 30), JoiningPolicy.BY_REQUEST,
        "Caring for tamariki with FASD: strategies, resources and understanding.",
        theme=Theme.FASD, members=(4, 9),
    ),
    DemoGroup(
        "Christchurch training forum", "Canterbury", GroupKind.TRAINING, "Christchurch", MeetingPlace.ON_SITE,
        Frequency.MONTHLY, Weekday.THURSDAY, time(18), JoiningPolicy.OPEN,
        "A guest speaker each month, then questions and discussion.", members=(0, 6),
    ),
    DemoGroup(
        "Rangiora rural coffee group", "Canterbury", GroupKind.COFFEE, "Rangiora", MeetingPlace.PARK,
        Frequency.FORTNIGHTLY, Weekday.FRIDAY, time(10), JoiningPolicy.OPEN,
        "Coffee in the park (the library when it rains) for North Canterbury caregivers.",
        rural=True, members=(6, 10), past_days=(28, 14),
    ),
]  # fmt: skip


def seed(
    *, today: date | None = None, regions: dict[str, Region], workers: dict[str, User],
    progress: Callable[[str], None] = _no_progress,
) -> int:  # fmt: skip
    """Create or refresh the demo groups; returns how many there are.

    1. Each group (with version 1 of the default agreement, through groups.services)
       and its members: the first facilitates; carer@example.org joins the Lower Hutt
       coffee group and hubs the constellation.
    2. Meetings: past ones (moved into the past through events.services, with roles and
       attendance) and the next ones on the usual schedule.
    """
    today = today or timezone.localdate()
    progress(STEPS[0])
    carer = User.objects.get(email=CARER_EMAIL)
    made = []
    for spec in DEMO_GROUPS:
        region = regions[spec.region]
        worker = workers[spec.region]
        group = Group.objects.filter(name=spec.name, region=region).first()
        is_new = group is None
        if is_new:
            group = services.group_create(
                created_by=worker, name=spec.name, kind=spec.kind, theme=spec.theme, region=region, area=spec.area,
                rural=spec.rural, description=spec.description, meeting_place=spec.place, frequency=spec.frequency,
                weekday=spec.weekday, meets_at=spec.at, joining_policy=spec.policy, capacity=spec.capacity,
                hub_contact=spec.hub_contact,
            )  # fmt: skip
            people = _demo_caregivers(region)[slice(*spec.members)]
            if spec.name == CONSTELLATION:
                people = [carer, *people]  # the hub first: it facilitates
            elif spec.name == LOWER_HUTT_GROUP:
                people = [*people, carer]
            _add_members(group, people)
            if spec.name == CONSTELLATION:
                _hub_requests(group, people, today)
        made.append((group, spec, is_new))

    progress(STEPS[1])
    for group, spec, is_new in made:
        if is_new:
            _past_meetings(group, spec, today, workers[spec.region])
        _next_meetings(group, spec, today, workers[spec.region])
    return len(made)


def _add_members(group: Group, people: list[User]) -> None:
    agreement = group.current_agreement()
    joined = timezone.now() - timedelta(days=150)
    Membership.objects.bulk_create(
        Membership(
            group=group, user=person, status=MembershipStatus.ACTIVE,
            role=MemberRole.FACILITATOR if i == 0 else MemberRole.MEMBER,
            requested_at=joined, joined_at=joined + timedelta(days=i), agreement_version=agreement,
            agreement_accepted_at=joined + timedelta(days=i),
        )
        for i, person in enumerate(people)
    )  # fmt: skip


def _hub_requests(group: Group, people: list[User], today: date) -> None:
    """Two satellites' requests: one the hub agreed to, one waiting (written directly: nobody is told)."""
    hub, first, second = people[0], people[1], people[2]
    HubRequest.objects.bulk_create(
        [
            HubRequest(
                group=group, satellite=first, kind=HubRequestKind.SLEEPOVER, starts_on=today + timedelta(days=9),
                ends_on=today + timedelta(days=10), message="Friday night, if you have room.",
                status=HubRequestStatus.AGREED, answer="Yes, drop-off after 5pm.", answered_by=hub,
                answered_at=timezone.now() - timedelta(days=1),
            ),
            HubRequest(
                group=group, satellite=second, kind=HubRequestKind.ADVICE, starts_on=today + timedelta(days=2),
                message="Some ideas for a tricky school meeting, please.",
            ),
        ]
    )  # fmt: skip


def _at(group: Group, day: date) -> tuple[datetime, datetime]:
    starts = datetime.combine(day, group.meets_at, tzinfo=group.region.tzinfo)
    return starts, starts + timedelta(minutes=group.duration_minutes)


def _past_meetings(group: Group, spec: DemoGroup, today: date, worker: User) -> None:
    members = list(Membership.objects.filter(group=group).active().order_by("joined_at"))
    for n, days_ago in enumerate(spec.past_days):
        # Made for next week, then moved back through events' own edit (no one has replied,
        # so no one is told, and reminders never fire for a meeting that has started).
        starts, ends = _at(group, today + timedelta(days=7))
        meeting = services.meeting_create(
            group=group, by=worker, starts_at=starts, ends_at=ends, venue_name=_venue(spec)
        )
        event = meeting.event
        event.starts_at, event.ends_at = _at(group, today - timedelta(days=days_ago))
        event_services.event_update(event=event, changed=["starts_at", "ends_at"])
        MeetingRole.objects.bulk_create(
            MeetingRole(meeting=meeting, role=role, user=members[(n + i) % len(members)].user)
            for i, role in enumerate(MeetingRoleKind.values)
        )
        Attendance.objects.bulk_create(
            Attendance(meeting=meeting, user=m.user, attended=(i + n) % 4 != 3, recorded_by=worker)
            for i, m in enumerate(members)
        )


def _next_meetings(group: Group, spec: DemoGroup, today: date, worker: User) -> None:
    if not spec.upcoming or Meeting.objects.filter(group=group, event__starts_at__gt=timezone.now()).exists():
        return
    for day in services.series_dates(group, first=today + timedelta(days=3), count=spec.upcoming):
        starts, ends = _at(group, day)
        services.meeting_create(group=group, by=worker, starts_at=starts, ends_at=ends, venue_name=_venue(spec))


def _venue(spec: DemoGroup) -> str:
    return {
        MeetingPlace.CAFE: f"Café in {spec.area}",
        MeetingPlace.MARAE: "Takapūwāhia Marae",
        MeetingPlace.HOME: "The hub home",
        MeetingPlace.ON_SITE: "Oranga Tamariki site office",
        MeetingPlace.ONLINE: "Online (link sent to members)",
        MeetingPlace.PARK: "Victoria Park (the library if wet)",
    }[spec.place]


def _demo_caregivers(region: Region) -> list[User]:
    """The region's generated caregivers in a stable order, without the named demo accounts
    (newcarer@example.org is a member of nothing; carer@example.org is placed by name)."""
    named = [CARER_EMAIL, NEWCARER_EMAIL]
    return list(User.objects.filter(caregiver_profile__region=region).exclude(email__in=named).order_by("email"))
