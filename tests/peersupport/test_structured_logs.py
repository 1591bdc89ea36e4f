"""Request ids and structured logs (LOG_FORMAT=json).

Each request gets an id (a well-formed incoming X-Request-ID, else a new one),
echoed in the response, on every log line, and in the headers of the tasks it
queues; a worker logs one line per task with that id. With LOG_FORMAT=json each
line is one JSON object, with secrets in paths masked as in the plain format.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import uuid

import pytest
from celery.signals import before_task_publish

from accounts.tasks import apply_retention
from peersupport import request_id
from peersupport.celery import app
from peersupport.log_masking import MASK, JsonFormatter
from tests.peersupport.test_settings import production_env, run
from tests.workers import start_celery, worker_args, worker_database_url

SECRET_PATH = "/invite/abc123/secret-token-value/"


# --- The id -------------------------------------------------------------------------


def test_a_response_carries_a_new_request_id(client, db):
    response = client.get("/accounts/login/")

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert client.get("/accounts/login/")["X-Request-ID"] != response["X-Request-ID"]


def test_a_well_formed_incoming_id_is_kept(client, db):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="lb-3f2a9c1e-0001")

    assert response["X-Request-ID"] == "lb-3f2a9c1e-0001"


@pytest.mark.parametrize("bad", ["short", "x" * 129, "has space in it", "line\nbreak-injected", "quote\"'<>"])
def test_a_malformed_incoming_id_is_replaced(client, db, bad):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID=bad)

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


# --- One line per request -------------------------------------------------------------


@pytest.fixture
def request_log(caplog):
    caplog.set_level(logging.INFO, logger="peersupport.requests")
    return caplog


def test_one_line_per_request_with_the_user_id_not_the_email(client, caregiver, request_log):
    client.force_login(caregiver)

    response = client.get("/events/", HTTP_X_REQUEST_ID="req-events-0001")

    [line] = [r for r in request_log.records if r.name == "peersupport.requests"]
    assert (line.method, line.path, line.status, line.user_id) == ("GET", "/events/", 200, caregiver.pk)
    assert line.request_id == "req-events-0001" == response["X-Request-ID"]
    assert 0 < line.duration_ms < 10_000
    assert caregiver.email not in line.getMessage()


def test_the_request_line_masks_tokens_in_the_path(client, db, request_log):
    client.get(SECRET_PATH)

    [line] = [r for r in request_log.records if r.name == "peersupport.requests"]
    assert line.path == f"/invite/{MASK}/{MASK}/"
    assert "secret-token-value" not in line.getMessage()
    assert line.user_id is None


def test_other_log_lines_in_the_request_carry_its_id(client, db, caplog):
    caplog.set_level(logging.INFO)
    client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-notfound-01")

    [warning] = [r for r in caplog.records if r.name == "django.request"]
    assert warning.request_id == "req-notfound-01"


# --- The JSON format -----------------------------------------------------------------------


def format_json(record: logging.LogRecord) -> dict:
    request_id.RequestIdFilter().filter(record)
    return json.loads(JsonFormatter().format(record))


def test_json_lines_hold_the_fields_and_mask_secrets():
    record = logging.LogRecord("peersupport.requests", logging.INFO, __file__, 1, "GET %s", (SECRET_PATH,), None)
    record.path = SECRET_PATH
    record.status = 200
    record.user_id = None
    record.request = object()  # Django puts the request on some records: not a plain value, left out
    token = request_id.current.set("req-json-00001")
    try:
        line = format_json(record)
    finally:
        request_id.current.reset(token)

    assert line["message"] == f"GET /invite/{MASK}/{MASK}/"
    assert line["path"] == f"/invite/{MASK}/{MASK}/"
    assert (line["level"], line["logger"], line["status"], line["user_id"]) == (
        "INFO",
        "peersupport.requests",
        200,
        None,
    )
    assert line["request_id"] == "req-json-00001"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])
    assert "request" not in line


def test_json_lines_mask_secrets_in_tracebacks():
    try:
        raise ValueError(f"could not open {SECRET_PATH}")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())

    line = format_json(record)

    assert "secret-token-value" not in line["exc"]
    assert f"/invite/{MASK}/{MASK}/" in line["exc"]


JSON_REQUEST = """
import sys

import django

django.setup()
from django.conf import settings
from django.test import Client, override_settings

# No collectstatic here: pages find their static files without the manifest.
storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=storages):
    client = Client(HTTP_HOST="portal.example.org", HTTP_X_REQUEST_ID="req-subprocess-01")
    response = client.get(sys.argv[1], secure=True)
