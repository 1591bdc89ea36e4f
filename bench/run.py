"""Benchmarks (``make bench``): not tests, and never asserted in tests.

``python bench/run.py [name ...]`` creates a throw-away test database, runs the
named benchmarks (all by default) and merges their figures into
bench/results.json, so running one keeps the others' last figures.

- ``pages`` (bench/pages.py): the busiest pages at real data sizes, over HTTP
  (gunicorn with production settings, driven by wrk);
- ``notifications`` (bench/sending.py): reminder texts through real workers;
- ``buddies`` (bench/buddies.py): buddy suggestions among 10,000 candidates and batch
  assignment of 500 new caregivers over 5,000 buddies;
- ``privacy`` (bench/privacy.py): the privacy guard's recall and precision on the labelled
  corpus, per category, and its median time for a 500-character post.
- ``feedback`` (bench/feedback.py): the managers' full report over two years and
  10,000 caregivers (target ≤ 1 s).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings_test")

django.setup()

# The benchmark modules import our models and the test factories, which need the
# app registry: they can only be imported after django.setup().
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

from bench import buddies, feedback, pages, privacy, sending  # noqa: E402

BENCHMARKS = {
    "pages": pages.bench_pages,
    "notifications": sending.bench_notifications,
    "buddies": buddies.bench_buddies,
    "privacy": privacy.bench_privacy,
    "feedback": feedback.bench_feedback,
}
RESULTS = ROOT / "bench" / "results.json"


def main(names: list[str]) -> None:
    unknown = set(names) - set(BENCHMARKS)
    if unknown:
        raise SystemExit(f"Unknown benchmark(s) {sorted(unknown)}; choose from {sorted(BENCHMARKS)}.")
    chosen = names or list(BENCHMARKS)
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        fresh = {name: BENCHMARKS[name]() for name in chosen}
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results.update(fresh)
    results["database"] = connection.vendor
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(fresh, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
