"""The guard on the labelled development corpus: the quality bar of issue 12."""

from __future__ import annotations

from tests.privacy.corpus import load, median_ms, post_of_500_characters, score


def test_post_level_recall_and_precision_on_the_development_corpus():
    result = score(load())
    assert result["recall"] >= 0.97, result["missed_posts"]
    assert result["precision"] >= 0.90, result["false_alarm_posts"]


def test_every_category_is_caught_on_the_development_corpus():
    result = score(load())
    low = {t: r for t, r in result["recall_by_category"].items() if r < 0.8}
    assert not low, low


def test_the_corpus_copy_is_complete():
    records = load()
    assert len(records) == 122
    assert all((r["label"] == "identifying") == bool(r["spans"]) for r in records)


def test_a_500_character_post_is_checked_in_under_5_ms():
    text = post_of_500_characters()
    assert len(text) == 500
    assert median_ms(text, runs=50) <= 5.0
