"""The reasons shown with each suggestion, and the weights' effect."""

from __future__ import annotations

import dataclasses

import pytest

from buddies.matching import Candidate, Seeker, Weights, reasons, suggest

SEEKER = Seeker(
    user_id=1,
    region_id=1,
    region_name="Wellington",
    locality="Porirua",
    caregiver_type="kinship",
    household="single",
    availability=frozenset({"weekday_evening", "weekend"}),
    topics=frozenset({"Teenagers", "Sleep"}),
    languages=frozenset({"Samoan"}),
    cultural_identity="Samoan",
    wants_shared_culture=True,
)


def candidate(user_id=2, **fields):
    base = dict(
        region_id=1,
        locality="Porirua",
        caregiver_type="kinship",
        household="single",
        availability=frozenset({"weekday_evening"}),
        months_caring=6 * 12 + 3,
        first_name="Mere",
    )
    return Candidate(user_id=user_id, **{**base, **fields})


def test_reasons_read_as_plain_language():
    text = " · ".join(reasons(SEEKER, candidate()))
    assert text == (
        "Also in Porirua · both free weekday evenings · both kinship / whānau carers"
        " · both caring on your own · caring 6 years"
    )


def test_region_shared_topics_language_and_culture_are_named():
    said = reasons(
        SEEKER,
        candidate(
            locality="Karori",
            topics=frozenset({"Sleep", "Teenagers", "School"}),
            languages=frozenset({"Samoan", "English"}),
            cultural_identity="Samoan, Tokelauan",
            caregiver_type="foster",
            household="couple",
            months_caring=13,
        ),
    )
    assert said == [
        "Also in the Wellington region",
        "both free weekday evenings",
        "shares your cultural background",
        "interested in Sleep and Teenagers",
        "speaks Samoan",
        "caring 1 year",
    ]


def test_culture_counts_only_when_the_new_caregiver_asked_for_it():
    seeker = dataclasses.replace(SEEKER, wants_shared_culture=False)
    suggestion = suggest(seeker, [candidate(cultural_identity="Samoan")], Weights())[0]
    assert suggestion.breakdown["culture"] == 0
    assert "shares your cultural background" not in suggestion.reasons


def test_staff_weights_change_the_order():
    near = candidate(2, availability=frozenset())
    far_but_free = candidate(3, locality="Manukau", region_id=2, availability=frozenset({"weekday_evening", "weekend"}))
    assert [s.candidate.user_id for s in suggest(SEEKER, [far_but_free, near], Weights())] == [2, 3]
    by_time = Weights(place=0.1, availability=10)
    assert [s.candidate.user_id for s in suggest(SEEKER, [far_but_free, near], by_time)] == [3, 2]


def test_negative_weights_are_refused():
    with pytest.raises(ValueError, match="place"):
        Weights(place=-1)


def test_the_breakdown_adds_up_to_the_score():
    suggestion = suggest(SEEKER, [candidate()], Weights())[0]
    assert suggestion.score == pytest.approx(sum(suggestion.breakdown.values()), abs=1e-3)
    assert suggestion.breakdown["place"] == 5
