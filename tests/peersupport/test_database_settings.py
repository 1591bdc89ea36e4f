"""Database connections as production runs them, read from the environment in a subprocess
(the pattern of test_settings.py): persistent outside DEBUG, checked before reuse, and the
PgBouncer switches (README, "Database connections")."""

from __future__ import annotations

import json

import pytest

from tests.peersupport.test_settings import production_env, run

PRINT_DATABASE = """
import json

from django.conf import settings

db = settings.DATABASES["default"]
print(json.dumps({
    "CONN_MAX_AGE": db["CONN_MAX_AGE"],
    "CONN_HEALTH_CHECKS": db["CONN_HEALTH_CHECKS"],
    "DISABLE_SERVER_SIDE_CURSORS": db["DISABLE_SERVER_SIDE_CURSORS"],
    "OPTIONS": db.get("OPTIONS", {}),
}))
"""


def database_settings(**overrides: str | None) -> dict:
    result = run(["-c", PRINT_DATABASE], production_env(**overrides))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_keeps_connections_for_a_minute_and_checks_them_before_reuse():
    db = database_settings(DATABASE_URL="postgres://portal@db.internal:5432/portal")

    assert db["CONN_MAX_AGE"] == 60
    assert db["CONN_HEALTH_CHECKS"] is True
    assert db["DISABLE_SERVER_SIDE_CURSORS"] is False
    assert db["OPTIONS"]["connect_timeout"] == 5


def test_debug_opens_a_connection_per_request():
    """runserver starts a thread per request: persistent connections would pile up."""
    db = database_settings(DEBUG="true")

    assert db["CONN_MAX_AGE"] == 0
    assert db["CONN_HEALTH_CHECKS"] is True


def test_behind_pgbouncer_in_transaction_mode():
    db = database_settings(
        DATABASE_URL="postgres://portal@pgbouncer.internal:6432/portal",
        DB_CONN_MAX_AGE="0",
        DB_DISABLE_SERVER_SIDE_CURSORS="true",
    )

    assert db["CONN_MAX_AGE"] == 0
    assert db["DISABLE_SERVER_SIDE_CURSORS"] is True


def test_a_connect_timeout_in_the_url_wins():
    db = database_settings(DATABASE_URL="postgres://portal@db.internal:5432/portal?connect_timeout=2")

    assert db["OPTIONS"]["connect_timeout"] == 2


@pytest.mark.parametrize(
    ("name", "value"),
    [("DB_CONN_MAX_AGE", "a minute"), ("DB_DISABLE_SERVER_SIDE_CURSORS", "maybe"), ("DB_CONNECT_TIMEOUT", "5s")],
)
def test_a_bad_value_names_the_variable(name, value):
    result = run(["-c", PRINT_DATABASE], production_env(**{name: value}))

    assert result.returncode != 0
    assert f"{name}={value!r}" in result.stderr
