"""Demo accounts: regions, reference lists, staff and caregivers with known logins.

``seed_demo`` runs this first; other apps' demo modules build on what it returns.
Safe to run again: it updates rather than duplicates.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import (
    CaregiverProfile,
    CaregiverStatus,
    CaregiverType,
    Household,
    Language,
    ReadKind,
    Region,
    Role,
    StaffProfile,
    StaffRead,
    Topic,
    User,
)

DEMO_PASSWORD = "peer-support-demo"  # noqa: S105  (documented demo password)
CARER_EMAIL = "carer@example.org"  # approved, caring 6 years, SMS and email
NEWCARER_EMAIL = "newcarer@example.org"  # approved 10 days ago

REGIONS = {
    "Wellington": ["Lower Hutt", "Porirua", "Upper Hutt", "Kāpiti", "Wellington Central"],
    "Auckland": ["Manukau", "Waitākere", "North Shore", "Papakura", "Ōtāhuhu"],
    "Canterbury": ["Christchurch", "Rangiora", "Ashburton", "Timaru", "Rolleston"],
}
LANGUAGES = ["English", "Te reo Māori", "Samoan", "Tongan", "Hindi", "Mandarin", "NZ Sign Language"]
TOPICS = [
    "Caring for teenagers",
    "Contact with birth family",
    "Kinship care",
    "School and learning",
    "Trauma-informed parenting",
    "Looking after yourself",
    "Disability and additional needs",
    "Culture and identity",
]
FIRST_NAMES = [
    "Aroha",
    "Mere",
    "Hemi",
    "Sione",
    "Leilani",
    "Priya",
    "Grace",
    "Tama",
    "Ana",
    "Wiremu",
    "Sarah",
    "Mei",
    "Tevita",
    "Rawiri",
    "Kiri",
    "Emma",
    "Losa",
    "Manaia",
    "Olivia",
    "Rangi",
    "Fiona",
    "Moana",
    "David",
    "Hine",
    "Jack",
    "Ruby",
    "Ngaio",
    "Sam",
    "Lucy",
    "Pita",
    "Tui",
    "Isla",
    "Matiu",
]
LAST_NAMES = [
    "Ngata",
    "Tuhiwai",
    "Fa'amausili",
    "Patel",
    "Smith",
    "Walker",
    "Wong",
    "Taufa",
    "Parata",
    "Brown",
    "Kelly",
    "Tane",
    "Wilson",
    "Lealaiauloto",
    "Chen",
    "Harris",
    "Te Huia",
    "Martin",
]


# The steps of seed(), in order, for a command's progress output (demo/progress.py).
STEPS = (
    "The demo password's hash (Argon2: slow on purpose)",
    "Regions, languages and topics",
    "The manager and a social worker per region",
    "The named caregivers",
    "33 more caregivers",
)


def _no_progress(step: str) -> None:
    pass


@dataclasses.dataclass(frozen=True)
class DemoAccounts:
    """What the other apps' demo data needs: regions and staff by region name."""

    regions: dict[str, Region]
    manager: User
    workers: dict[str, User]  # the social worker of each region
    caregivers: int


