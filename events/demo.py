"""Demo events: upcoming events across the regions, with replies, invitations and follow-ups.

Runs after ``accounts.demo`` (it needs the regions, staff and caregivers made there).
Safe to run again: it updates rather than duplicates.
"""

from __future__ import annotations

import dataclasses
import random
import zoneinfo
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from accounts.demo import CARER_EMAIL, NEWCARER_EMAIL
from accounts.models import Region, User
from events import services as event_services
from events.models import (
    RSVP,
    Audience,
    Event,
    EventInvitee,
    EventKind,
    EventStatus,
    FollowUp,
    FollowUpMethod,
    FollowUpOutcome,
)

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
WALKTHROUGH_EMAIL = NEWCARER_EMAIL  # replies to the fun day in the browser walk-through
FUN_DAY_TITLE = "Whānau fun day in Lower Hutt"
FULL_EVENT_TITLE = "First aid for caregivers"
INVITED_EVENT_TITLE = "Kinship caregivers' kōrero"

# The steps of seed(), in order, for a command's progress output (demo/progress.py).
STEPS = ("Events", "Invitees and replies", "Follow-ups and the walk-through reply")


def _no_progress(step: str) -> None:
    pass


@dataclasses.dataclass(frozen=True)
class DemoEvent:
    """An event on the first ``weekday`` at least ``days_ahead`` days from today (skipping the
    summer holidays), in local time.

    Demo events are found again by title and region, so a second run changes nothing.
    """

    title: str
    region: str | None  # None: a national event
    kind: str
    weekday: int
    days_ahead: int
    starts: time
    ends: time
    reply_days_before: int | None = None
    audience: str = Audience.REGION
    status: str = EventStatus.PUBLISHED
    details: dict = dataclasses.field(default_factory=dict)

    def times(self, today: date, tz: zoneinfo.ZoneInfo) -> dict:
        day = today + timedelta(days=self.days_ahead)
        day += timedelta(days=(self.weekday - day.weekday()) % 7)
        while _summer_holidays(day):  # offices close and families are away
            day += timedelta(days=7)
        deadline = None
        if self.reply_days_before is not None:
            deadline = datetime.combine(day - timedelta(days=self.reply_days_before), time(17), tzinfo=tz)
        return {
            "starts_at": datetime.combine(day, self.starts, tzinfo=tz),
            "ends_at": datetime.combine(day, self.ends, tzinfo=tz),
            "rsvp_deadline": deadline,
        }


