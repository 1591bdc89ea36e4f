"""The matching engine: scores buddies for a new caregiver, with the reasons shown.

Pure: it takes plain records (``Seeker``, ``Candidate``) and ``Weights``, never
touches the database, and so is tested with generated data
(tests/buddies/test_matching_properties.py). ``buddies.selectors`` builds the
records from the database in a constant number of queries.

Each criterion scores 0 to 1 and counts its weight:

- place: same locality 1, same region ½, elsewhere 0;
- availability: the share of the new caregiver's free times the buddy shares;
- caregiver type (kinship with kinship), household (single with single): 1 if the same;
- topics: ⅓ per shared topic, up to 1; language: 1 if they share one;
- culture: 1 if the new caregiver asked for a shared cultural background and the
  buddy's self-described identity shares a word with theirs (0 otherwise);
- experience: years caring, up to 10; spare capacity: places left over capacity.

Never suggested: the person themself, anyone not eligible (``Candidate.eligible``),
anyone at capacity, anyone in ``Seeker.excluded`` (current, past, declined or set aside).
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, field, fields

from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext

AVAILABILITY = ("weekday_daytime", "weekday_evening", "weekend")
CRITERIA = (
    "place",
    "availability",
    "caregiver_type",
    "topics",
    "household",
    "language",
    "culture",
    "experience",
    "spare_capacity",
)
EXPERIENCE_FULL_MONTHS = 120
TOPICS_FULL = 3


@dataclass(frozen=True)
class Weights:
    place: float = 5
    availability: float = 2
    caregiver_type: float = 2
    topics: float = 1.5
    household: float = 1
    language: float = 1
    culture: float = 2
    experience: float = 1
    spare_capacity: float = 0.5

    def __post_init__(self):
        for f in fields(self):
            if getattr(self, f.name) < 0:
                raise ValueError(f"weight {f.name} must not be negative")

    @classmethod
    def from_object(cls, obj) -> Weights:
        return cls(**{name: float(getattr(obj, name)) for name in CRITERIA})


# Slotted and not frozen: a frozen dataclass sets each field through object.__setattr__,
# which made building 10,000 candidates take longer than ranking them. Treat them as values.
@dataclass(slots=True)
class Person:
    user_id: int
    first_name: str = ""
    region_id: int | None = None
    locality: str = ""
    caregiver_type: str = "foster"
    household: str = "single"
    availability: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    cultural_identity: str = ""
    months_caring: int = 0


@dataclass(slots=True)
class Seeker(Person):
    """The new caregiver looking for a buddy."""

    region_name: str = ""
    wants_shared_culture: bool = False
    excluded: frozenset[int] = frozenset()


@dataclass(slots=True)
class Candidate(Person):
    """A possible buddy. ``eligible``: willing, approved, experienced enough and not paused."""

    eligible: bool = True
    capacity: int = 2
    load: int = 0

    @property
    def spare(self) -> int:
        return max(self.capacity - self.load, 0)

    @property
    def years_caring(self) -> int:
        return self.months_caring // 12


@dataclass(frozen=True)
class Suggestion:
    candidate: Candidate
    score: float
    breakdown: dict[str, float] = field(default_factory=dict)  # criterion → weighted points
    reasons: tuple[str, ...] = ()
    shared_topics: tuple[str, ...] = ()

    @property
    def reason_text(self) -> str:
        return " · ".join(self.reasons)


def can_suggest(seeker: Seeker, candidate: Candidate) -> bool:
    return (
        candidate.eligible
        and candidate.user_id != seeker.user_id
        and candidate.user_id not in seeker.excluded
        and candidate.load < candidate.capacity
    )


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[^\w]+", text.casefold()) if len(w) > 2}


def _same_place(a: str, b: str) -> bool:
    return bool(a) and a.strip().casefold() == b.strip().casefold()


def criteria(seeker: Seeker, candidate: Candidate) -> dict[str, float]:
    """Each criterion's score from 0 to 1, before weighting."""
    place = 0.0
    if seeker.region_id is not None and seeker.region_id == candidate.region_id:
        place = 1.0 if _same_place(seeker.locality, candidate.locality) else 0.5
    shared_times = seeker.availability & candidate.availability
    culture = 0.0
    if seeker.wants_shared_culture and _words(seeker.cultural_identity) & _words(candidate.cultural_identity):
        culture = 1.0
    return {
        "place": place,
        "availability": len(shared_times) / len(seeker.availability) if seeker.availability else 0.0,
        "caregiver_type": 1.0 if seeker.caregiver_type == candidate.caregiver_type else 0.0,
        "topics": min(len(seeker.topics & candidate.topics), TOPICS_FULL) / TOPICS_FULL,
        "household": 1.0 if seeker.household == candidate.household else 0.0,
        "language": 1.0 if seeker.languages & candidate.languages else 0.0,
        "culture": culture,
        "experience": min(max(candidate.months_caring, 0), EXPERIENCE_FULL_MONTHS) / EXPERIENCE_FULL_MONTHS,
        "spare_capacity": candidate.spare / candidate.capacity if candidate.capacity else 0.0,
    }


