"""Invitation links, calendar addresses and allauth keys never reach a log in full."""

from __future__ import annotations

import io
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from peersupport.log_masking import MASK, mask_tokens

BASE_DIR = Path(__file__).resolve().parents[2]
INVITE = "/invite/6f1c2a9e-8d1b-4c55-9b7e-2f0e8a1d3c4b/0123456789abcdef0123456789abcdef01234567/"
FEED_TOKEN = "Xq3v9Zk2LrT8pW4sN6dY1cB7mH5jF0gA2eR9uI3oK8"


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        (f'GET {INVITE} HTTP/1.1" 200', "0123456789abcdef0123456789abcdef01234567"),
        (f"Not Found: /calendar/{FEED_TOKEN}.ics", FEED_TOKEN),
        ("GET /accounts/password/reset/key/3-c4k9z2-5f1e8d7c6b5a4/ HTTP/1.1", "3-c4k9z2-5f1e8d7c6b5a4"),
        ("GET /accounts/confirm-email/MQ:1vX2yZ:abcdef/ HTTP/1.1", "MQ:1vX2yZ:abcdef"),
    ],
)
def test_secrets_in_paths_are_masked(line, secret):
    masked = mask_tokens(line)
    assert secret not in masked
    assert MASK in masked


def test_ordinary_paths_are_left_alone():
    line = "GET /events/12/replies/?q=Aroha HTTP/1.1"
    assert mask_tokens(line) == line


def test_djangos_404_warning_for_a_calendar_address_is_masked(client, db):
    handler = logging.getLogger("django").handlers[0]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        assert client.get(f"/calendar/{FEED_TOKEN}.ics").status_code == 404
    finally:
        handler.setStream(previous)
    logged = stream.getvalue()
    assert "Not Found: /calendar/" in logged
    assert FEED_TOKEN not in logged
    assert MASK in logged


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorns_access_log_masks_the_invitation_link(tmp_path):
    port = _free_port()
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "DJANGO_SETTINGS_MODULE": "peersupport.settings",
        "DEBUG": "false",
        "SECRET_KEY": "log-masking-test-key-0123456789-0123456789-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "peersupport.wsgi", "--config", "peersupport/gunicorn.conf.py",
             "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}{INVITE}", timeout=5)  # noqa: S310
                    break
                except urllib.error.HTTPError:
                    break  # answered (the empty database makes it an error page): the line is logged
                except OSError:
                    if time.monotonic() > deadline:
                        pytest.fail("gunicorn did not start:\n" + log_path.read_text())
                    time.sleep(0.2)
            time.sleep(0.5)
        finally:
            server.terminate()
            server.wait(timeout=30)
    logged = log_path.read_text()
    assert f"/invite/{MASK}/{MASK}/" in logged, logged
    assert "0123456789abcdef0123456789abcdef01234567" not in logged
