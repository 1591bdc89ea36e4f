"""The operations page: administrators see whether email and texts are going out.

Who may open it is in tests/test_permissions.py (anonymous → sign-in, everyone
else but an administrator → 403); here, what an administrator sees.
"""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.conf import settings as settings_module
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts import retention_runs
from accounts.models import RetentionRun, Role
from notifications import tasks
from notifications.models import Channel, MessageStatus
from notifications.selectors import BEAT_TICK_CACHE_KEY
from peersupport import health, operations
from tests.accounts.factories import UserFactory
from tests.notifications.factories import PHONE, MessageFactory
from tests.querycount import assert_constant_queries

URL = "/operations/"


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_the_url(db):
    assert reverse("operations") == URL


def test_an_administrator_sees_the_outbox_figures(admin_client):
    now = timezone.now()
    oldest = MessageFactory(created_at=now - timedelta(hours=3), next_attempt_at=now - timedelta(hours=3))
    MessageFactory(created_at=now - timedelta(minutes=5))
    MessageFactory(status=MessageStatus.FAILED, claimed_at=now - timedelta(minutes=10))
    MessageFactory(status=MessageStatus.SUPPRESSED, claimed_at=now - timedelta(minutes=20))
    MessageFactory(status=MessageStatus.SENT, channel=Channel.EMAIL, claimed_at=now - timedelta(minutes=30))

    response = admin_client.get(URL)

    assert response.status_code == 200
    outbox = response.context["outbox"]
    assert (outbox.pending, outbox.due, outbox.failed, outbox.suppressed) == (2, 2, 1, 1)
    assert outbox.oldest_pending.pk == oldest.pk
    assert outbox.last_hour == [("Sent", 1, 0), ("Failed", 0, 1), ("Not sent", 0, 1)]
    page = response.content.decode()
    assert f"message {oldest.pk}</a> (Reminder, Text message)" in page
    assert "3\xa0hours old" in page


def test_no_address_or_message_text_is_shown(admin_client):
    person = UserFactory(email="someone.private@example.org", first_name="Privatename")
    MessageFactory(recipient=person)
    MessageFactory(recipient=person, channel=Channel.EMAIL, status=MessageStatus.FAILED)

    page = admin_client.get(URL).content.decode()

    for secret in (PHONE, "someone.private@example.org", "Privatename", "Coffee morning"):
        assert secret not in page


def test_beat_is_late_until_the_dispatcher_runs(admin_client, settings):
    settings.NOTIFICATIONS_DISPATCH_EVERY_SECONDS = 60

    response = admin_client.get(URL)
    assert response.context["beat"].at is None
    assert "data-beat-late" in response.content.decode()

    tasks.dispatch.apply()  # what beat queues every interval

    response = admin_client.get(URL)
    assert response.context["beat"].at is not None
    assert "data-beat-late" not in response.content.decode()
    assert "Dispatcher last ran" in response.content.decode()


@pytest.mark.parametrize(("minutes_ago", "late"), [(2, False), (2.9, False), (3.1, True), (60, True)])
def test_beat_is_late_after_three_intervals(admin_client, settings, minutes_ago, late):
    settings.NOTIFICATIONS_DISPATCH_EVERY_SECONDS = 60
    cache.set(BEAT_TICK_CACHE_KEY, timezone.now() - timedelta(minutes=minutes_ago), timeout=None)

    response = admin_client.get(URL)

    assert response.context["beat"].late is late
    assert ("data-beat-late" in response.content.decode()) is late


def test_services_that_do_not_answer_are_named(admin_client):
    with override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0"):
        response = admin_client.get(URL)

    assert response.status_code == 200
    assert response.context["checks"] == {"database": True, "cache": True, "broker": False}
    assert not response.context["depths"].known
    assert "Queue depth: unknown. Redis did not answer." in response.content.decode()


def test_queue_depth_is_unknown_when_the_broker_is_not_redis(admin_client):
    with override_settings(CELERY_BROKER_URL="filesystem://"):
        response = admin_client.get(URL)

    assert "Queue depth: unknown. The broker is not Redis." in response.content.decode()


