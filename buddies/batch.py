"""Batch assignment: the best set of pairs for a whole intake, respecting every buddy's room.

Pure, like ``buddies.matching`` (plain records in, proposals out), and scored the same
way: ``score_matrix`` computes ``matching.score`` for every (new caregiver, buddy) at once
with numpy (tests/buddies/test_batch.py checks it against the pure function).

The assignment is a minimum-cost matching over capacity *slots*: a buddy with room for
two appears as two columns, the second scored with one place less to spare, so the
optimum spreads new caregivers over buddies when it costs little. Pairs the engine
would never suggest (the person themself, someone excluded) cost ``FORBIDDEN`` and are
dropped from the answer. ``scipy.optimize.linear_sum_assignment`` solves it.

For speed, the columns are only the buddies in some new caregiver's ``shortlist`` of
best fits (widened until they have room for twice the intake): with 500 new caregivers
over 5,000 buddies that keeps the matrix small, and the optimum differs from the full
one only when someone would get a buddy outside every short list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from .matching import AVAILABILITY, EXPERIENCE_FULL_MONTHS, TOPICS_FULL, Candidate, Seeker, Suggestion, Weights
from .matching import reasons as reasons_for

FORBIDDEN = 1e9
SHORTLIST = 25


@dataclass(frozen=True)
class Proposal:
    seeker: Seeker
    suggestion: Suggestion | None  # None: nobody with room could be proposed


def _bits(values, vocabulary: dict[str, int]) -> int:
    mask = 0
    for value in values:
        mask |= 1 << vocabulary.setdefault(value, len(vocabulary))
    return mask


def _masks(seekers, candidates, attribute: str, vocabulary: dict[str, int] | None = None):
    """Each person's set as a bitmask (seekers', candidates'); over 63 values, Python ints."""
    vocabulary = {} if vocabulary is None else vocabulary
    left = [_bits(getattr(p, attribute), vocabulary) for p in seekers]
    right = [_bits(getattr(p, attribute), vocabulary) for p in candidates]
    dtype = np.uint64 if len(vocabulary) <= 63 else object
    return np.array(left, dtype=dtype), np.array(right, dtype=dtype)


