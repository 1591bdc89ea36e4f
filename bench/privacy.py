"""The privacy guard on the labelled development corpus: post-level recall and precision,
recall per category, and the median time for a 500-character post (issue 12, Deliver 3 and 8)."""

from __future__ import annotations

from tests.privacy.corpus import load, median_ms, post_of_500_characters, score


def bench_privacy() -> dict:
    result = score(load())
    return {
        "corpus_posts": result["posts"],
        "post_recall": round(result["recall"], 3),
        "post_precision": round(result["precision"], 3),
        "recall_by_category": result["recall_by_category"],
        "median_ms_500_char_post": round(median_ms(post_of_500_characters(), runs=500), 3),
    }
