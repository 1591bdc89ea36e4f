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
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.models import CaregiverStatus, CaregiverType, Role
from accounts.tasks import apply_retention
from invitations import services
from invitations.models import Invitation
from notifications.models import Message, MessageStatus
from notifications.sending import send_message
from peersupport.celery import app
from tests.accounts.factories import RegionFactory, make_staff
from tests.workers import Worker, start_celery, worker_args, worker_database_url


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
        "DATABASE_URL": worker_database_url(),
        "TEST_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    # REDIS_URL is inherited as it is (set or not), so the worker uses this process's broker.
    # A fixed node name: the filesystem broker keeps a broadcast binding in
    # var/celery/control for every name it has seen, so a new name per run piles up.
    started = start_celery(worker_args(hostname="pytest-worker@%h"), log_path=tmp_path / "worker.log", env=env)
    try:
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
        lambda: worker.succeeded("notifications.sending.send_message") and list(mail_dir.glob("*.log")),
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
    worker.wait_for(lambda: worker.succeeded("notifications.sending.send_message", again.id), "the second run")

    assert len(sent_mail(mail_dir)) == 1
    message_row.refresh_from_db()
    assert message_row.sent_at == first_sent_at


def test_beat_starts_with_the_retention_schedule(tmp_path):
    """Beat is started for real (with its own schedule file) and logs its schedule."""
    beat = start_celery(
        ["beat", "--loglevel=debug", "--schedule", str(tmp_path / "celerybeat-schedule")],
        log_path=tmp_path / "beat.log",
        env={},
        wait_ready=False,
    )
    try:
        beat.wait_for(lambda: "beat: Starting..." in beat.log and "Current schedule" in beat.log, "beat to start")
    finally:
        beat.stop()

    schedule = beat.log.split("Current schedule", 1)[1]
    assert "retention" in schedule
    assert "accounts.tasks.apply_retention" in schedule


def test_the_retention_task_clears_expired_sessions_and_a_second_run_is_harmless(db):
    expired = SessionStore()
    expired["visit"] = 1
    expired.set_expiry(timezone.now() - timedelta(days=1))
    expired.save()
    live = SessionStore()
    live["visit"] = 2
    live.save()

    for _ in range(2):
        result = apply_retention.apply()
        assert result.successful(), result.traceback

    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
