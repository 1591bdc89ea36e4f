"""Property tests of the pure matching engine (hypothesis generates the people)."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from buddies.matching import (
    AVAILABILITY,
    CRITERIA,
    Candidate,
    Seeker,
    Weights,
    _ranker,
    can_suggest,
    score,
    suggest,
)

LOCALITIES = ["Porirua", "Lower Hutt", "Karori", "Manukau"]
TOPICS = ["Contact with birth family", "Teenagers", "Sleep", "School", "Kinship care"]
LANGUAGES = ["English", "Te reo Māori", "Samoan"]

weights = st.builds(Weights, **{name: st.floats(min_value=0, max_value=10) for name in CRITERIA})


def people(cls, **extra):
    return st.builds(
        cls,
        user_id=st.integers(min_value=1, max_value=60),
        first_name=st.just("Sam"),
        region_id=st.sampled_from([1, 2]),  # every caregiver profile has a region
        locality=st.sampled_from(LOCALITIES),
        caregiver_type=st.sampled_from(["foster", "kinship", "respite"]),
        household=st.sampled_from(["single", "couple"]),
        availability=st.frozensets(st.sampled_from(AVAILABILITY)),
        topics=st.frozensets(st.sampled_from(TOPICS)),
        languages=st.frozensets(st.sampled_from(LANGUAGES)),
        cultural_identity=st.sampled_from(["", "Māori", "Samoan", "Pākehā"]),
        months_caring=st.integers(min_value=0, max_value=400),
        **extra,
    )


seekers = people(
    Seeker,
    wants_shared_culture=st.booleans(),
    excluded=st.frozensets(st.integers(min_value=1, max_value=60), max_size=5),
)
candidates = people(
    Candidate,
    eligible=st.booleans(),
    capacity=st.integers(min_value=1, max_value=3),
    load=st.integers(min_value=0, max_value=4),
)


@settings(max_examples=200, deadline=None)
@given(seeker=seekers, pool=st.lists(candidates, max_size=25), w=weights, limit=st.integers(min_value=1, max_value=5))
def test_suggestions_never_include_anyone_who_cannot_be_suggested(seeker, pool, w, limit):
    shown = suggest(seeker, pool, w, limit=limit)
    assert len(shown) <= limit
    for suggestion in shown:
        c = suggestion.candidate
        assert c.eligible
        assert c.load < c.capacity, "at capacity"
        assert c.user_id != seeker.user_id, "the person themself"
        assert c.user_id not in seeker.excluded, "someone declined or set aside"


@settings(max_examples=200, deadline=None)
@given(seeker=seekers, pool=st.lists(candidates, max_size=25), w=weights)
def test_the_best_suggestable_candidates_are_returned_in_score_order(seeker, pool, w):
    shown = suggest(seeker, pool, w, limit=3)
    scores = [s.score for s in shown]
    assert scores == sorted(scores, reverse=True)
    possible = [c for c in pool if can_suggest(seeker, c)]
    assert len(shown) == min(3, len(possible))


@settings(max_examples=300, deadline=None)
@given(seeker=seekers, twin=candidates, others=st.lists(candidates, max_size=10), w=weights, data=st.data())
def test_a_same_locality_buddy_never_ranks_below_an_otherwise_identical_one_elsewhere(seeker, twin, others, w, data):
    here = dataclasses.replace(
        twin, user_id=1001, eligible=True, load=0, region_id=seeker.region_id, locality=seeker.locality
    )
    elsewhere_locality = data.draw(st.sampled_from([x for x in LOCALITIES if x != seeker.locality]))
    elsewhere_region = data.draw(st.sampled_from([seeker.region_id, 99]))
    elsewhere = dataclasses.replace(
        here, user_id=data.draw(st.sampled_from([1000, 1002])), locality=elsewhere_locality, region_id=elsewhere_region
    )
    seeker = dataclasses.replace(seeker, excluded=seeker.excluded - {1000, 1001, 1002})
    pool = [*others, elsewhere, here]
    ranked = [s.candidate.user_id for s in suggest(seeker, pool, w, limit=len(pool))]
    assert ranked.index(here.user_id) < ranked.index(elsewhere.user_id)


@given(seeker=seekers, candidate=candidates)
def test_each_criterion_scores_between_zero_and_its_weight(seeker, candidate):
    total, breakdown, raw = score(seeker, candidate, Weights())
    assert set(raw) == set(CRITERIA)
    for name, value in raw.items():
        assert 0 <= value <= 1, name
        assert breakdown[name] == value * getattr(Weights(), name)


@settings(max_examples=300, deadline=None)
@given(seeker=seekers, candidate=candidates, w=weights)
def test_the_fast_ranking_adds_up_the_same_total_as_the_breakdown(seeker, candidate, w):
    _key, total = _ranker(seeker, w)(candidate)
    assert total == score(seeker, candidate, w)[0]