def score(seeker: Seeker, candidate: Candidate, weights: Weights) -> tuple[float, dict[str, float], dict[str, float]]:
    raw = criteria(seeker, candidate)
    breakdown = {name: raw[name] * getattr(weights, name) for name in CRITERIA}
    return sum(breakdown.values()), breakdown, raw


def _ranker(seeker: Seeker, weights: Weights):
    """``candidate → (sort key, total)``: ``score`` without the breakdown, for ranking thousands
    quickly. The weighted terms are added in ``CRITERIA`` order, as ``score`` adds them, so
    the totals are the same floats."""
    w = weights
    locality = seeker.locality.strip().casefold() if seeker.locality else None
    region = seeker.region_id
    times = seeker.availability
    n_times = len(times)
    topics, languages = seeker.topics, seeker.languages
    words = _words(seeker.cultural_identity) if seeker.wants_shared_culture else set()
    kind, household = seeker.caregiver_type, seeker.household

    def rank(c: Candidate):
        place = 0.0
        if region is not None and region == c.region_id:
            place = 1.0 if locality and c.locality.strip().casefold() == locality else 0.5
        total = 0.0
        total += place * w.place
        total += (len(times & c.availability) / n_times if n_times else 0.0) * w.availability
        total += (1.0 if kind == c.caregiver_type else 0.0) * w.caregiver_type
        total += (min(len(topics & c.topics), TOPICS_FULL) / TOPICS_FULL) * w.topics
        total += (1.0 if household == c.household else 0.0) * w.household
        total += (1.0 if languages & c.languages else 0.0) * w.language
        total += (1.0 if words and words & _words(c.cultural_identity) else 0.0) * w.culture
        total += (min(max(c.months_caring, 0), EXPERIENCE_FULL_MONTHS) / EXPERIENCE_FULL_MONTHS) * w.experience
        spare = max(c.capacity - c.load, 0)
        total += (spare / c.capacity if c.capacity else 0.0) * w.spare_capacity
        return (-round(total, 9), -place, -spare, c.user_id), total

    return rank


def suggest(seeker: Seeker, candidates, weights: Weights, limit: int = 3) -> list[Suggestion]:
    """The best ``limit`` buddies for ``seeker``, best first, with reasons.

    Ties go to the nearer buddy, then the one with more room, then the lower id,
    so the order is stable and a same-locality buddy never ranks below an
    otherwise identical one elsewhere."""
    rank = _ranker(seeker, weights)
    best = heapq.nsmallest(limit, ((rank(c)[0], i, c) for i, c in enumerate(candidates) if can_suggest(seeker, c)))
    suggestions = []
    for _key, _i, c in best:
        total, breakdown, _raw = score(seeker, c, weights)
        suggestions.append(
            Suggestion(
                candidate=c,
                score=round(total, 3),
                breakdown=breakdown,
                reasons=tuple(reasons(seeker, c)),
                shared_topics=tuple(sorted(seeker.topics & c.topics)),
            )
        )
    return suggestions


_TYPE_REASONS = {
    "kinship": lambda: gettext("both kinship / whānau carers"),
    "foster": lambda: gettext("both foster carers"),
    "respite": lambda: gettext("both respite carers"),
}
_HOUSEHOLD_REASONS = {
    "single": lambda: gettext("both caring on your own"),
    "couple": lambda: gettext("both caring as a couple"),
}
_TIMES = {
    "weekday_daytime": lambda: gettext("weekday daytimes"),
    "weekday_evening": lambda: gettext("weekday evenings"),
    "weekend": lambda: gettext("weekends"),
}


def _listing(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return gettext("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def reasons(seeker: Seeker, candidate: Candidate) -> list[str]:
    """Plain-language reasons, strongest first: "Also in Porirua · both free weekday evenings · …"."""
    raw = criteria(seeker, candidate)
    said = []
    if raw["place"] == 1.0:
        said.append(gettext("Also in %(place)s") % {"place": candidate.locality})
    elif raw["place"] == 0.5 and seeker.region_name:
        said.append(gettext("Also in the %(region)s region") % {"region": seeker.region_name})
    times = [_TIMES[t]() for t in AVAILABILITY if t in seeker.availability & candidate.availability]
    if times:
        said.append(gettext("both free %(times)s") % {"times": _listing(times)})
    if raw["caregiver_type"] and candidate.caregiver_type in _TYPE_REASONS:
        said.append(_TYPE_REASONS[candidate.caregiver_type]())
    if raw["culture"]:
        said.append(gettext("shares your cultural background"))
    shared_topics = sorted(seeker.topics & candidate.topics)
    if shared_topics:
        said.append(gettext("interested in %(topics)s") % {"topics": _listing(shared_topics[:3])})
    shared_languages = sorted(seeker.languages & candidate.languages)
    if shared_languages:
        said.append(gettext("speaks %(languages)s") % {"languages": _listing(shared_languages[:2])})
    if raw["household"] and candidate.household in _HOUSEHOLD_REASONS:
        said.append(_HOUSEHOLD_REASONS[candidate.household]())
    years = candidate.months_caring // 12
    if years >= 1:
        said.append(ngettext("caring %(n)d year", "caring %(n)d years", years) % {"n": years})
    if said:
        said[0] = capfirst(said[0])
    return said