def seed(*, today: date | None = None, progress: Callable[[str], None] = _no_progress) -> DemoAccounts:
    """Create or refresh the demo regions and accounts.

    1. Regions (found again by slug), languages and topics (by name).
    2. The manager (all regions) and one social worker per region.
    3. The two named caregivers, carer@ and newcarer@, in Wellington.
    4. 33 generated caregivers across the regions, from a fixed random seed so every run
       makes the same people (found again by e-mail address).

    Every account gets ``DEMO_PASSWORD`` and a verified primary e-mail address.
    ``progress`` is called with each name in ``STEPS`` as that step starts.
    """
    progress(STEPS[0])
    rng = random.Random(20261123)  # same data every run
    today = today or timezone.localdate()
    password = make_password(DEMO_PASSWORD)  # hashed once: Argon2 is slow on purpose

    progress(STEPS[1])
    regions = {}
    for name in REGIONS:
        regions[name], _ = Region.objects.update_or_create(
            slug=name.lower(), defaults={"name": name, "timezone": "Pacific/Auckland"}
        )
    languages = [Language.objects.get_or_create(name=name)[0] for name in LANGUAGES]
    topics = [Topic.objects.get_or_create(name=name)[0] for name in TOPICS]

    def account(email: str, role: str, first: str, last: str) -> User:
        user, _ = User.objects.update_or_create(
            email=email,
            defaults={"role": role, "first_name": first, "last_name": last, "password": password, "is_active": True},
        )
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        return user

    def staff(email: str, role: str, first: str, last: str, title: str, region_names: list[str]) -> User:
        user = account(email, role, first, last)
        profile, _ = StaffProfile.objects.update_or_create(
            user=user, defaults={"job_title": title, "all_regions": role == Role.MANAGER}
        )
        profile.regions.set([regions[name] for name in region_names])
        return user

    progress(STEPS[2])
    manager = staff("manager@example.org", Role.MANAGER, "Miriama", "Kahu", "Caregiver support manager", list(REGIONS))
    workers = {
        "Wellington": staff(
            "worker@example.org", Role.SOCIAL_WORKER, "Tom", "Rangihuna", "Caregiver social worker", ["Wellington"]
        ),
        "Auckland": staff(
            "worker.auckland@example.org", Role.SOCIAL_WORKER, "Losana", "Vea", "Caregiver social worker", ["Auckland"]
        ),
        "Canterbury": staff(
            "worker.canterbury@example.org", Role.SOCIAL_WORKER, "Helen", "McKay", "Site coordinator", ["Canterbury"]
        ),
    }

    def caregiver(email: str, first: str, last: str, **profile) -> CaregiverProfile:
        user = account(email, Role.CAREGIVER, first, last)
        chosen_languages = profile.pop("languages", [])
        chosen_topics = profile.pop("topics", [])
        caregiver_profile, _ = CaregiverProfile.objects.update_or_create(user=user, defaults=profile)
        caregiver_profile.languages.set(chosen_languages)
        caregiver_profile.topics.set(chosen_topics)
        return caregiver_profile

    progress(STEPS[3])
    consent_at = timezone.now() - timedelta(days=30)
    carer = caregiver(
        CARER_EMAIL,
        "Aroha",
        "Ngata",
        region=regions["Wellington"],
        locality="Lower Hutt",
        social_worker=workers["Wellington"],
        status=CaregiverStatus.APPROVED,
        approved_on=_years_ago(today, 6),
        caregiver_type=CaregiverType.FOSTER,
        household=Household.COUPLE,
        started_caring_on=_years_ago(today, 6),
        available_weekday_evening=True,
        available_weekend=True,
        available_weekday_daytime=False,
        contact_by_email=True,
        contact_by_sms=True,
        phone="+64210000001",
        sms_consent_at=consent_at,
        languages=[languages[0], languages[1]],
        topics=[topics[0], topics[1], topics[4]],
    )
    # Her social worker has looked at her record twice: "Who has looked at my record" has rows to
    # show. Made once (the read log is append-only: a second run cannot remove or redo them).
    if not StaffRead.objects.filter(subject=carer.user).exists():
        StaffRead.objects.bulk_create(
            StaffRead(
                reader=workers["Wellington"],
                subject=carer.user,
                what=ReadKind.RECORD,
                object_id=carer.pk,
                at=timezone.now() - timedelta(days=days, hours=2),
            )
            for days in (12, 3)
        )
    caregiver(
        NEWCARER_EMAIL,
        "Sione",
        "Taufa",
        region=regions["Wellington"],
        locality="Porirua",
        social_worker=workers["Wellington"],
        status=CaregiverStatus.APPROVED,
        approved_on=today - timedelta(days=10),
        caregiver_type=CaregiverType.KINSHIP,
        household=Household.SINGLE,
        started_caring_on=today - timedelta(days=40),
        available_weekday_evening=False,
        available_weekend=True,
        available_weekday_daytime=False,
        contact_by_email=True,
        contact_by_sms=False,
        phone="",
        sms_consent_at=None,
        languages=[languages[0], languages[3]],
        topics=[topics[2], topics[6]],
    )

    progress(STEPS[4])
    count = 0
    region_names = list(REGIONS)
    for i in range(33):
        region_name = region_names[i % 3]
        first = FIRST_NAMES[i]
        last = LAST_NAMES[(i * 7) % len(LAST_NAMES)]
        years = rng.choice([0, 1, 2, 3, 5, 8, 12, 20])
        provisional = years == 0 and rng.random() < 0.5
        sms = rng.random() < 0.6
        caregiver(
            f"{first.lower()}.{last.lower().replace(' ', '').replace(chr(39), '')}@example.org",
            first,
            last,
            region=regions[region_name],
            locality=rng.choice(REGIONS[region_name]),
            social_worker=workers[region_name],
            status=CaregiverStatus.PROVISIONAL if provisional else CaregiverStatus.APPROVED,
            approved_on=None if provisional else today - timedelta(days=max(years * 365, rng.randint(5, 300))),
            caregiver_type=rng.choice(CaregiverType.values),
            household=rng.choice(Household.values),
            started_caring_on=today - timedelta(days=years * 365 + rng.randint(20, 300)),
            available_weekday_daytime=rng.random() < 0.4,
            available_weekday_evening=rng.random() < 0.6,
            available_weekend=rng.random() < 0.7,
            contact_by_email=True,
            contact_by_sms=sms,
            phone=f"+6421123{i:04d}" if sms else "",
            sms_consent_at=consent_at if sms else None,
            languages=rng.sample(languages, k=rng.randint(1, 2)),
            topics=rng.sample(topics, k=rng.randint(1, 3)),
        )
        count += 1

    return DemoAccounts(regions=regions, manager=manager, workers=workers, caregivers=count + 2)


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)
