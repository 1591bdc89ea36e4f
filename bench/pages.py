"""Page benchmarks (``make bench``): how fast the busiest pages answer at real data sizes.

Called by bench/run.py inside a throw-away test database (Django is set up there).
"""

from __future__ import annotations

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from tests.accounts.factories import CaregiverFactory, RegionFactory, make_staff
from tests.invitations.factories import InvitationFactory

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