DEMO_EVENTS = [
    DemoEvent(
        FUN_DAY_TITLE, "Wellington", EventKind.FAMILY_FUN_DAY, SAT, 12, time(16), time(18), reply_days_before=3,
        details={
            "description": "Bring the whole whānau for games, face painting and a bouncy castle. Trained childminders "
            "look after the little ones in a separate room, so caregivers can sit down and talk.",
            "venue_name": "Taitā Community Hall", "venue_address": "Taitā Drive, Lower Hutt",
            "step_free": True, "parking": True, "quiet_room": True,
            "access_notes": "Childminding room next to the main hall. Accessible toilet.",
            "capacity": 60, "family_friendly": True, "childminding": True,
            "food": "Sausage sizzle, fruit and afternoon tea",
        },
    ),
    DemoEvent(
        "Coffee morning in Porirua", "Wellington", EventKind.COFFEE_MORNING, WED, 5, time(10), time(11, 30),
        details={
            "description": "An easy-going catch-up with other caregivers. Babies and preschoolers are welcome.",
            "venue_name": "Porirua Library meeting room", "venue_address": "Norrie Street, Porirua",
            "step_free": True, "parking": True, "food": "Coffee and morning tea",
        },
    ),
    DemoEvent(
        "Evening workshop: trauma-informed parenting", "Wellington", EventKind.TRAINING, TUE, 19,
        time(18, 30), time(20, 30), reply_days_before=2,
        details={
            "description": "Why children who have been hurt behave the way they do, and what helps. "
            "Counts towards your caregiver training hours.",
            "venue_name": "Caregiver support office, training room",
            "venue_address": "Level 2, 15 Victoria Street, Wellington Central",
            "step_free": True, "capacity": 24, "food": "Light supper",
        },
    ),
    DemoEvent(
        FULL_EVENT_TITLE, "Wellington", EventKind.TRAINING, SAT, 26, time(9, 30), time(12, 30), reply_days_before=4,
        details={
            "description": "Hands-on first aid for babies and children with a St John trainer. "
            "Small group, so everyone gets practice time.",
            "venue_name": "Petone Community House", "venue_address": "Britannia Street, Petone",
            "parking": True, "access_notes": "One step at the entrance; a ramp is available.",
            "capacity": 12, "food": "Morning tea",
        },
    ),
    DemoEvent(
        INVITED_EVENT_TITLE, "Wellington", EventKind.REGIONAL_HUI, THU, 33, time(18), time(20), reply_days_before=5,
        audience=Audience.INVITED,
        details={
            "description": "For grandparents, aunties, uncles and other whānau raising a family member's children. "
            "Share what works, and tell us what support you need.",
            "venue_name": "Waiwhetū Marae", "venue_address": "Riddiford Street, Lower Hutt",
            "step_free": True, "parking": True, "capacity": 20, "family_friendly": True, "childminding": True,
            "food": "Dinner provided",
        },
    ),
    DemoEvent(
        "Coffee morning in Manukau", "Auckland", EventKind.COFFEE_MORNING, THU, 8, time(10), time(11, 30),
        details={
            "venue_name": "Manukau community centre, room 2", "venue_address": "Osterley Way, Manukau",
            "step_free": True, "parking": True, "food": "Coffee and morning tea",
        },
    ),
    DemoEvent(
        "Auckland whānau fun day", "Auckland", EventKind.FAMILY_FUN_DAY, SAT, 40, time(16), time(18),
        reply_days_before=3,
        details={
            "description": "Games, a sausage sizzle and a separate space for the under-fives with our childminders.",
            "venue_name": "Ōtāhuhu Recreation Centre", "venue_address": "Mason Avenue, Ōtāhuhu",
            "step_free": True, "parking": True, "quiet_room": True,
            "capacity": 80, "family_friendly": True, "childminding": True, "food": "Sausage sizzle and fruit",
        },
    ),
    DemoEvent(
        "Evening workshop: contact with birth family", "Auckland", EventKind.TRAINING, MON, 47,
        time(18, 30), time(20, 30), reply_days_before=2,
        details={
            "description": "Planning contact visits that go well for children, and looking after yourself afterwards. "
            "Join in person or online.",
            "venue_name": "Manukau office, training room", "venue_address": "Ronwood Avenue, Manukau",
            "online_url": "https://meet.example.org/contact-workshop",
            "step_free": True, "capacity": 30, "food": "Light supper",
        },
    ),
    DemoEvent(
        "Auckland regional hui", "Auckland", EventKind.REGIONAL_HUI, SAT, 61, time(10), time(14),
        status=EventStatus.DRAFT,
        details={
            "description": "Draft: venue and speakers to be confirmed.",
            "venue_name": "To be confirmed", "family_friendly": True, "childminding": True, "food": "Lunch",
        },
    ),
    DemoEvent(
        "Coffee morning in Rangiora", "Canterbury", EventKind.COFFEE_MORNING, TUE, 15, time(10), time(11, 30),
        details={
            "venue_name": "Rangiora Town Hall, supper room", "venue_address": "High Street, Rangiora",
            "step_free": True, "parking": True, "food": "Coffee and morning tea",
        },
    ),
    DemoEvent(
        "Caregiver Awareness Week picnic", "Canterbury", EventKind.AWARENESS, SAT, 54, time(11), time(14),
        details={
            "description": "Celebrating the caregivers who open their homes. Bring a rug; we bring the food.",
            "venue_name": "Hagley Park, by the playground", "venue_address": "Armagh Street, Christchurch",
            "parking": True, "access_notes": "Flat grass; accessible toilets at the playground.",
            "family_friendly": True, "food": "Sausage sizzle and ice blocks",
        },
    ),
    DemoEvent(
        "Evening workshop: looking after yourself", "Canterbury", EventKind.TRAINING, WED, 74,
        time(18, 30), time(20, 30), reply_days_before=2,
        details={
            "description": "Noticing stress early, and the support you can ask for.",
            "venue_name": "Christchurch office, meeting room 1", "venue_address": "Hereford Street, Christchurch",
            "step_free": True, "capacity": 20, "food": "Light supper",
        },
    ),
    DemoEvent(
        "National caregiver conference", None, EventKind.CONFERENCE, SAT, 68, time(9), time(16, 30),
        reply_days_before=21, audience=Audience.NATIONAL,
        details={
            "description": "A day of talks and workshops with caregivers from around the motu. "
            "Travel help is available: ask your social worker.",
            "venue_name": "Te Papa", "venue_address": "55 Cable Street, Te Aro, Wellington",
            "step_free": True, "quiet_room": True, "capacity": 300, "food": "Morning tea and lunch",
        },
    ),
]  # fmt: skip

Party = event_services.HouseholdReply  # accounts.models.Household is the caregiver's household type

