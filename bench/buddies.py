"""Buddy matching benchmark (``make bench BENCH=buddies``): suggestions and batch assignment at scale.

Called by bench/run.py inside a throw-away test database (Django is set up there);
PostgreSQL, as in production.

1. Fill the database in bulk: 10,000 willing buddies over three regions and twelve
   localities, each with topics and languages and room for one to three, 2,000 of them
   already with an active pair; 500 caregivers approved in the last fortnight in one
   region, with no buddy. Then VACUUM ANALYZE, as autovacuum would.
2. Suggestions: ``buddies.selectors.suggestions_for`` for one new caregiver among the
   10,000 candidates, database included (its queries, then the engine): the median of
   ``ROUNDS`` runs after one warm-up. Target ≤ 100 ms.
3. Batch: the 500 new caregivers over 5,000 of the buddies (all three regions): reading them
   (``seekers_for``, ``candidates``) and ``buddies.batch.assign``. Target ≤ 10 s.
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import CaregiverProfile, CaregiverStatus, CaregiverType, Household, Language, Role, Topic, User
from buddies import batch, selectors
from buddies.models import BuddyProfile, Match, MatchStatus
from tests.accounts.factories import RegionFactory

CANDIDATES = 10_000
ALREADY_PAIRED = 2_000
INTAKE = 500
BATCH_BUDDIES = 5_000
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "10"))
LOCALITIES = {
    "Wellington": ["Porirua", "Lower Hutt", "Upper Hutt", "Kāpiti"],
    "Auckland": ["Manukau", "Waitākere", "North Shore", "Papakura"],
    "Canterbury": ["Christchurch", "Rangiora", "Ashburton", "Timaru"],
}
TOPICS = ["Teenagers", "Birth family contact", "Kinship care", "School", "Trauma", "Self-care", "Disability", "Culture"]
LANGUAGES = ["English", "Te reo Māori", "Samoan", "Tongan", "Hindi", "Mandarin"]


def _people(prefix: str, n: int) -> list[User]:
    return User.objects.bulk_create(
        (
            User(
                email=f"{prefix}{i}@bench.example.org",
                first_name=f"{prefix.title()}{i}",
                last_name="Bench",
                role=Role.CAREGIVER,
                password="!unusable",  # noqa: S106
            )
            for i in range(n)
        ),
        batch_size=5000,
    )


def fill() -> dict:
    started = time.perf_counter()
    today = timezone.localdate()
    regions = {name: RegionFactory(name=name, slug=name.lower()) for name in LOCALITIES}
    names = list(regions)
    topics = [Topic.objects.get_or_create(name=n)[0] for n in TOPICS]
    languages = [Language.objects.get_or_create(name=n)[0] for n in LANGUAGES]

    buddies = _people("buddy", CANDIDATES)
    profiles = CaregiverProfile.objects.bulk_create(
        (
            CaregiverProfile(
                user=user,
                region=regions[names[i % 3]],
                locality=LOCALITIES[names[i % 3]][(i // 3) % 4],
                status=CaregiverStatus.APPROVED,
                approved_on=today - timedelta(days=800 + i % 3000),
                started_caring_on=today - timedelta(days=800 + i % 3000),
                caregiver_type=CaregiverType.values[i % 3],
                household=Household.values[i % 2],
                available_weekday_daytime=i % 3 == 0,
                available_weekday_evening=i % 2 == 0,
                available_weekend=i % 5 != 0,
            )
            for i, user in enumerate(buddies)
        ),
        batch_size=5000,
    )
    BuddyProfile.objects.bulk_create(
        (BuddyProfile(user=user, willing=True, capacity=1 + i % 3) for i, user in enumerate(buddies)), batch_size=5000
    )
    topic_rows = CaregiverProfile.topics.through
    topic_rows.objects.bulk_create(
        (
            topic_rows(caregiverprofile_id=p.pk, topic_id=topics[(i + k) % len(topics)].pk)
            for i, p in enumerate(profiles)
            for k in range(1 + i % 3)
        ),
        batch_size=10000,
    )
    language_rows = CaregiverProfile.languages.through
    language_rows.objects.bulk_create(
        (
            language_rows(caregiverprofile_id=p.pk, language_id=languages[(i * k) % len(languages)].pk)
            for i, p in enumerate(profiles)
            for k in (0, 1)
            if k == 0 or i % 4 == 0
        ),
        batch_size=10000,
        ignore_conflicts=True,
    )

    # 2,000 earlier new caregivers, each with an active pair (a place taken at their buddy).
    earlier = _people("earlier", ALREADY_PAIRED)
    CaregiverProfile.objects.bulk_create(
        (
            CaregiverProfile(
                user=user,
                region=regions[names[i % 3]],
                locality=LOCALITIES[names[i % 3]][i % 4],
                status=CaregiverStatus.APPROVED,
                approved_on=today - timedelta(days=60),
            )
            for i, user in enumerate(earlier)
        ),
        batch_size=5000,
    )
    Match.objects.bulk_create(
        (
            Match(
                new_caregiver=user,
                buddy=buddies[3 * i + 2],  # room for three: every buddy stays eligible
                status=MatchStatus.ACTIVE,
                started_on=today - timedelta(days=50),
            )
            for i, user in enumerate(earlier)
        ),
        batch_size=5000,
    )

    # The intake: 500 new caregivers in Wellington, approved in the last fortnight.
    intake = _people("new", INTAKE)
    intake_profiles = CaregiverProfile.objects.bulk_create(
        (
            CaregiverProfile(
                user=user,
                region=regions["Wellington"],
                locality=LOCALITIES["Wellington"][i % 4],
                status=CaregiverStatus.APPROVED,
                approved_on=today - timedelta(days=i % 14),
                started_caring_on=today - timedelta(days=20),
                caregiver_type=CaregiverType.values[i % 3],
                household=Household.values[i % 2],
                available_weekday_evening=i % 2 == 1,
                available_weekend=True,
            )
            for i, user in enumerate(intake)
        ),
        batch_size=5000,
    )
    topic_rows.objects.bulk_create(
        topic_rows(caregiverprofile_id=p.pk, topic_id=topics[i % len(topics)].pk) for i, p in enumerate(intake_profiles)
    )
    language_rows.objects.bulk_create(
        language_rows(caregiverprofile_id=p.pk, language_id=languages[i % len(languages)].pk)
        for i, p in enumerate(intake_profiles)
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "regions": regions,
        "intake": intake,
        "fill_seconds": round(time.perf_counter() - started, 1),
        "eligible_buddies": BuddyProfile.objects.eligible().count(),
    }


def bench_buddies() -> dict:
    if connection.vendor != "postgresql":
        print("The buddies benchmark needs PostgreSQL (set DATABASE_URL); skipped.")
        return {"skipped": "needs PostgreSQL"}
    data = fill()
    print(f"filled in {data['fill_seconds']} s; {data['eligible_buddies']:,} eligible buddies")
    new = data["intake"][0]

    selectors.suggestions_for(new)  # warm-up: the first run pays for connections and caches
    with CaptureQueriesContext(connection) as queries:
        selectors.suggestions_for(new)
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        top = selectors.suggestions_for(new)
        times.append(time.perf_counter() - started)
    suggestions = {
        "candidates": data["eligible_buddies"],
        "queries": len(queries.captured_queries),
        "median_ms": round(1000 * statistics.median(times), 1),
        "max_ms": round(1000 * max(times), 1),
        "rounds": ROUNDS,
        "target_ms": 100,
        "top": [s.reason_text for s in top],
    }
    print(f"suggestions among {data['eligible_buddies']:,}: median {suggestions['median_ms']} ms")

    started = time.perf_counter()
    wellington = [data["regions"]["Wellington"]]
    profiles = list(selectors.unmatched_new_caregivers(wellington).filter(user__email__startswith="new"))
    seekers = selectors.seekers_for(profiles)
    first = BuddyProfile.objects.order_by("pk").values("pk")[:BATCH_BUDDIES]
    pool = selectors.candidates(buddies=BuddyProfile.objects.filter(pk__in=first))
    read = time.perf_counter() - started
    started = time.perf_counter()
    proposals = batch.assign(seekers, pool, selectors.weights())
    solved = time.perf_counter() - started
    assigned = [p for p in proposals if p.suggestion]
    batch_figures = {
        "new_caregivers": len(seekers),
        "buddies": len(pool),
        "places": sum(c.spare for c in pool),
        "assigned": len(assigned),
        "read_seconds": round(read, 2),
        "assign_seconds": round(solved, 2),
        "total_seconds": round(read + solved, 2),
        "target_seconds": 10,
        "same_locality": sum(1 for p in assigned if p.suggestion.candidate.locality == p.seeker.locality),
    }
    print(f"batch of {len(seekers)} over {len(pool):,} buddies: {batch_figures['total_seconds']} s")
    return {
        "fill_seconds": data["fill_seconds"],
        "suggestions": suggestions,
        "batch": batch_figures,
        "cpu_count": os.cpu_count(),
        # The machine is shared: the load when the figures were taken says how quiet it was.
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
