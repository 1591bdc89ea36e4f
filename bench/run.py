"""Benchmarks (``make bench``): not tests, and never asserted in tests.

Creates a throw-away test database, fills it, times the busiest pages with the
test client, and writes the figures to bench/results.json. Later issues add
their own entries (e.g. notifications throughput) to ``BENCHMARKS``.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

RUNS = 30


def time_page(client: Client, url: str, params: dict | None = None) -> dict:
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url, params or {})
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url, params or {})
    return {
        "url": url,
        "runs": RUNS,
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(sorted(timings)[int(RUNS * 0.95) - 1], 2),
        "queries": len(ctx.captured_queries),
    }


def bench_staff_pages() -> dict:
    from accounts.models import Role
    from tests.accounts.factories import CaregiverFactory, InvitationFactory, RegionFactory, make_staff

    region = RegionFactory(name="Wellington", slug="wellington")
    worker = make_staff(role=Role.SOCIAL_WORKER, regions=[region])
    for _ in range(1000):
        CaregiverFactory(region=region, social_worker=worker)
    for _ in range(200):
        InvitationFactory(region=region, invited_by=worker)
    client = Client()
    client.force_login(worker)
    return {
        "rows": {"caregivers": 1000, "invitations": 200},
        "caregiver_list": time_page(client, reverse("caregiver_list"), {"scope": "all"}),
        "caregiver_search": time_page(client, reverse("caregiver_list"), {"scope": "all", "q": "a"}),
        "invitation_list": time_page(client, reverse("invitation_list")),
        "social_worker_home": time_page(client, reverse("home")),
    }


BENCHMARKS = {"staff_pages": bench_staff_pages}


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        results = {name: fn() for name, fn in BENCHMARKS.items()}
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    results["database"] = connection.vendor
    out = ROOT / "bench" / "results.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
