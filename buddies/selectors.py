"""Read-only queries: matching records from the database, the follow-up lists and the key figure.

``candidates`` reads every eligible buddy in three queries whatever their number
(profiles with their load; their topics; their languages, both limited to the
ones the new caregiver shares, so only rows that can score are read).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import CaregiverProfile, CaregiverStatus, User

from .matching import Candidate, Seeker, Suggestion, Weights, suggest
from .models import HOLDS_A_PLACE, PAIRED, BuddyProfile, CheckIn, Match, MatchStatus, MatchWeights, experienced_since

PERIOD_DAYS = 90
BUDDY_WITHIN_DAYS = 30
NEW_CAREGIVER_DAYS = 183  # the first six months after approval

CANDIDATE_FIELDS = (
    "user_id",
    "capacity",
    "user__first_name",
    "user__caregiver_profile__id",
    "user__caregiver_profile__region_id",
    "user__caregiver_profile__locality",
    "user__caregiver_profile__caregiver_type",
    "user__caregiver_profile__household",
    "user__caregiver_profile__cultural_identity",
    "user__caregiver_profile__started_caring_on",
    "user__caregiver_profile__available_weekday_daytime",
    "user__caregiver_profile__available_weekday_evening",
    "user__caregiver_profile__available_weekend",
)
# Every combination of the three availability flags, made once (10,000 candidates share eight).
AVAILABILITY_SETS = {
    (day, evening, weekend): frozenset(
        name for name, free in (("weekday_daytime", day), ("weekday_evening", evening), ("weekend", weekend)) if free
    )
    for day in (False, True)
    for evening in (False, True)
    for weekend in (False, True)
}
NOTHING: frozenset[str] = frozenset()


def months_between(start: date | None, today: date) -> int:
    if start is None:
        return 0
    return max((today.year - start.year) * 12 + today.month - start.month - (today.day < start.day), 0)


def availability_of(profile) -> frozenset[str]:
    return frozenset(
        name
        for name, free in (
            ("weekday_daytime", profile.available_weekday_daytime),
            ("weekday_evening", profile.available_weekday_evening),
            ("weekend", profile.available_weekend),
        )
        if free
    )


def weights() -> Weights:
    row = MatchWeights.objects.order_by("pk").first()
    return Weights.from_object(row) if row else Weights()


def excluded_for(user) -> frozenset[int]:
    """Buddies never suggested to ``user`` again: anyone they have had any match with
    (chosen, set aside, declined, expired, current or past)."""
    return frozenset(Match.objects.filter(new_caregiver=user).values_list("buddy_id", flat=True))


def seeker_for(user, today: date | None = None) -> Seeker:
    today = today or timezone.localdate()
    profile = CaregiverProfile.objects.select_related("region").get(user=user)
    wants_culture = BuddyProfile.objects.filter(user=user, prefers_shared_culture=True).exists()
    return Seeker(
        user_id=user.pk,
        first_name=user.first_name,
        region_id=profile.region_id,
        region_name=profile.region.name,
        locality=profile.locality,
        caregiver_type=profile.caregiver_type,
        household=profile.household,
        availability=availability_of(profile),
        topics=frozenset(profile.topics.values_list("name", flat=True)),
        languages=frozenset(profile.languages.values_list("name", flat=True)),
        cultural_identity=profile.cultural_identity,
        months_caring=months_between(profile.started_caring_on, today),
        wants_shared_culture=wants_culture,
        excluded=excluded_for(user),
    )


def candidates(
    *,
    topics: frozenset[str] | None = None,
    languages: frozenset[str] | None = None,
    today: date | None = None,
    buddies: QuerySet[BuddyProfile] | None = None,
    ambassadors: bool = False,
) -> list[Candidate]:
    """Every eligible buddy as a matching record, in four queries whatever their number:
    the available buddies, the places taken at each buddy (compared with their capacity
    here rather than by a subquery per row), and their topics and languages.

    ``topics``/``languages``: read only these (the ones a single new caregiver has);
    None reads them all (batch assignment). A new caregiver with none: nothing is read.
    ``ambassadors``: ambassadors instead of buddies, whatever their load (for enquiries)."""
    today = today or timezone.localdate()
    base = buddies if buddies is not None else BuddyProfile.objects.all()
    available = base.ambassadors() if ambassadors else base.available(today)
    rows = list(available.order_by().values_list(*CANDIDATE_FIELDS))
    load = dict(
        Match.objects.filter(status__in=HOLDS_A_PLACE)
        .order_by()
        .values("buddy_id")
        .annotate(n=Count("pk"))
        .values_list("buddy_id", "n")
    )
    # Topic and language rows of willing buddies; rows of anyone not in ``rows`` are ignored.
    willing = {f"caregiverprofile__user__buddy_profile__{'ambassador' if ambassadors else 'willing'}": True}
    topics_of: dict[int, set[str]] = defaultdict(set)
    if topics != frozenset():
        topic_rows = CaregiverProfile.topics.through.objects.filter(**willing)
        if topics is not None:
            topic_rows = topic_rows.filter(topic__name__in=topics)
        for profile_id, name in topic_rows.values_list("caregiverprofile_id", "topic__name"):
            topics_of[profile_id].add(name)
    languages_of: dict[int, set[str]] = defaultdict(set)
    if languages != frozenset():
        language_rows = CaregiverProfile.languages.through.objects.filter(**willing)
        if languages is not None:
            language_rows = language_rows.filter(language__name__in=languages)
        for profile_id, name in language_rows.values_list("caregiverprofile_id", "language__name"):
            languages_of[profile_id].add(name)
    # One frozenset per distinct set of shared topics (or languages), not one per buddy.
    shared: dict[frozenset[str], frozenset[str]] = {}
    topic_sets = {pk: shared.setdefault(frozenset(v), frozenset(v)) for pk, v in topics_of.items()}
    language_sets = {pk: shared.setdefault(frozenset(v), frozenset(v)) for pk, v in languages_of.items()}
    result = []
    months: dict[date | None, int] = {}  # many buddies started on the same day
    for (
        user_id,
        capacity,
        first_name,
        profile_id,
        region_id,
        locality,
        caregiver_type,
        household,
        culture,
        started,
        day,
        evening,
        weekend,
    ) in rows:
        taken = 0 if ambassadors else load.get(user_id, 0)
        if taken >= capacity:
            continue
        result.append(
            Candidate(
                user_id=user_id,
                first_name=first_name,
                region_id=region_id,
                locality=locality,
                caregiver_type=caregiver_type,
                household=household,
                availability=AVAILABILITY_SETS[day, evening, weekend],
                topics=topic_sets.get(profile_id, NOTHING),
                languages=language_sets.get(profile_id, NOTHING),
                cultural_identity=culture,
                months_caring=months[started]
                if started in months
                else months.setdefault(started, months_between(started, today)),
                eligible=True,
                capacity=capacity,
                load=taken,
            )
        )
    return result


def seekers_for(profiles: list[CaregiverProfile], today: date | None = None) -> list[Seeker]:
    """Matching records for many new caregivers in four queries (topics, languages,
    cultural wishes, past matches), whatever their number. ``profiles`` need their region."""
    today = today or timezone.localdate()
    ids = [p.pk for p in profiles]
    users = [p.user_id for p in profiles]
    topics_of: dict[int, set[str]] = defaultdict(set)
    for profile_id, name in CaregiverProfile.topics.through.objects.filter(caregiverprofile_id__in=ids).values_list(
        "caregiverprofile_id", "topic__name"
    ):
        topics_of[profile_id].add(name)
    languages_of: dict[int, set[str]] = defaultdict(set)
    for profile_id, name in CaregiverProfile.languages.through.objects.filter(caregiverprofile_id__in=ids).values_list(
        "caregiverprofile_id", "language__name"
    ):
        languages_of[profile_id].add(name)
    culture = set(
        BuddyProfile.objects.filter(user_id__in=users, prefers_shared_culture=True).values_list("user_id", flat=True)
    )
    excluded: dict[int, set[int]] = defaultdict(set)
    for new_id, buddy_id in Match.objects.filter(new_caregiver_id__in=users).values_list(
        "new_caregiver_id", "buddy_id"
    ):
        excluded[new_id].add(buddy_id)
    return [
        Seeker(
            user_id=p.user_id,
            first_name=p.user.first_name,
            region_id=p.region_id,
            region_name=p.region.name,
            locality=p.locality,
            caregiver_type=p.caregiver_type,
            household=p.household,
            availability=availability_of(p),
            topics=frozenset(topics_of[p.pk]),
            languages=frozenset(languages_of[p.pk]),
            cultural_identity=p.cultural_identity,
            months_caring=months_between(p.started_caring_on, today),
            wants_shared_culture=p.user_id in culture,
            excluded=frozenset(excluded[p.user_id]),
        )
        for p in profiles
    ]


def ambassadors_for(enquiry, limit: int = 3) -> list[Suggestion]:
    """Ambassadors for someone thinking about caregiving, from the same engine: their
    region and household, and a shared cultural background when they gave one."""
    seeker = Seeker(
        user_id=0,
        first_name=enquiry.first_name,
        region_id=enquiry.region_id,
        region_name=enquiry.region.name,
        household=enquiry.household,
        caregiver_type="",
        cultural_identity=enquiry.cultural_background,
        wants_shared_culture=bool(enquiry.cultural_background),
    )
    pool = candidates(topics=frozenset(), languages=frozenset(), ambassadors=True)
    return suggest(seeker, pool, weights(), limit=limit)


def suggestions_for(user, limit: int = 3) -> list[Suggestion]:
    """The top ``limit`` buddies for this new caregiver, with reasons."""
    seeker = seeker_for(user)
    pool = candidates(topics=seeker.topics, languages=seeker.languages)
    return suggest(seeker, pool, weights(), limit=limit)


# --- What the caregiver and the social worker see ------------------------------------


def live_match_of(user) -> Match | None:
    return (
        Match.objects.live()
        .filter(new_caregiver=user)
        .select_related("buddy__caregiver_profile", "new_caregiver__caregiver_profile")
        .first()
    )


def needs_buddy(user, today: date | None = None) -> bool:
    """A newly approved caregiver (the first six months, as in ``unmatched_new_caregivers``)
    who has no buddy and has not had one: they are shown suggestions and may choose."""
    profile = getattr(user, "caregiver_profile", None)
    if profile is None or profile.status != CaregiverStatus.APPROVED or profile.approved_on is None:
        return False
    today = today or timezone.localdate()
    if profile.approved_on < today - timedelta(days=NEW_CAREGIVER_DAYS):
        return False
    return not Match.objects.filter(new_caregiver=user, status__in=(*PAIRED, MatchStatus.OFFERED)).exists()


def unmatched_new_caregivers(regions, today: date | None = None, min_days: int = 0) -> QuerySet[CaregiverProfile]:
    """Caregivers approved in the last six months, at least ``min_days`` ago, with no buddy
    and no open offer (the social worker's list and the batch assignment's intake)."""
    today = today or timezone.localdate()
    paired = Match.objects.filter(new_caregiver=OuterRef("user_id"), status__in=(*PAIRED, MatchStatus.OFFERED))
    return (
        CaregiverProfile.objects.filter(
            region__in=regions,
            status=CaregiverStatus.APPROVED,
            approved_on__gte=today - timedelta(days=NEW_CAREGIVER_DAYS),
            approved_on__lte=today - timedelta(days=min_days),
            user__is_active=True,
        )
        .exclude(Exists(paired))
        .select_related("user", "region", "social_worker")
        .order_by("approved_on", "pk")
    )


def experienced_in(regions, today: date | None = None) -> QuerySet[CaregiverProfile]:
    """Approved caregivers of ``regions`` caring long enough to be buddies, with their buddy
    settings (``user.buddy_profile``, if any) and ``load``, in one query."""
    held = (
        Match.objects.filter(buddy_id=OuterRef("user_id"), status__in=HOLDS_A_PLACE)
        .order_by()
        .values("buddy_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        CaregiverProfile.objects.filter(
            region__in=regions,
            status=CaregiverStatus.APPROVED,
            started_caring_on__lte=experienced_since(today),
        )
        .select_related("user__buddy_profile", "region")
        .annotate(load=Coalesce(Subquery(held), 0))
        .order_by("user__first_name", "user__last_name", "pk")
    )


def pairs_in(regions) -> QuerySet[Match]:
    return (
        Match.objects.in_regions(regions)
        .select_related("new_caregiver__caregiver_profile", "buddy__caregiver_profile")
        .order_by("-started_on", "-pk")
    )


def buddy_figure(regions, today: date | None = None, period_days: int = PERIOD_DAYS) -> dict:
    """Key figure: of the caregivers approved in the last ``period_days`` days, how many
    had an active buddy within 30 days of approval. Two counts in one query."""
    today = today or timezone.localdate()
    within = Match.objects.filter(
        new_caregiver=OuterRef("user_id"),
        started_on__isnull=False,
        status__in=(MatchStatus.ACTIVE, MatchStatus.ENDED),
    ).filter(started_on__lte=OuterRef("approved_on") + timedelta(days=BUDDY_WITHIN_DAYS))
    counts = CaregiverProfile.objects.filter(
        region__in=regions,
        status=CaregiverStatus.APPROVED,
        approved_on__gte=today - timedelta(days=period_days),
        approved_on__lte=today,
    ).aggregate(total=Count("pk"), buddied=Count("pk", filter=Exists(within)))
    total, buddied = counts["total"], counts["buddied"]
    return {
        "total": total,
        "buddied": buddied,
        "percent": round(100 * buddied / total) if total else None,
        "period_days": period_days,
        "within_days": BUDDY_WITHIN_DAYS,
    }


def people_named(ids) -> dict[int, User]:
    return {u.pk: u for u in User.objects.filter(pk__in=ids).select_related("caregiver_profile")}


# --- For feedback surveys and managers' reports (feedback/) -------------------------------

NO_CONTACT_DAYS = 14


def pairs_for_surveys(ended_since) -> QuerySet[Match]:
    """Active pairs (with their start day) and pairs ended since ``ended_since``: the buddy surveys'
    candidates, with both people and the new caregiver's region. A pair one of whom has closed
    their account is asked no more (its earlier answers stay in the reports)."""
    return (
        Match.objects.filter(
            Q(status=MatchStatus.ACTIVE, started_on__isnull=False)
            | Q(status=MatchStatus.ENDED, started_on__isnull=False, ended_at__gte=ended_since)
        )
        .filter(new_caregiver__isnull=False, buddy__isnull=False)
        .select_related("new_caregiver__caregiver_profile", "buddy__caregiver_profile")
        .order_by("pk")
    )


def coverage_by_region(region_ids: list[int], first: date, last: date, today: date | None = None) -> dict[int, dict]:
    """{region id: figures} for caregivers approved from ``first`` to ``last``: how many, how
    many had an active buddy within BUDDY_WITHIN_DAYS of approval, the days from approval to
    each first pair's start (for a median), and the region's active pairs with no contact in
    NO_CONTACT_DAYS days as of ``today``. Two queries."""
    today = today or timezone.localdate()
    first_start = (
        Match.objects.filter(
            new_caregiver=OuterRef("user_id"),
            started_on__isnull=False,
            status__in=(MatchStatus.ACTIVE, MatchStatus.ENDED),
        )
        .order_by("started_on")
        .values("started_on")[:1]
    )
    rows = (
        CaregiverProfile.objects.filter(
            region_id__in=region_ids, status=CaregiverStatus.APPROVED, approved_on__gte=first, approved_on__lte=last
        )
        .annotate(first_start=Subquery(first_start))
        .order_by()
        .values_list("region_id", "approved_on", "first_start")
    )
    figures = {pk: {"approved": 0, "buddied": 0, "days": [], "no_contact": 0} for pk in region_ids}
    for region_id, approved_on, started in rows:
        row = figures[region_id]
        row["approved"] += 1
        if started is not None:
            days = max((started - approved_on).days, 0)
            row["days"].append(days)
            row["buddied"] += days <= BUDDY_WITHIN_DAYS
    last_check_in = (
        CheckIn.objects.filter(match=OuterRef("pk"))
        .order_by()
        .values("match")
        .annotate(d=Max("happened_on"))
        .values("d")
    )
    quiet = (
        Match.objects.filter(status=MatchStatus.ACTIVE, new_caregiver__caregiver_profile__region_id__in=region_ids)
        .annotate(last_contact=Coalesce(Subquery(last_check_in), F("started_on")))
        .filter(last_contact__lt=today - timedelta(days=NO_CONTACT_DAYS))
        .values("new_caregiver__caregiver_profile__region_id")
        .order_by()
        .annotate(n=Count("pk"))
    )
    for row in quiet:
        figures[row["new_caregiver__caregiver_profile__region_id"]]["no_contact"] += row["n"]
    return figures