def test_queue_names_are_the_default_queue_and_the_routed_ones(monkeypatch):
    routes = operations.celery_app.conf.task_routes or {}
    assert set(operations.queue_names()) >= {"celery"} | {route["queue"] for route in routes.values()}

    monkeypatch.setitem(operations.celery_app.conf, "task_routes", {"a.task": {"queue": "send"}, "b.task": "other"})
    assert operations.queue_names() == ["celery", "other", "send"]


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL)")
def test_queue_depth_counts_every_priority_list_of_each_queue(admin_client, monkeypatch):
    url = os.environ["REDIS_URL"]
    queue = "operations-test-queue"
    client = health.redis_client(url)
    keys = [queue, f"{queue}\x06\x166"]
    client.delete(*keys)
    client.rpush(keys[0], "a", "b", "c")
    client.rpush(keys[1], "d")
    monkeypatch.setattr(operations, "queue_names", lambda: [queue])
    try:
        with override_settings(CELERY_BROKER_URL=url):
            response = admin_client.get(URL)
    finally:
        client.delete(*keys)

    depths = response.context["depths"]
    assert depths.known
    assert depths.queues == {queue: 4}
    assert isinstance(depths.unacked, int)
    assert "operations-test-queue" in response.content.decode()


def test_the_navigation_links_to_it_for_administrators_only(client, superuser, manager):
    client.force_login(superuser)
    labels = [item["label"] for item in client.get(reverse("home")).context["nav_items"]]
    assert labels[-2:] == ["Admin", "Operations"]
    client.force_login(manager)
    labels = [item["label"] for item in client.get(reverse("home")).context["nav_items"]]
    assert "Operations" not in labels


def test_a_superuser_without_mfa_is_sent_to_set_it_up(client, db):
    admin = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_query_budget(admin_client):
    # 1 session, 2 user, 3 TOTP (can_use_admin), 4 SELECT 1 (the database check),
    # 5 counts by status, 6 the last hour by status and channel, 7 the oldest pending row,
    # 8 the latest run of each retention rule.
    def add_rows():
        now = timezone.now()
        for i in range(40):
            MessageFactory(status=MessageStatus.values[i % 6], claimed_at=now - timedelta(minutes=i))
        retention_runs.apply_all()
        retention_runs.apply_all()

    assert_constant_queries(lambda: admin_client.get(URL), add_rows, expected=8)


# --- Retention --------------------------------------------------------------------------------


def test_the_retention_table_shows_every_rule_with_its_last_run(admin_client, settings):
    retention_runs.apply_all()

    response = admin_client.get(URL)

    overview = response.context["retention"]
    assert [row.key for row in overview.rows] == sorted(settings.RETENTION)
    assert all(row.last_run.ok and row.last_run.rows_changed == 0 for row in overview.rows)
    page = response.content.decode()
    assert 'data-rule="notifications.message_bodies"' in page
    assert "30 days" in page
    assert "Body and address blanked" in page
    assert "data-retention-late" not in page
    assert "data-retention-failed" not in page


def test_the_retention_table_warns_when_the_task_has_not_run_for_two_days(admin_client):
    page = admin_client.get(URL).content.decode()
    assert "data-retention-late" in page
    assert "No run of the retention task is recorded" in page

    long_ago = timezone.now() - timedelta(days=2, minutes=1)
    RetentionRun.objects.create(
        key="accounts.sessions", started_at=long_ago, finished_at=long_ago, ok=True, rows_changed=3
    )
    page = admin_client.get(URL).content.decode()
    assert "data-retention-late" in page
    assert "The retention task last ran 2\xa0days" in page

    recent = timezone.now() - timedelta(days=1, hours=23)
    RetentionRun.objects.create(key="accounts.sessions", started_at=recent, finished_at=recent, ok=True, rows_changed=0)
    assert "data-retention-late" not in admin_client.get(URL).content.decode()


def test_a_failed_rule_is_named_without_what_it_touched(admin_client):
    now = timezone.now()
    RetentionRun.objects.create(
        key="privacy.posts", started_at=now, finished_at=now, ok=False, error="OperationalError"
    )

    response = admin_client.get(URL)

    [row] = [row for row in response.context["retention"].rows if row.key == "privacy.posts"]
    assert row.last_run.error == "OperationalError"
    page = response.content.decode()
    assert "data-retention-failed" in page
    assert "failed (OperationalError)" in page


def test_the_retention_table_costs_one_query_however_many_runs(db):
    def add_runs():
        now = timezone.now()
        RetentionRun.objects.bulk_create(
            RetentionRun(key=key, started_at=now - timedelta(hours=i), finished_at=now, ok=True, rows_changed=i)
            for key in settings_module.RETENTION
            for i in range(20)
        )

    # 1. The latest run of every rule (a subquery per key inside the one query).
    assert_constant_queries(retention_runs.overview, add_runs, expected=1)