FAMILIES = [
    Party(adults=2, children_0_4=1, children_5_11=2, childminding_for=2, dietary="One vegetarian"),
    Party(adults=1, children_5_11=1, children_12_17=1),
    Party(adults=2, children_12_17=2, dietary="Halal"),
    Party(adults=1, children_0_4=2, childminding_for=2, access_needs="Room for a double pram"),
    Party(adults=2, children_5_11=1, childminding_for=1),
    Party(adults=1, children_5_11=3, childminding_for=3, dietary="Nut allergy (one of the children)"),
    Party(adults=2, children_0_4=1, access_needs="Wheelchair user: step-free access and an accessible toilet"),
    Party(
        adults=1, children_5_11=1, children_12_17=1, access_needs="A quiet space: one of our children finds crowds hard"
    ),
    Party(adults=2, children_0_4=1, children_5_11=1, childminding_for=2, dietary="Gluten-free"),
]
ADULTS = [
    Party(adults=1),
    Party(adults=2),
    Party(adults=1, dietary="Vegetarian"),
    Party(adults=1, access_needs="Hearing loop, please"),
    Party(adults=1, dietary="Halal"),
    Party(adults=2, dietary="One vegan"),
]


def seed(
    *,
    regions: dict[str, Region],
    manager: User,
    workers: dict[str, User],
    today: date | None = None,
    progress: Callable[[str], None] = _no_progress,
) -> int:
    """Create the demo events, with replies, invitations and follow-ups.

    1. Create each event through ``event_create`` (so it has its checklist), unless
       one with the same title and region exists. An existing event whose replies
       have closed moves to its new date, so the demo's events stay upcoming.
    2. Reply for demo caregivers through ``rsvp_submit`` (so capacity and the
       waitlist apply), only for events with no replies yet.
    3. Invitations and follow-ups for the invited-list event, only if it has none.
    4. Clear the walk-through caregiver's reply to the fun day.

    ``progress`` is called with each name in ``STEPS`` as that step starts.
    Returns the number of demo events.
    """
    progress(STEPS[0])
    today = today or timezone.localdate()
    events = {}
    for spec in DEMO_EVENTS:
        region = regions[spec.region] if spec.region else None
        tz = region.tzinfo if region else zoneinfo.ZoneInfo(settings.TIME_ZONE)
        times = spec.times(today, tz)
        event = Event.objects.filter(title=spec.title, region=region).first()
        if event is None:
            event = event_services.event_create(
                created_by=workers[spec.region] if region else manager,
                title=spec.title,
                kind=spec.kind,
                region=region,
                audience=spec.audience,
                status=spec.status,
                **times,
                **spec.details,
            )
        elif event.status != EventStatus.CANCELLED and event.reply_by <= timezone.now():
            Event.objects.filter(pk=event.pk).update(**times, sequence=event.sequence + 1, updated_at=timezone.now())
            event.refresh_from_db()
        events[spec.title] = event

    people = {name: _demo_caregivers(region) for name, region in regions.items()}
    wellington, auckland, canterbury = people["Wellington"], people["Auckland"], people["Canterbury"]
    carer = User.objects.get(email=CARER_EMAIL)
    plans = {
        FUN_DAY_TITLE: [
            (
                carer,
                Party(
                    adults=2, children_5_11=2, children_12_17=1, childminding_for=2, dietary="Dairy-free (one child)"
                ),
            ),
            *zip(wellington[0:7], FAMILIES, strict=False),
        ],
        "Coffee morning in Porirua": [
            *zip(wellington[7:9], ADULTS, strict=False),
            *[(user, Party(adults=1, children_0_4=1)) for user in wellington[9:10]],
        ],
        "Evening workshop: trauma-informed parenting": [
            (carer, Party(adults=1)),
            *zip(wellington[2:7], ADULTS, strict=False),
        ],
        # 12 places: seven households fill them, the next three wait, one says no.
        FULL_EVENT_TITLE: [
            *zip(wellington[0:7], [Party(adults=n) for n in (2, 2, 1, 2, 1, 2, 2)], strict=False),
            (carer, Party(adults=2, dietary="Vegetarian")),
            *zip(wellington[7:9], [Party(adults=1), Party(adults=2)], strict=False),
            *[(user, None) for user in wellington[9:10]],
        ],
        INVITED_EVENT_TITLE: [
            *zip(wellington[4:6], [FAMILIES[8], ADULTS[0]], strict=False),
            *[(user, None) for user in wellington[6:7]],
        ],
        "Coffee morning in Manukau": list(zip(auckland[0:4], ADULTS, strict=False)),
        "Auckland whānau fun day": list(zip(auckland[3:10], FAMILIES, strict=False)),
        "Evening workshop: contact with birth family": list(zip(auckland[6:11], ADULTS, strict=False)),
        "Coffee morning in Rangiora": list(zip(canterbury[0:3], ADULTS, strict=False)),
        "Caregiver Awareness Week picnic": list(zip(canterbury[2:8], FAMILIES, strict=False)),
        "Evening workshop: looking after yourself": list(zip(canterbury[7:11], ADULTS[1:], strict=False)),
        "National caregiver conference": [
            (carer, Party(adults=1, access_needs="Quiet room at lunchtime")),
            *zip(wellington[8:10] + auckland[0:2] + canterbury[0:2], ADULTS, strict=False),
        ],
    }

    progress(STEPS[1])
    invited = events[INVITED_EVENT_TITLE]
    for user in wellington[4:10]:  # answers from the first three, follow-ups for the next two
        EventInvitee.objects.get_or_create(event=invited, user=user)

    for title, replies in plans.items():
        event = events[title]
        if event.rsvps.exists():
            continue
        for user, party in replies:
            if party is not None and not event.childminding:
                party = dataclasses.replace(party, childminding_for=0)
            event_services.rsvp_submit(event=event, user=user, going=party is not None, household=party or Party())

    progress(STEPS[2])
    if not invited.follow_ups.exists() and len(wellington) >= 10:
        worker = workers["Wellington"]
        tz = invited.tzinfo
        FollowUp.objects.bulk_create(
            [
                FollowUp(
                    event=invited, caregiver=wellington[7], method=FollowUpMethod.CALL,
                    outcome=FollowUpOutcome.LEFT_MESSAGE, note="Left a voicemail. Will try again after school pick-up.",
                    by=worker, at=datetime.combine(today - timedelta(days=2), time(15, 40), tzinfo=tz),
                ),
                FollowUp(
                    event=invited, caregiver=wellington[8], method=FollowUpMethod.TEXT, outcome=FollowUpOutcome.MAYBE,
                    note="Keen, but checking whether a family member can drive them.", by=worker,
                    at=datetime.combine(today - timedelta(days=1), time(10, 15), tzinfo=tz),
                ),
            ]
        )  # fmt: skip

    fun_day = events[FUN_DAY_TITLE]
    RSVP.objects.filter(event=fun_day, user__email=WALKTHROUGH_EMAIL).delete()
    return len(events)


