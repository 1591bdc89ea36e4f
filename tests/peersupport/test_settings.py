"""The settings module read from the environment, exercised for real.

Production settings cannot be imported into the test process (it already runs
``settings_test``), so each case starts ``manage.py`` or ``python -c`` in a
subprocess with a controlled environment: only PATH and the variables named
here, never the developer's own.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parents[2]
TIMEOUT = 60


def production_env(**overrides: str | None) -> dict[str, str]:
    """The environment of a production web process; ``None`` removes a variable."""
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "peersupport.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "portal.example.org",
        # `check` does not connect, so the URLs only have to be well formed.
        "DATABASE_URL": os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres",
        "REDIS_URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
    }
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )


def deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)


# --- The deploy check -------------------------------------------------------------


def test_production_settings_pass_the_deploy_check():
    result = deploy_check(production_env())

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_without_redis_because_rate_limits_are_per_process():
    result = deploy_check(production_env(REDIS_URL=None))

    assert result.returncode != 0
    assert "accounts.W001" in result.stderr


def test_deploy_check_fails_with_debug_on():
    result = deploy_check(production_env(DEBUG="true"))

    assert result.returncode != 0
    assert "security.W018" in result.stderr


# --- Bad values stop the process, naming the variable ------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        pytest.param({"DEBUG": "maybe"}, "DEBUG='maybe'", id="DEBUG"),
        pytest.param({"REDIS_URL": "http://x"}, "REDIS_URL='http://x'", id="REDIS_URL"),
        pytest.param({"DATABASE_URL": "nonsense"}, "DATABASE_URL is not a database URL", id="DATABASE_URL"),
        pytest.param({"EMAIL_PORT": "abc"}, "EMAIL_PORT='abc'", id="EMAIL_PORT"),
        pytest.param({"TIME_ZONE": "Mars/Base"}, "TIME_ZONE='Mars/Base'", id="TIME_ZONE"),
        pytest.param({"SMS_QUIET_HOURS": "9pm till 8am"}, "SMS_QUIET_HOURS='9pm till 8am'", id="SMS_QUIET_HOURS"),
    ],
)
def test_a_bad_value_fails_loudly_and_names_the_variable(overrides, message):
    result = run(["manage.py", "check"], production_env(**overrides))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


@pytest.mark.parametrize("missing", [None, ""], ids=["unset", "empty"])
def test_a_missing_secret_key_stops_the_web_and_worker_processes(missing):
    env = production_env(SECRET_KEY=missing)
    for command in (
        ["-c", "import peersupport.wsgi"],
        ["-c", "import peersupport.asgi"],
        ["-m", "celery", "-A", "peersupport", "worker", "--pool=solo", "-Q", "test-missing-key"],
        ["-m", "celery", "-A", "peersupport", "beat", "--schedule", os.devnull + "-missing-key"],
    ):
        result = run(command, env)
        assert result.returncode != 0, command
        assert "SECRET_KEY must be set when DEBUG is off" in result.stdout + result.stderr, command
    # `check` (and so migrate and runserver) says so; the deploy check fails on it.
    assert "accounts.W002" in run(["manage.py", "check"], env).stderr
    assert deploy_check(env).returncode != 0


def test_offline_commands_run_on_a_bare_checkout():
    """No environment at all: makemigrations still works, so its check can run anywhere."""
    result = run(
        ["manage.py", "makemigrations", "--check", "--dry-run"],
        {"PATH": os.environ.get("PATH", os.defpath), "LANG": "C.UTF-8"},
    )
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_a_bad_value_is_named_by_any_command_not_hidden_behind_a_django_error():
    result = run(["manage.py", "makemigrations", "--check", "--dry-run"], production_env(DEBUG="maybe"))
    assert result.returncode != 0
    assert "DEBUG='maybe'" in result.stderr
    assert "Models aren't loaded yet" not in result.stderr


# --- What production runs with ----------------------------------------------------

PRINT_SETTINGS = """
import json

import django
from django.conf import settings

django.setup()
print(json.dumps({
    "PASSWORD_HASHERS": settings.PASSWORD_HASHERS,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "SESSION_COOKIE_HTTPONLY": settings.SESSION_COOKIE_HTTPONLY,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "CSP": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
}))
"""


@pytest.fixture(scope="module")
def production_settings() -> dict:
    result = run(["-c", PRINT_SETTINGS], production_env())
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_hashes_passwords_with_argon2(production_settings):
    assert production_settings["PASSWORD_HASHERS"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_production_redirects_to_https_and_sends_hsts_for_a_year(production_settings):
    assert production_settings["SECURE_SSL_REDIRECT"] is True
    assert production_settings["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60


def test_production_cookies_are_secure(production_settings):
    assert production_settings["SESSION_COOKIE_SECURE"] is True
    assert production_settings["SESSION_COOKIE_HTTPONLY"] is True
    assert production_settings["CSRF_COOKIE_SECURE"] is True


def test_production_csp_allows_no_inline_script(production_settings):
    directives = production_settings["CSP"]

    assert directives["script-src"] == ["'self'"]
    assert not any("'unsafe-inline'" in sources for sources in directives.values())


# --- The header itself (in-process, test settings) -----------------------------------


def parse_csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.mark.parametrize("persona", ["anonymous", "caregiver"])
def test_pages_send_a_csp_whose_script_src_is_self_only(client_for, persona):
    """The login page for a visitor, the home page for a signed-in caregiver."""
    url = reverse("account_login") if persona == "anonymous" else reverse("home")

    response = client_for(persona).get(url)

    assert response.status_code == 200
    assert "Content-Security-Policy-Report-Only" not in response.headers
    directives = parse_csp(response.headers["Content-Security-Policy"])
    assert directives["script-src"] == ["'self'"]
