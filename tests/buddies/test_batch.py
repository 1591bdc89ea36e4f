"""Batch assignment: the vectorised scores equal the engine's, capacities hold, and the
assignment is optimal (checked against brute force on small intakes)."""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from buddies.batch import assign, score_matrix
from buddies.matching import Candidate, Seeker, Weights, can_suggest, score
from tests.buddies.test_matching_properties import candidates, seekers, weights


@settings(max_examples=150, deadline=None)
@given(people=st.lists(seekers, min_size=1, max_size=4), pool=st.lists(candidates, min_size=1, max_size=8), w=weights)
def test_the_score_matrix_is_the_engines_score(people, pool, w):
    matrix = score_matrix(people, pool, w)
    for i, seeker in enumerate(people):
        for j, candidate in enumerate(pool):
            if can_suggest(seeker, candidate):
                assert math.isclose(matrix[i, j], score(seeker, candidate, w)[0], rel_tol=1e-9, abs_tol=1e-9)
            else:
                assert matrix[i, j] == -math.inf


@settings(max_examples=150, deadline=None)
@given(
    people=st.lists(seekers, min_size=1, max_size=6, unique_by=lambda s: s.user_id),
    pool=st.lists(candidates, max_size=8, unique_by=lambda c: c.user_id),
    w=weights,
)
def test_assignments_respect_capacity_and_never_pair_the_unsuggestable(people, pool, w):
    proposals = assign(people, pool, w)
    assert [p.seeker for p in proposals] == people
    taken = Counter(p.suggestion.candidate.user_id for p in proposals if p.suggestion)
    for candidate in pool:
        assert taken[candidate.user_id] <= candidate.spare
    for p in proposals:
        if p.suggestion:
            assert can_suggest(p.seeker, p.suggestion.candidate)


def brute_force_best(people, pool, w) -> tuple[int, float]:
    """Over every way of giving each seeker one slot or none: the most pairs, then the highest total."""
    slots = [(c, k) for c in pool for k in range(c.spare)]
    best = (0, 0.0)
    for chosen in itertools.product([None, *range(len(slots))], repeat=len(people)):
        used = [x for x in chosen if x is not None]
        if len(used) != len(set(used)):
            continue
        total = 0.0
        for seeker, x in zip(people, chosen, strict=True):
            if x is None:
                continue
            c, k = slots[x]
            if not can_suggest(seeker, c):
                break
            total += score(seeker, dataclasses.replace(c, load=c.load + k), w)[0]
        else:
            best = max(best, (len(used), round(total, 6)))
    return best


@settings(max_examples=60, deadline=None)
@given(
    people=st.lists(seekers, min_size=1, max_size=3, unique_by=lambda s: s.user_id),
    pool=st.lists(candidates, min_size=1, max_size=3, unique_by=lambda c: c.user_id),
    w=weights,
)
def test_the_assignment_is_optimal_and_assigns_whenever_it_can(people, pool, w):
    proposals = assign(people, pool, w, shortlist=100)
    slot_of = Counter()
    total = 0.0
    for p in proposals:
        if p.suggestion:
            c = p.suggestion.candidate
            total += score(p.seeker, dataclasses.replace(c, load=c.load + slot_of[c.user_id]), w)[0]
            slot_of[c.user_id] += 1
    # As many pairs as can be made, then the highest total score.
    pairs = len([p for p in proposals if p.suggestion])
    best_pairs, best_total = brute_force_best(people, pool, w)
    assert pairs == best_pairs
    assert total >= best_total - 1e-5


def test_a_small_intake_is_spread_over_buddies_with_room():
    w = Weights()
    people = [Seeker(user_id=i, region_id=1, locality="Manukau") for i in range(1, 5)]
    pool = [
        Candidate(user_id=10, region_id=1, locality="Manukau", capacity=2, load=1),
        Candidate(user_id=11, region_id=1, locality="Manukau", capacity=3, load=0),
    ]
    proposals = assign(people, pool, w)
    taken = Counter(p.suggestion.candidate.user_id for p in proposals if p.suggestion)
    assert taken == {10: 1, 11: 3}
