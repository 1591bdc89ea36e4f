"""The labelled development corpus (a copy of shared/privacy/dev_corpus.jsonl) and its scoring.

Scored as shared/privacy/evaluate.py does: a post is flagged when the guard finds anything;
"identifying" is the positive class; a gold span is caught when any finding overlaps it.
"""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter
from pathlib import Path

from privacy import guard

DATA = Path(__file__).resolve().parent / "data"
CORPUS = DATA / "dev_corpus.jsonl"


def load(path: Path = CORPUS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score(records: list[dict], detector=guard.check) -> dict:
    tp = fp = fn = tn = 0
    caught, total = Counter(), Counter()
    misses, false_alarms = [], []
    for record in records:
        found = detector(record["text"])
        gold = record["label"] == "identifying"
        if gold and found:
            tp += 1
        elif gold:
            fn += 1
            misses.append(record["id"])
        elif found:
            fp += 1
            false_alarms.append(record["id"])
        else:
            tn += 1
        for span in record["spans"]:
            total[span["type"]] += 1
            if any(f.start < span["end"] and span["start"] < f.end for f in found):
                caught[span["type"]] += 1
    return {
        "posts": len(records),
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "missed_posts": misses,
        "false_alarm_posts": false_alarms,
        "recall_by_category": {t: round(caught[t] / total[t], 3) for t in sorted(total)},
        "spans_by_category": dict(sorted(total.items())),
    }


def post_of_500_characters() -> str:
    """A realistic 500-character post (several corpus posts joined)."""
    texts = [r["text"] for r in load()]
    post = ""
    for text in texts:
        if len(post) + len(text) + 1 > 500:
            break
        post = f"{post} {text}".strip()
    return (post + " " + "We are all doing our best." * 20)[:500]


def median_ms(text: str, runs: int = 200) -> float:
    guard.check(text)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        guard.check(text)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)