def _overlap_count(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    both = a[:, None] & b[None, :]
    if both.dtype == object:
        return np.vectorize(lambda x: int(x).bit_count(), otypes=[np.int64])(both)
    return np.bitwise_count(both).astype(np.int64)


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[^\w]+", text.casefold()) if len(w) > 2}


def score_matrix(seekers: list[Seeker], candidates: list[Candidate], weights: Weights, spare_offset: int = 0):
    """``matching.score`` of every pair, as an array (seekers × candidates); unsuggestable pairs get -inf.

    ``spare_offset``: score as if each buddy had that many fewer places to spare (for the
    second and third slots)."""
    n, m = len(seekers), len(candidates)
    if not n or not m:
        return np.zeros((n, m))
    codes: dict[str, int] = {}

    def code(value) -> int:
        return codes.setdefault(value, len(codes))

    s_region = np.array([-1 if s.region_id is None else s.region_id for s in seekers])
    c_region = np.array([-2 if c.region_id is None else c.region_id for c in candidates])
    s_place = np.array([code(s.locality.strip().casefold()) if s.locality else -1 for s in seekers])
    c_place = np.array([code(c.locality.strip().casefold()) if c.locality else -3 for c in candidates])
    same_region = (s_region[:, None] == c_region[None, :]) & (s_region[:, None] >= 0)
    same_place = same_region & (s_place[:, None] == c_place[None, :]) & (s_place[:, None] >= 0)
    place = np.where(same_place, 1.0, np.where(same_region, 0.5, 0.0))

    s_times, c_times = _masks(seekers, candidates, "availability", {name: i for i, name in enumerate(AVAILABILITY)})
    s_time_count = np.array([len(s.availability) for s in seekers], dtype=float)
    availability = _overlap_count(s_times, c_times) / np.where(s_time_count == 0, 1, s_time_count)[:, None]

    s_type = np.array([code("t:" + s.caregiver_type) for s in seekers])
    c_type = np.array([code("t:" + c.caregiver_type) for c in candidates])
    s_household = np.array([code("h:" + s.household) for s in seekers])
    c_household = np.array([code("h:" + c.household) for c in candidates])

    topics = np.minimum(_overlap_count(*_masks(seekers, candidates, "topics")), TOPICS_FULL) / float(TOPICS_FULL)
    language = (_overlap_count(*_masks(seekers, candidates, "languages")) > 0).astype(float)

    culture = np.zeros((n, m))
    candidate_words = None
    for i, seeker in enumerate(seekers):
        if not seeker.wants_shared_culture or not seeker.cultural_identity:
            continue
        if candidate_words is None:
            candidate_words = [_words(c.cultural_identity) for c in candidates]
        mine = _words(seeker.cultural_identity)
        culture[i] = [1.0 if mine & words else 0.0 for words in candidate_words]

    months = np.array([min(max(c.months_caring, 0), EXPERIENCE_FULL_MONTHS) for c in candidates], dtype=float)
    capacity = np.array([c.capacity for c in candidates], dtype=float)
    spare = np.maximum(np.array([c.spare for c in candidates], dtype=float) - spare_offset, 0)

    total = (
        weights.place * place
        + weights.availability * availability
        + weights.caregiver_type * (s_type[:, None] == c_type[None, :])
        + weights.topics * topics
        + weights.household * (s_household[:, None] == c_household[None, :])
        + weights.language * language
        + weights.culture * culture
        + (weights.experience * months / EXPERIENCE_FULL_MONTHS)[None, :]
        + (weights.spare_capacity * np.where(capacity > 0, spare / np.where(capacity > 0, capacity, 1), 0))[None, :]
    )
    allowed = np.array([c.eligible and c.load < c.capacity for c in candidates])
    total[:, ~allowed] = -np.inf
    columns: dict[int, list[int]] = {}
    for j, c in enumerate(candidates):
        columns.setdefault(c.user_id, []).append(j)
    for i, seeker in enumerate(seekers):
        for user_id in {seeker.user_id, *seeker.excluded}:
            for j in columns.get(user_id, ()):
                total[i, j] = -np.inf
    return total


def _columns(scores: np.ndarray, candidates: list[Candidate], seekers: int, shortlist: int) -> np.ndarray:
    """The buddies the assignment chooses among: the union of each new caregiver's best
    ``shortlist``, widened (doubling) until it has room for twice the intake or holds everyone.
    Similar new caregivers share their best buddies, so one short list each is not enough room."""
    m = len(candidates)
    spare = np.array([c.spare for c in candidates])
    k = min(shortlist, m)
    while True:
        if k >= m:
            return np.arange(m)
        best = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        used = np.unique(best)
        used = used[np.isfinite(scores[:, used]).any(axis=0)]
        if spare[used].sum() >= 2 * seekers:
            return used
        k *= 2


def assign(
    seekers: list[Seeker], candidates: list[Candidate], weights: Weights, shortlist: int = SHORTLIST
) -> list[Proposal]:
    """The assignment with the highest total score in which no buddy gets more new
    caregivers than they have room for; one proposal per seeker, in the seekers' order."""
    if not seekers:
        return []
    scores = score_matrix(seekers, candidates, weights)
    if not candidates:
        return [Proposal(seeker=s, suggestion=None) for s in seekers]
    used = _columns(scores, candidates, len(seekers), shortlist)
    # One column per place a chosen buddy has to spare (at most one per seeker).
    columns, slot_scores = [], []
    chosen_buddies = [candidates[j] for j in used]
    max_slots = max((c.spare for c in chosen_buddies), default=0)
    for offset in range(min(max_slots, len(seekers))):
        keep = [idx for idx, c in enumerate(chosen_buddies) if c.spare > offset]
        if not keep:
            break
        block = score_matrix(seekers, [chosen_buddies[idx] for idx in keep], weights, spare_offset=offset)
        columns.extend(used[keep])
        slot_scores.append(block)
    matrix = np.hstack(slot_scores) if slot_scores else np.zeros((len(seekers), 0))
    cost = np.where(np.isfinite(matrix), -matrix, FORBIDDEN)
    rows, cols = linear_sum_assignment(cost) if cost.size else (np.array([], int), np.array([], int))
    chosen: dict[int, tuple[int, float]] = {}
    for r, c in zip(rows, cols, strict=True):
        if cost[r, c] < FORBIDDEN:
            chosen[int(r)] = (int(columns[c]), float(matrix[r, c]))
    proposals = []
    for i, seeker in enumerate(seekers):
        if i not in chosen:
            proposals.append(Proposal(seeker=seeker, suggestion=None))
            continue
        j, value = chosen[i]
        candidate = candidates[j]
        proposals.append(
            Proposal(
                seeker=seeker,
                suggestion=Suggestion(
                    candidate=candidate,
                    score=round(value, 3),
                    reasons=tuple(reasons_for(seeker, candidate)),
                    shared_topics=tuple(sorted(seeker.topics & candidate.topics)),
                ),
            )
        )
    return proposals