print("STATUS", response.status_code, response["X-Request-ID"])
"""


def test_with_log_format_json_a_production_request_is_one_json_line(db):
    result = run(
        ["-c", JSON_REQUEST, SECRET_PATH], production_env(LOG_FORMAT="json", DATABASE_URL=worker_database_url())
    )

    assert result.returncode == 0, result.stderr
    assert "STATUS 404 req-subprocess-01" in result.stdout
    # (Python's warnings, such as WhiteNoise's about the missing staticfiles/, are not log lines.)
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    [request] = [line for line in lines if line["logger"] == "peersupport.requests"]
    assert request["path"] == f"/invite/{MASK}/{MASK}/"
    assert (request["method"], request["status"], request["request_id"]) == ("GET", 404, "req-subprocess-01")
    assert isinstance(request["duration_ms"], float)
    # Django's own "Not Found" line, logged after the middleware returned, has the id too.
    [not_found] = [line for line in lines if line["logger"] == "django.request"]
    assert not_found["request_id"] == "req-subprocess-01"
    assert "secret-token-value" not in result.stderr


def test_log_format_must_be_plain_or_json():
    result = run(["manage.py", "check"], production_env(LOG_FORMAT="xml"))

    assert result.returncode != 0
    assert "LOG_FORMAT='xml'" in result.stderr


# --- Into the tasks a request queues ------------------------------------------------------


def test_a_task_queued_during_a_request_carries_its_id(monkeypatch):
    published = {}

    def capture(headers=None, **kwargs):
        published.update(headers or {})

    before_task_publish.connect(capture)
    # Published to a queue nobody consumes, on the test broker; removed afterwards.
    queue = f"pytest-request-id-{uuid.uuid4().hex[:8]}"
    token = request_id.current.set("req-queued-0001")
    try:
        apply_retention.apply_async(queue=queue)
    finally:
        request_id.current.reset(token)
        before_task_publish.disconnect(capture)
        with app.connection_for_write() as conn:
            conn.default_channel.queue_delete(queue)

    assert published["request_id"] == "req-queued-0001"


def test_a_task_runs_with_its_request_id_and_logs_one_line(caplog):
    caplog.set_level(logging.INFO, logger="peersupport.tasks")
    seen = {}

    @app.task(name="tests.peersupport.remember_request_id", shared=False)
    def remember():
        seen["request_id"] = request_id.current.get()

    remember.apply(headers={"request_id": "req-task-000001"})

    assert seen["request_id"] == "req-task-000001"
    assert request_id.current.get() is None  # reset after the task
    [line] = [r for r in caplog.records if r.name == "peersupport.tasks"]
    assert (line.task, line.state, line.request_id) == (
        "tests.peersupport.remember_request_id",
        "SUCCESS",
        "req-task-000001",
    )
    assert line.duration_ms >= 0


@pytest.mark.django_db(transaction=True)
def test_a_worker_with_log_format_json_logs_each_task_as_one_json_line(tmp_path):
    """A real worker process on its own queue: the task's line has the id of the request that queued it."""
    queue = f"pytest-json-{uuid.uuid4().hex[:8]}"
    args = worker_args(hostname=f"{queue}@%h")
    args[args.index("-Q") + 1] = queue
    worker = start_celery(
        args, log_path=tmp_path / "worker.log", env={"LOG_FORMAT": "json", "DATABASE_URL": worker_database_url()}
    )
    try:
        token = request_id.current.set("req-to-worker-01")
        try:
            result = apply_retention.apply_async(queue=queue)
        finally:
            request_id.current.reset(token)

        def task_line():
            for raw in worker.log.splitlines():
                if raw.startswith("{") and '"peersupport.tasks"' in raw:
                    return json.loads(raw)
            return None

        worker.wait_for(task_line, "the task's log line")
        line = task_line()
    finally:
        worker.stop()
        with app.connection_for_write() as conn:
            conn.default_channel.queue_delete(queue)

    assert (line["task"], line["task_id"], line["state"]) == (
        "accounts.tasks.apply_retention",
        result.id,
        "SUCCESS",
    )
    assert line["request_id"] == "req-to-worker-01"
    assert isinstance(line["duration_ms"], float)
    # Celery's own lines are JSON too (its start-up warnings come before logging is set up).
    messages = [json.loads(raw)["message"] for raw in worker.log.splitlines() if raw.startswith("{")]
    assert any(message.endswith(" ready.") for message in messages)
