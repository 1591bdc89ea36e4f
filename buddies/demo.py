"""Demo buddies: willing buddies, pairs at each stage, stale pairs and an Auckland intake.

Runs after ``accounts.demo`` (it needs the regions, social workers and caregivers made
there). Safe to run again: people are found by e-mail address, pairs by who is in them,
and the demo pairs' contacts are written afresh.

- ``carer@example.org`` (Lower Hutt, caring six years) is a willing buddy for up to 3,
  with one active pair, so she has room and ranks highly for ``newcarer@example.org``
  (Porirua, approved ten days ago, who has no buddy yet: the browser walk-through).
- Two more Wellington buddies, each with a pair that has had no contact for three weeks
  (the social worker's follow-up list), and a pair that ended with feedback.
- Six newly approved Auckland caregivers with no buddy, and Auckland buddies with room
  for them (the batch assignment).
- carer@ and one Auckland buddy are ambassadors; an enquiry from Pita in Wellington.

Pairs in the past are written as rows directly (the services work in the present and
would send messages); everything from here on goes through ``buddies.services``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.demo import CARER_EMAIL
from accounts.models import CaregiverProfile, CaregiverStatus, CaregiverType, Household, Region, Role, User

from .models import (
    BuddyProfile,
    CheckIn,
    ContactType,
    EndReason,
    Enquiry,
    HowHeard,
    Match,
    MatchStatus,
    experienced_since,
    months_ago,
)

STEPS = ("Buddies and their settings", "Buddy pairs, contacts and the Auckland intake")

# (e-mail, first, last, locality, days since approval, caregiver type, household)
WELLINGTON_NEW = [
    ("kiri.walker@example.org", "Kiri", "Walker", "Upper Hutt", 50, CaregiverType.FOSTER, Household.COUPLE),
    ("ben.tuhoe@example.org", "Ben", "Tūhoe", "Kāpiti", 60, CaregiverType.KINSHIP, Household.SINGLE),
    ("lydia.fox@example.org", "Lydia", "Fox", "Wellington Central", 75, CaregiverType.FOSTER, Household.SINGLE),
    ("raj.singh@example.org", "Raj", "Singh", "Lower Hutt", 170, CaregiverType.FOSTER, Household.COUPLE),
]
AUCKLAND_INTAKE = [
    ("mele.fifita@example.org", "Mele", "Fifita", "Manukau", 16, CaregiverType.KINSHIP, Household.SINGLE),
    ("tane.hohaia@example.org", "Tāne", "Hohaia", "Waitākere", 17, CaregiverType.FOSTER, Household.COUPLE),
    ("jia.wang@example.org", "Jia", "Wang", "North Shore", 18, CaregiverType.FOSTER, Household.COUPLE),
    ("rosa.lemalu@example.org", "Rosa", "Lemalu", "Ōtāhuhu", 20, CaregiverType.KINSHIP, Household.COUPLE),
    ("aaron.brown@example.org", "Aaron", "Brown", "Papakura", 22, CaregiverType.RESPITE, Household.SINGLE),
    ("huia.paki@example.org", "Huia", "Paki", "Manukau", 25, CaregiverType.FOSTER, Household.SINGLE),
]
AUCKLAND_BUDDIES = [
    ("sela.vaipulu@example.org", "Sela", "Vaipulu", "Manukau", CaregiverType.KINSHIP, Household.SINGLE),
    ("owen.clarke@example.org", "Owen", "Clarke", "North Shore", CaregiverType.FOSTER, Household.COUPLE),
    ("marama.rewi@example.org", "Marama", "Rewi", "Papakura", CaregiverType.FOSTER, Household.SINGLE),
]


@dataclasses.dataclass(frozen=True)
class DemoBuddies:
    pairs: int
    caregivers: int  # caregiver accounts made here (the new caregivers and Auckland buddies)


def _no_progress(step: str) -> None:
    pass


def seed(
    *,
    today: date | None = None,
    regions: dict[str, Region],
    workers: dict[str, User],
    progress: Callable[[str], None] = _no_progress,
) -> DemoBuddies:
    """Make the demo buddies and pairs.

    1. Buddy settings: carer@ (up to 3), two more Wellington buddies, Auckland buddies.
    2. Wellington pairs: carer@ with Kiri (active, in touch this week), two stale pairs,
       one that ended with feedback; six Auckland caregivers approved 2-4 weeks ago, unmatched.
    """
    today = today or timezone.localdate()
    progress(STEPS[0])
    carer = User.objects.get(email=CARER_EMAIL)
    password = carer.password  # the demo password's hash, made once by accounts.demo

    def person(email, first, last, region, locality, approved_days, kind, household, years=None):
        user, _ = User.objects.update_or_create(
            email=email,
            defaults={"role": Role.CAREGIVER, "first_name": first, "last_name": last, "password": password},
        )
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        approved_on = today - timedelta(days=approved_days)
        CaregiverProfile.objects.update_or_create(
            user=user,
            defaults={
                "region": regions[region],
                "locality": locality,
                "social_worker": workers[region],
                "status": CaregiverStatus.APPROVED,
                "approved_on": approved_on,
                "started_caring_on": months_ago(today, years * 12) if years else approved_on,
                "caregiver_type": kind,
                "household": household,
                "available_weekday_evening": True,
                "available_weekend": approved_days % 2 == 0,
            },
        )
        return user

    def willing(user, capacity=2, ambassador=False):
        BuddyProfile.objects.update_or_create(
            user=user, defaults={"willing": True, "capacity": capacity, "paused": False, "ambassador": ambassador}
        )
        return user

    willing(carer, capacity=3, ambassador=True)
    # Two experienced Wellington caregivers (not in Porirua, so carer@ stays near the top for newcarer@).
    wellington_buddies = [
        willing(profile.user)
        for profile in CaregiverProfile.objects.filter(
            region=regions["Wellington"],
            status=CaregiverStatus.APPROVED,
            started_caring_on__lte=experienced_since(today),
            user__email__endswith="@example.org",
        )
        .exclude(user=carer)
        .exclude(locality="Porirua")
        .select_related("user")
        .order_by("user__email")[:2]
    ]
    for i, (e, f, la, loc, kind, hh) in enumerate(AUCKLAND_BUDDIES):
        willing(person(e, f, la, "Auckland", loc, 3000, kind, hh, years=8), ambassador=i == 0)

    progress(STEPS[1])
    new_people = [person(e, f, la, "Wellington", loc, d, kind, hh) for e, f, la, loc, d, kind, hh in WELLINGTON_NEW]
    for e, f, la, loc, d, kind, hh in AUCKLAND_INTAKE:
        Match.objects.filter(new_caregiver__email=e).delete()  # unmatched on every run
        person(e, f, la, "Auckland", loc, d, kind, hh)

    def pair(new, buddy, status, started_days_ago, contacts_days_ago, **fields):
        Match.objects.filter(new_caregiver=new).exclude(buddy=buddy).delete()
        started = today - timedelta(days=started_days_ago)
        match, _ = Match.objects.update_or_create(
            new_caregiver=new,
            buddy=buddy,
            defaults={
                "status": status,
                "choice_rank": 1,
                "offered_at": timezone.now() - timedelta(days=started_days_ago + 2),
                "responded_at": timezone.now() - timedelta(days=started_days_ago + 1),
                "started_on": started,
                "planned_end_on": started + timedelta(days=183),
                "reasons": "",
                **fields,
            },
        )
        match.check_ins.all().delete()
        CheckIn.objects.bulk_create(
            CheckIn(
                match=match,
                logged_by=buddy if i % 2 == 0 else new,
                contact_type=ContactType.values[i % len(ContactType.values)],
                happened_on=today - timedelta(days=days),
            )
            for i, days in enumerate(contacts_days_ago)
        )
        return match

    kiri, ben, lydia, raj = new_people
    pairs = [
        pair(kiri, carer, MatchStatus.ACTIVE, 45, [44, 30, 16, 3], fit_new="good"),
        pair(ben, wellington_buddies[0], MatchStatus.ACTIVE, 55, [54, 40, 21]),  # stale: three weeks
        pair(lydia, wellington_buddies[1], MatchStatus.ACTIVE, 70, [69, 50, 25]),  # stale
        pair(
            raj,
            wellington_buddies[1],
            MatchStatus.ENDED,
            165,
            [160, 150, 130, 100, 70],
            ended_at=timezone.now() - timedelta(days=5),
            end_reason=EndReason.COMPLETED,
            feedback_new="Having someone who had been through it made the first months easier.",
            feedback_buddy="Raj is doing really well; happy to stay in touch informally.",
        ),
    ]
    Enquiry.objects.update_or_create(
        region=regions["Wellington"],
        first_name="Pita",
        defaults={
            "household": Household.COUPLE,
            "cultural_background": "Māori",
            "how_heard": HowHeard.EVENT,
            "recorded_by": workers["Wellington"],
        },
    )
    made = len(WELLINGTON_NEW) + len(AUCKLAND_INTAKE) + len(AUCKLAND_BUDDIES)
    return DemoBuddies(pairs=len(pairs), caregivers=made)