def _summer_holidays(day: date) -> bool:
    return (day.month, day.day) >= (12, 24) or (day.month, day.day) <= (1, 4)


def _demo_caregivers(region: Region) -> list[User]:
    """The region's generated caregivers, in a stable order: not the named demo accounts,
    nor anyone sharing a name with them (two "Aroha Ngata" at one check-in would confuse)."""
    named = User.objects.filter(email__in=[CARER_EMAIL, WALKTHROUGH_EMAIL])
    people = User.objects.filter(caregiver_profile__region=region).exclude(pk__in=named.values("pk"))
    for first, last in named.values_list("first_name", "last_name"):
        people = people.exclude(first_name=first, last_name=last)
    return list(people.order_by("email"))


# --- A year of past events with attendance, for the managers' reports (issue 13) -----------

PAST_KINDS = (
    (EventKind.COFFEE_MORNING, "Coffee morning", time(10), time(12)),
    (EventKind.TRAINING, "Evening workshop", time(18), time(20)),
)


def seed_past_year(*, regions: dict[str, Region], workers: dict[str, User], today: date | None = None) -> int:
    """Two events a month in each region over the last year, each with 6–10 households going,
    most checked in as attended and the rest as no-shows (seeded, so every run is the same).
    Found again by title and region: a second run adds nothing. Returns the number of these events."""
    today = today or timezone.localdate()
    rng = random.Random(13)  # noqa: S311 - demo data, not security
    made = 0
    for name, region in sorted(regions.items()):
        people = _demo_caregivers(region)
        tz = region.tzinfo
        for weeks_ago in range(52, 1, -2):
            day = today - timedelta(weeks=weeks_ago)
            kind, label, starts, ends = PAST_KINDS[weeks_ago % 4 // 2]
            title = f"{label}, {day:%d %B %Y}"
            made += 1
            if Event.objects.filter(title=title, region=region).exists():
                rng.random()
                continue
            event = Event.objects.create(
                title=title, kind=kind, region=region, audience=Audience.REGION, status=EventStatus.PUBLISHED,
                starts_at=datetime.combine(day, starts, tzinfo=tz), ends_at=datetime.combine(day, ends, tzinfo=tz),
                venue_name="Community hall", childminding=kind == EventKind.COFFEE_MORNING,
                family_friendly=kind == EventKind.COFFEE_MORNING, created_by=workers[name],
            )  # fmt: skip
            going = rng.sample(people, min(len(people), rng.randint(6, 10)))
            rows = []
            for user in going:
                children = rng.choice((0, 0, 1, 2)) if event.family_friendly else 0
                rows.append(
                    RSVP(
                        event=event, user=user, response="going", adults=rng.choice((1, 1, 2)),
                        children_5_11=children, childminding_for=children if event.childminding else 0,
                        attendance="attended" if rng.random() < 0.82 else "no_show",
                        checked_in_at=event.starts_at, checked_in_by=workers[name],
                    )
                )  # fmt: skip
            RSVP.objects.bulk_create(rows)
    return made
