"""The Celery application. Configuration comes from Django settings (CELERY_*)."""

from __future__ import annotations

import logging
import os
import time

from celery import Celery
from celery.signals import beat_init, before_task_publish, task_postrun, task_prerun, worker_init
from django.core.exceptions import ImproperlyConfigured
from django.db import close_old_connections

from peersupport import request_id
from peersupport.startup import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")

app = Celery("peersupport")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
@beat_init.connect
def _check_settings(**kwargs) -> None:
    # Tasks sign invitation links: a worker without SECRET_KEY must not start.
    # SystemExit, because Celery logs and ignores ordinary exceptions from signal handlers.
    try:
        require_secret_key()
    except ImproperlyConfigured as exc:
        raise SystemExit(f"ImproperlyConfigured: {exc}") from None


# --- Database connections: Django's per-request rule, per task ---------------------------
#
# Each pool process, or each thread of a thread pool (the send queue's worker), has its
# own connection (Django's connections are per thread). Before and after every task, as
# Django does around every request: a connection that failed or is older than
# DB_CONN_MAX_AGE is closed, a healthy one is kept for the next task. Celery's own
# closing after every task is turned off (CELERY_DB_REUSE_MAX in settings). A task run
# eagerly (Task.apply, in tests) shares its caller's connection and transaction: not ours to close.


@task_prerun.connect
@task_postrun.connect
def _close_old_connections(task, **kwargs) -> None:
    if not getattr(task.request, "is_eager", False):
        close_old_connections()


# --- The request id, from the request into its tasks, and one log line per task --------

task_logger = logging.getLogger("peersupport.tasks")
_running: dict[str, tuple[float, object]] = {}  # task id → (start, contextvar token)


@before_task_publish.connect
def _carry_request_id(headers: dict | None = None, **kwargs) -> None:
    # Set in a web request (RequestIdMiddleware) or in a task that queues another.
    rid = request_id.current.get()
    if rid and headers is not None:
        headers.setdefault("request_id", rid)


@task_prerun.connect
def _task_started(task_id: str, task, **kwargs) -> None:
    # A task from beat has no request: it gets an id of its own, shared by what it queues.
    # A worker sees message headers as attributes of the request; Task.apply keeps them apart.
    sent = getattr(task.request, "request_id", None) or (task.request.headers or {}).get("request_id")
    rid = request_id.from_header(sent)
    _running[task_id] = (time.perf_counter(), request_id.current.set(rid))


@task_postrun.connect
def _task_finished(task_id: str, task, state: str | None = None, **kwargs) -> None:
    started, token = _running.pop(task_id, (None, None))
    try:
        if started is not None and task_logger.isEnabledFor(logging.INFO):
            task_logger.info(
                "%s %s %s",
                task.name,
                task_id,
                state,
                extra={
                    "task": task.name,
                    "task_id": task_id,
                    "state": state,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
    finally:
        if token is not None:
            request_id.current.reset(token)
