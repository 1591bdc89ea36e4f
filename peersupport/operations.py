"""The operations page: is mail and text going out? For administrators only.

What a person on call needs at a glance: whether the database, cache and broker
answer (the same checks as /healthz), how many tasks wait in each Celery queue,
the outbox's figures (``notifications.selectors``) and when beat last ran the
dispatcher, with a warning once it is three intervals late; each retention rule
(``accounts.retention_runs``) with its last run, with a warning once the daily task
has not run for RETENTION_LATE_AFTER. Counts and times only: no addresses, names or
message text.
"""

from __future__ import annotations

import dataclasses

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from accounts import policy, retention_runs
from notifications import selectors

from . import health
from .celery import app as celery_app

# kombu's Redis transport keeps a queue in one list per priority step: "name" for the
# default priority, "name\x06\x16<step>" for the others. Tasks a worker has taken but
# not yet acknowledged (acks_late) wait in the "unacked" hash until they finish.
_PRIORITY_SEPARATOR = "\x06\x16"
_PRIORITY_STEPS = (3, 6, 9)
_UNACKED_KEY = "unacked"


@dataclasses.dataclass(frozen=True)
class QueueDepths:
    known: bool  # False: the broker is not Redis, or did not answer
    queues: dict[str, int]  # waiting tasks by queue name
    unacked: int | None = None  # taken by a worker, not yet finished
    reason: str = ""


def queue_names() -> list[str]:
    """The default queue, the declared queues and those named in the task routes."""
    conf = celery_app.conf
    names = [conf.task_default_queue]
    names += [queue.name for queue in conf.task_queues or []]
    routes = conf.task_routes or {}
    for route in [routes] if isinstance(routes, dict) else routes:
        if isinstance(route, dict):
            names += [r["queue"] if isinstance(r, dict) else r for r in route.values() if r]
    return sorted({name for name in names if isinstance(name, str)})


def queue_depths() -> QueueDepths:
    url = settings.CELERY_BROKER_URL
    if not health.is_redis_url(url):
        return QueueDepths(known=False, queues={}, reason=gettext("The broker is not Redis."))
    names = queue_names()
    try:
        pipe = health.redis_client(url).pipeline(transaction=False)
        for name in names:
            pipe.llen(name)
            for step in _PRIORITY_STEPS:
                pipe.llen(f"{name}{_PRIORITY_SEPARATOR}{step}")
        pipe.hlen(_UNACKED_KEY)
        *lengths, unacked = pipe.execute()
    except Exception:
        return QueueDepths(known=False, queues={}, reason=gettext("Redis did not answer."))
    per_queue = 1 + len(_PRIORITY_STEPS)
    queues = {name: sum(lengths[i * per_queue : (i + 1) * per_queue]) for i, name in enumerate(names)}
    return QueueDepths(known=True, queues=queues, unacked=unacked)


@login_required
def operations(request: HttpRequest) -> HttpResponse:
    if not policy.can_use_admin(request.user):
        raise PermissionDenied
    return render(
        request,
        "peersupport/operations.html",
        {
            "checks": health.run_checks(),
            "depths": queue_depths(),
            "outbox": selectors.outbox_figures(),
            "beat": selectors.last_beat_tick(),
            "retention": retention_runs.overview(),
        },
    )
