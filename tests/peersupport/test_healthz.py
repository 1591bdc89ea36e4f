"""``/healthz``: what a load balancer asks each web process before sending it people.

In-process with the test settings (the checks, the body, the headers, no session),
then in a subprocess with production settings: HTTPS redirect on, a Host that is
not in ALLOWED_HOSTS, and Redis or the database pointed at a closed port.
"""

from __future__ import annotations

import json
import socket
import time

import pytest
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.urls import reverse

from accounts.models import Role
from tests.accounts.factories import RegionFactory, make_staff
from tests.peersupport.test_settings import production_env, run
from tests.workers import worker_database_url

OK_BODY = {"status": "ok", "checks": {"database": "ok", "cache": "ok", "broker": "ok"}}


def closed_port_url(scheme: str = "redis", path: str = "/0") -> str:
    """An address nothing listens on: a port the system just gave out and took back."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"{scheme}://127.0.0.1:{port}{path}"


def test_the_url_is_healthz():
    assert reverse("healthz") == "/healthz"


def test_healthy_is_200_with_a_tiny_json_body_that_must_not_be_cached(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == OK_BODY
    assert len(response.content) < 200
    assert "no-store" in response["Cache-Control"]


def test_head_is_answered_too(client, db):
    assert client.head("/healthz").status_code == 200


def test_it_checks_the_database_with_one_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):  # SELECT 1: no session, no user
        client.get("/healthz")


def test_a_staff_session_without_mfa_is_neither_redirected_nor_written(client, db):
    """The MFA rule would send this person to set-up; the staff timeout would write the session."""
    worker = make_staff(role=Role.SOCIAL_WORKER, regions=[RegionFactory()], mfa=False)
    client.force_login(worker)
    session = Session.objects.get()
    before = (session.session_data, session.expire_date)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    session.refresh_from_db()
    assert (session.session_data, session.expire_date) == before


def test_the_broker_unreachable_is_503_naming_it(client, db):
    with override_settings(CELERY_BROKER_URL=closed_port_url()):
        started = time.perf_counter()
        response = client.get("/healthz")
        elapsed = time.perf_counter() - started

    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "unavailable",
        "checks": {"database": "ok", "cache": "ok", "broker": "down"},
        "failed": ["broker"],
    }
    assert elapsed < 2  # a refused connection is known at once; a silent host waits TIMEOUT_SECONDS
    assert "no-store" in response["Cache-Control"]


def test_a_redis_cache_unreachable_is_503_naming_the_cache(client, db):
    redis_cache = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": closed_port_url()}}
    with override_settings(CACHES=redis_cache):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content)["failed"] == ["cache"]


def test_the_error_is_logged_but_not_shown(client, db, caplog):
    url = closed_port_url()
    with override_settings(CELERY_BROKER_URL=url):
        response = client.get("/healthz")

    assert url.split("//")[1].split("/")[0] not in response.content.decode()
    assert any("broker unreachable" in r.getMessage() for r in caplog.records)


# --- Production settings, in a subprocess --------------------------------------------

HEALTHZ = """
import json, time

import django

django.setup()
from django.test import Client

client = Client(HTTP_HOST="10.0.0.5:8000")  # a load balancer probing an instance by its address
client.get("/healthz")  # connections opened once per process
started = time.perf_counter()
for _ in range(20):
    response = client.get("/healthz")
ms = (time.perf_counter() - started) * 1000 / 20
login = Client(HTTP_HOST="portal.example.org").get("/accounts/login/")
print(json.dumps({
    "status": response.status_code,
    "body": json.loads(response.content),
    "location": response.get("Location"),
    "cookies": list(response.cookies),
    "cache_control": response["Cache-Control"],
    "ms": ms,
    "login_status": login.status_code,
}))
"""


def healthz_in_production(**overrides: str) -> dict:
    result = run(["-c", HEALTHZ], production_env(**overrides))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def database_url(db) -> str:
    return worker_database_url()


def test_production_answers_plain_http_from_any_host(database_url):
    answer = healthz_in_production(DATABASE_URL=database_url)

    assert (answer["status"], answer["body"], answer["location"]) == (200, OK_BODY, None)
    assert answer["cookies"] == []
    assert "no-store" in answer["cache_control"]
    assert answer["login_status"] == 301  # other pages still go to HTTPS
    assert answer["ms"] < 50, f"/healthz took {answer['ms']:.1f} ms"


def test_production_with_redis_stopped_is_503_naming_cache_and_broker(database_url):
    answer = healthz_in_production(DATABASE_URL=database_url, REDIS_URL=closed_port_url())

    assert answer["status"] == 503
    assert answer["body"]["failed"] == ["cache", "broker"]
    assert answer["body"]["checks"]["database"] == "ok"


def test_production_with_the_database_stopped_is_503_naming_it():
    answer = healthz_in_production(DATABASE_URL=closed_port_url("postgres", "/portal"))

    assert answer["status"] == 503
    assert answer["body"]["failed"] == ["database"]
