"""Tasks run by a real Celery worker process, through the real broker.

The broker is Redis when REDIS_URL is set, otherwise kombu's filesystem
transport under var/celery/. The worker runs ``settings_test`` against the test
database pytest-django created, so the data it reads must be committed: these
tests use ``transactional_db``.

The worker consumes the default ``celery`` queue of that broker, so do not run
another worker on the same broker (``make worker``) while these tests run: it
could take the test's task and look for the invitation in the wrong database.
"""

from __future__ import annotations

import email
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from accounts import services
from accounts.models import CaregiverStatus, CaregiverType, Invitation, Role
from accounts.tasks import clear_expired_sessions
from notifications.models import Message, MessageStatus
from notifications.tasks import send_message
from peersupport.celery import app
from tests.accounts.factories import RegionFactory, make_staff

BASE_DIR = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 60
POLL_SECONDS = 0.2


def worker_database_url() -> str:
    """A URL for the database this test runs against (not the development one)."""
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
    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for(self, condition: Callable[[], object], what: str) -> None:
        """Poll until ``condition()`` is true; fail (with the worker's log) after WAIT_SECONDS."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if condition():
                return
            if self.process.poll() is not None:
                pytest.fail(f"the worker exited ({self.process.returncode}) before {what}:\n{self.log}")
            time.sleep(POLL_SECONDS)
        pytest.fail(
            f"timed out after {WAIT_SECONDS}s waiting for {what} (if the task was never received,"
            f" is another worker consuming the same broker?):\n{self.log}"
        )

    def succeeded(self, task_name: str, task_id: str = r"[0-9a-f-]+") -> list[str]:
        """The ids of the runs of ``task_name`` that the worker has logged as succeeded."""
        return re.findall(rf"Task {re.escape(task_name)}\[({task_id})\] succeeded", self.log)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # warm shutdown: finishes the current task
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


@pytest.fixture
def mail_dir(tmp_path) -> Path:
    return tmp_path / "mail"


@pytest.fixture
def worker(transactional_db, tmp_path, mail_dir) -> Iterator[Worker]:
    """A worker on the ``celery`` queue, using the test database and writing mail to ``mail_dir``.

    1. Purge the queue, so a message left by an earlier run is not taken for ours.
    2. Start the worker and wait until it is ready.
    3. Afterwards always stop it (before pytest-django drops the test database,
       which PostgreSQL refuses while the worker is connected).
    """
    app.control.purge()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "peersupport.settings_test",
        "DATABASE_URL": worker_database_url(),
        "TEST_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    # REDIS_URL is inherited as it is (set or not), so the worker uses this process's broker.
    log_path = tmp_path / "worker.log"
    # A fixed node name: the filesystem broker keeps a broadcast binding in
    # var/celery/control for every name it has seen, so a new name per run piles up.
    hostname = "pytest-worker@%h"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "peersupport", "worker", "--pool=solo", "--concurrency=1"]
            + ["-Q", "celery", "--loglevel=info", "-n", hostname, "--without-gossip", "--without-mingle"],
            cwd=BASE_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    started = Worker(process, log_path)
    try:
        started.wait_for(lambda: " ready." in started.log, "the worker to be ready")
        yield started
    finally:
        started.stop()


def create_invitation() -> Invitation:
    region = RegionFactory(name="Wellington", slug="wellington")
    social_worker = make_staff(role=Role.SOCIAL_WORKER, regions=[region], email="sw.worker-test@example.org")
    return services.invitation_create(
        invited_by=social_worker,
        email="new.carer@example.org",
        first_name="Aroha",
        region=region,
        status=CaregiverStatus.PROVISIONAL,
        approved_on=None,
        caregiver_type=CaregiverType.FOSTER,
        social_worker=social_worker,
    )


def sent_mail(mail_dir: Path) -> list[email.message.Message]:
    """The messages the file backend wrote (one file per send, with a dashed line after each message)."""
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        raw = path.read_bytes().rsplit(b"\n" + b"-" * 79 + b"\n", 1)[0]
        messages.append(email.message_from_bytes(raw))
    return messages


def plain_text(message: email.message.Message) -> str:
    part = next(part for part in message.walk() if part.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode(part.get_content_charset())


def test_worker_emails_an_invitation_once(worker, mail_dir):
    invitation = create_invitation()  # writes an outbox row and queues send_message on commit
    message_row = Message.objects.get(kind="invitation", to=invitation.email)

    worker.wait_for(
        lambda: worker.succeeded("notifications.tasks.send_message") and list(mail_dir.glob("*.log")),
        "the invitation email",
    )
    [message] = sent_mail(mail_dir)
    assert message["To"] == "new.carer@example.org"
    assert services.invitation_url(invitation) in plain_text(message)
    message_row.refresh_from_db()
    assert message_row.status == MessageStatus.SENT
    first_sent_at = message_row.sent_at

    # The same task again (a redelivery after a worker died) finds the message sent.
    again = send_message.delay(message_row.pk)
    worker.wait_for(lambda: worker.succeeded("notifications.tasks.send_message", again.id), "the second run")

    assert len(sent_mail(mail_dir)) == 1
    message_row.refresh_from_db()
    assert message_row.sent_at == first_sent_at


def test_beat_starts_with_the_session_clean_up_schedule(tmp_path):
    """Beat is started for real (with its own schedule file) and logs its schedule."""
    log_path = tmp_path / "beat.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "peersupport", "beat", "--loglevel=debug"]
            + ["--schedule", str(tmp_path / "celerybeat-schedule")],
            cwd=BASE_DIR,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "peersupport.settings_test"},
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    beat = Worker(process, log_path)
    try:
        beat.wait_for(lambda: "beat: Starting..." in beat.log and "Current schedule" in beat.log, "beat to start")
    finally:
        beat.stop()

    schedule = beat.log.split("Current schedule", 1)[1]
    assert "clear-expired-sessions" in schedule
    assert "accounts.tasks.clear_expired_sessions" in schedule


def test_clearing_expired_sessions_twice_is_harmless(db):
    expired = SessionStore()
    expired["visit"] = 1
    expired.set_expiry(timezone.now() - timedelta(days=1))
    expired.save()
    live = SessionStore()
    live["visit"] = 2
    live.save()

    for _ in range(2):
        result = clear_expired_sessions.apply()
        assert result.successful(), result.traceback

    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
