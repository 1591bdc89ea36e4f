"""Real ``celery worker`` and ``celery beat`` subprocesses for tests (and the benchmark).

A worker runs ``peersupport.settings_test`` in its own process against the
database this process uses (``worker_database_url``), so the data it reads must
be committed: tests that use these helpers need ``transactional_db``.

Each process is started in its own session (process group), so ``kill()`` can
SIGKILL the main process and its pool children at once, and ``stop()`` always
leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
from django import db

BASE_DIR = Path(__file__).resolve().parents[1]
WAIT_SECONDS = 60
POLL_SECONDS = 0.2


def worker_database_url(connection=None) -> str:
    """A URL for the database ``connection`` uses (the test database, not the development one)."""
    if connection is None:
        connection = db.connection
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(settings['NAME']).resolve()}"
    assert connection.vendor == "postgresql", connection.vendor
    credentials = quote(settings["USER"] or "", safe="")
    if settings["PASSWORD"]:
        credentials += ":" + quote(settings["PASSWORD"], safe="")
    host = settings["HOST"] or "localhost"
    port = settings["PORT"] or "5432"
    return f"postgres://{credentials}@{host}:{port}/{quote(settings['NAME'], safe='')}"


class Worker:
    """A ``celery worker`` (or ``beat``) subprocess whose output goes to a log file."""

    def __init__(self, process: subprocess.Popen, log_path: Path):
        self.process = process
        self.log_path = log_path

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for(self, condition: Callable[[], object], what: str, timeout: float = WAIT_SECONDS) -> None:
        """Poll until ``condition()`` is true; fail (with the worker's log) after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            if self.process.poll() is not None:
                pytest.fail(f"the worker exited ({self.process.returncode}) before {what}:\n{self.log[-20000:]}")
            time.sleep(POLL_SECONDS)
        pytest.fail(
            f"timed out after {timeout}s waiting for {what} (if the task was never received,"
            f" is another worker consuming the same broker?):\n{self.log[-20000:]}"
        )

    def succeeded(self, task_name: str, task_id: str = r"[0-9a-f-]+") -> list[str]:
        """The ids of the runs of ``task_name`` that the worker has logged as succeeded."""
        return re.findall(rf"Task {re.escape(task_name)}\[({task_id})\] succeeded", self.log)

    def kill(self) -> None:
        """SIGKILL the main process and its pool children (its whole process group): no clean-up at all."""
        if self.process.poll() is None or _group_alive(self.process.pid):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=15)

    def stop(self) -> None:
        """Warm shutdown (finishes the current task); SIGKILL the group if it takes too long."""
        if self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=15)
        if _group_alive(self.process.pid):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def start_celery(
    args: list[str], *, log_path: Path, env: dict[str, str], wait_ready: bool = True, ready: str = " ready."
) -> Worker:
    """Start ``celery -A peersupport <args>`` with ``env`` added to this process's environment."""
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "peersupport.settings_test", **env}
    with log_path.open("ab") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "peersupport", *args],
            cwd=BASE_DIR,
            env=full_env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    started = Worker(process, log_path)
    if wait_ready:
        try:
            started.wait_for(lambda: ready in started.log, "the worker to be ready")
        except BaseException:
            started.stop()
            raise
    return started


def worker_args(
    *, hostname: str, pool: str = "solo", concurrency: int = 1, loglevel: str = "info", queues: str = "celery,send"
) -> list[str]:
    """A worker on ``queues``: by default both the default queue and the send queue (as
    ``make run`` would need two workers for); production runs a prefork worker on
    ``celery`` and a thread-pool worker on ``send`` (Procfile)."""
    return [
        "worker",
        f"--pool={pool}",
        f"--concurrency={concurrency}",
        "-Q",
        queues,
        f"--loglevel={loglevel}",
        "-n",
        hostname,
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
