"""Local fake SMS providers: small HTTP servers that speak just enough of the
Twilio and GOV.UK Notify APIs for the real client libraries.

Usable from pytest fixtures (tests/notifications/conftest.py) and from plain
scripts or fault tests that run real worker processes::

    fake = FakeTwilio()
    base_url = fake.start()          # http://127.0.0.1:<free port>
    # point TWILIO_API_BASE (or NOTIFY_BASE_URL) at base_url, send texts…
    fake.fail_next(3)                # the next 3 requests get a 500
    fake.fail_next(1, status=400)    # the next one: "invalid number"
    fake.received                    # [{"id", "to", "body", "reference", …}, …]
    fake.duplicates()                # {key: count} for anything received twice
    fake.stop()

``fake.env()`` gives the settings' environment variables that point the
portal at it, for a worker started as a separate process. The pytest fixtures
``fake_twilio`` and ``fake_notify`` at the end start one per test and point
the Django settings at it.

Each server runs in daemon threads of the process that started it; every
request is handled on its own thread, and all state is behind one lock.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import uuid
from collections import Counter, deque
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from notifications_python_client.authentication import decode_jwt_token
from notifications_python_client.errors import TokenError

TWILIO_FROM = "+6435550100"
# A Notify key is "<name>-<service id>-<secret>".
NOTIFY_API_KEY = "peersupport_test-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0"
NOTIFY_TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog is 5: dozens of sender threads connecting at once
    # would see refused SYNs retried a second later (or connect timeouts), not the provider.
    request_queue_size = 256


class FakeProvider:
    """The shared part: server lifecycle, failure modes, what was received."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._received: list[dict] = []
        self._counts: Counter[str] = Counter()
        self._failures: deque[tuple[int, int | None]] = deque()
        self.invalid_numbers: set[str] = set()
        self.delay = 0.0  # seconds to wait before every answer (for timeouts)
        self.requests = 0  # every request, failed ones included
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""

    # --- lifecycle -------------------------------------------------------------

    def start(self) -> str:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                provider._handle(self, "POST")

            def do_GET(self):  # noqa: N802
                provider._handle(self, "GET")

            def log_message(self, format, *args):  # noqa: A002 (quiet in tests)
                pass

        self._server = _Server(("127.0.0.1", 0), Handler)
        # A short poll interval makes stop() quick (shutdown waits for a poll).
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name=type(self).__name__, daemon=True
        )
        self._thread.start()
        host, port = self._server.server_address[:2]
        self.base_url = f"http://{host}:{port}"
        return self.base_url

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = self._thread = None

    def __enter__(self) -> FakeProvider:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- programming it ----------------------------------------------------------

    def fail_next(self, n: int, status: int = 500, code: int | None = None) -> None:
        """Answer the next ``n`` send requests with ``status`` (400 means an
        invalid number unless ``code`` says otherwise)."""
        with self._lock:
            self._failures.extend([(status, code)] * n)

    def reset(self) -> None:
        with self._lock:
            self._received.clear()
            self._counts.clear()
            self._failures.clear()
            self.invalid_numbers.clear()
            self.requests = 0
            self.delay = 0.0

    # --- what happened -----------------------------------------------------------

    @property
    def received(self) -> list[dict]:
        """A snapshot of the messages accepted, in order."""
        with self._lock:
            return list(self._received)

    @property
    def counts(self) -> Counter[str]:
        """How often each message was accepted, by ``key`` (see ``_key``)."""
        with self._lock:
            return Counter(self._counts)

    def duplicates(self) -> dict[str, int]:
        return {key: n for key, n in self.counts.items() if n > 1}

    # --- the server side -----------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        handler.arrived = time.time()  # when the request reached the provider (before its answer's delay)
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length)
        if self.delay:
            time.sleep(self.delay)
        with self._lock:
            self.requests += 1
        url = urlsplit(handler.path)
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        if method == "GET":
            status, payload = self._lookup(handler, url.path, query)
        else:
            status, payload = self._answer(handler, url.path, raw)
        body = json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        try:
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout) or was killed mid-request: what it sent still counts

    def _answer(self, handler: BaseHTTPRequestHandler, path: str, raw: bytes) -> tuple[int, dict]:
        """A send request (POST)."""
        raise NotImplementedError

    def _lookup(self, handler: BaseHTTPRequestHandler, path: str, query: dict) -> tuple[int, dict]:
        """A query about sent messages (GET); failure modes do not apply."""
        raise NotImplementedError

    def _next_failure(self) -> tuple[int, int | None] | None:
        with self._lock:
            return self._failures.popleft() if self._failures else None

    def _accept(self, message: dict) -> None:
        with self._lock:
            self._received.append(message)
            self._counts[self._key(message)] += 1

    def _key(self, message: dict) -> str:
        return message.get("reference") or f"{message['to']}|{message['body']}"


class FakeTwilio(FakeProvider):
    """POST /2010-04-01/Accounts/{sid}/Messages.json, form-encoded, basic auth.

    Twilio takes no idempotency key, so duplicates are counted by (to, body):
    give each message a distinct body when counting them.
    """

    def __init__(self, account_sid: str = "AC" + "0" * 32, auth_token: str = "fake-twilio-auth-token") -> None:  # noqa: S107
        super().__init__()
        self.account_sid = account_sid
        self.auth_token = auth_token

    def env(self) -> dict[str, str]:
        return {
            "SMS_BACKEND": "notifications.sms.TwilioSmsBackend",
            "TEST_SMS_BACKEND": "notifications.sms.TwilioSmsBackend",  # read by settings_test
            "TWILIO_API_BASE": self.base_url,
            "TWILIO_ACCOUNT_SID": self.account_sid,
            "TWILIO_AUTH_TOKEN": self.auth_token,
            "TWILIO_FROM": TWILIO_FROM,
        }

    @property
    def _messages_path(self) -> str:
        return f"/2010-04-01/Accounts/{self.account_sid}/Messages.json"

    def _refusal(self, handler, path: str) -> tuple[int, dict] | None:
        if path != self._messages_path:
            return 404, _twilio_error(20404, "The requested resource was not found", 404)
        expected = "Basic " + base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        if handler.headers.get("Authorization") != expected:
            return 401, _twilio_error(20003, "Authenticate", 401)
        return None

    def _lookup(self, handler, path, query):
        """GET Messages.json?To=…: newest first, one page."""
        refusal = self._refusal(handler, path)
        if refusal:
            return refusal
        size = int(query.get("PageSize", 50))
        found = [m for m in reversed(self.received) if not query.get("To") or m["to"] == query["To"]][:size]
        return 200, {
            "messages": [self._resource(m) for m in found],
            "first_page_uri": self._messages_path,
            "next_page_uri": None,
            "previous_page_uri": None,
            "page": 0,
            "page_size": size,
            "start": 0,
            "end": len(found),
            "uri": self._messages_path,
        }

    def _resource(self, message: dict) -> dict:
        return {
            "sid": message["id"],
            "account_sid": self.account_sid,
            "to": message["to"],
            "from": message["from"],
            "body": message["body"],
            "status": "queued",
            "num_segments": "1",
            "direction": "outbound-api",
            "api_version": "2010-04-01",
            "date_created": formatdate(message["created"], usegmt=True),
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{message['id']}.json",
        }

    def _answer(self, handler, path, raw):
        refusal = self._refusal(handler, path)
        if refusal:
            return refusal
        form = {key: values[0] for key, values in parse_qs(raw.decode()).items()}
        to, body = form.get("To", ""), form.get("Body", "")
        if not to or not body or not (form.get("From") or form.get("MessagingServiceSid")):
            return 400, _twilio_error(21604, "A 'To', 'From' or 'Body' parameter is required.", 400)
        failure = self._next_failure()
        if failure is None and to in self.invalid_numbers:
            failure = (400, 21211)
        if failure is not None:
            status, code = failure
            if status == 400:
                code = code or 21211
                return 400, _twilio_error(code, f"The 'To' number {to} is not a valid phone number.", 400)
            return status, _twilio_error(code or 20000 + status, "Service unavailable", status)
        message = {
            "id": "SM" + uuid.uuid4().hex,
            "to": to,
            "body": body,
            "reference": "",
            "from": form.get("From") or form.get("MessagingServiceSid"),
            "status_callback": form.get("StatusCallback"),
            "created": handler.arrived,
        }
        self._accept(message)
        return 201, self._resource(message)


def _twilio_error(code: int, message: str, status: int) -> dict:
    return {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


class FakeNotify(FakeProvider):
    """POST /v2/notifications/sms, JSON, with a JWT bearer token.

    With ``api_key`` the token's signature is checked as Notify would; without
    it only its presence and shape are. Duplicates are counted by reference.
    """

    def __init__(self, api_key: str = NOTIFY_API_KEY) -> None:
        super().__init__()
        self.api_key = api_key

    def env(self) -> dict[str, str]:
        return {
            "SMS_BACKEND": "notifications.sms.NotifySmsBackend",
            "TEST_SMS_BACKEND": "notifications.sms.NotifySmsBackend",  # read by settings_test
            "NOTIFY_BASE_URL": self.base_url,
            "NOTIFY_API_KEY": self.api_key,
            "NOTIFY_SMS_TEMPLATE_ID": NOTIFY_TEMPLATE_ID,
        }

    def _refusal(self, handler, path: str, expected_path: str) -> tuple[int, dict] | None:
        if path != expected_path:
            return 404, _notify_error(404, "ResourceNotFound", "Not found")
        auth = handler.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ")
        if not auth.startswith("Bearer ") or token.count(".") != 2 or not self._token_ok(token):
            return 403, _notify_error(403, "AuthError", "Invalid token: signature, api token not found")
        return None

    def _lookup(self, handler, path, query):
        """GET /v2/notifications?reference=…: newest first, one page."""
        refusal = self._refusal(handler, path, "/v2/notifications")
        if refusal:
            return refusal
        found = [
            m for m in reversed(self.received) if not query.get("reference") or m["reference"] == query["reference"]
        ]
        notifications = [
            {
                "id": m["id"],
                "reference": m["reference"] or None,
                "phone_number": m["to"],
                "body": m["body"],
                "type": "sms",
            }
            for m in found
        ]
        return 200, {"notifications": notifications, "links": {"current": "/v2/notifications", "next": None}}

    def _answer(self, handler, path, raw):
        refusal = self._refusal(handler, path, "/v2/notifications/sms")
        if refusal:
            return refusal
        try:
            data = json.loads(raw)
        except ValueError:
            return 400, _notify_error(400, "BadRequestError", "Invalid JSON")
        to, template_id = data.get("phone_number", ""), data.get("template_id", "")
        body = (data.get("personalisation") or {}).get("body", "")
        if not to or not template_id:
            return 400, _notify_error(400, "ValidationError", "phone_number is a required property")
        failure = self._next_failure()
        if failure is None and to in self.invalid_numbers:
            failure = (400, None)
        if failure is not None:
            status, _ = failure
            if status == 400:
                return 400, _notify_error(400, "ValidationError", "phone_number Not a UK mobile number")
            if status == 429:
                return 429, _notify_error(429, "RateLimitError", "Exceeded rate limit for key type LIVE")
            return status, _notify_error(status, "Exception", "Internal server error")
        notification_id = str(uuid.uuid4())
        reference = data.get("reference")
        self._accept(
            {"id": notification_id, "to": to, "body": body, "reference": reference or "", "created": handler.arrived}
        )
        return 201, {
            "id": notification_id,
            "reference": reference,
            "content": {"body": body, "from_number": "GOVUK"},
            "uri": f"https://api.notifications.service.gov.uk/v2/notifications/{notification_id}",
            "template": {"id": template_id, "version": 1, "uri": ""},
            "scheduled_for": None,
        }

    def _token_ok(self, token: str) -> bool:
        if not self.api_key:
            return True
        try:
            return bool(decode_jwt_token(token, self.api_key[-36:]))
        except TokenError:
            return False


def _notify_error(status: int, error: str, message: str) -> dict:
    return {"status_code": status, "errors": [{"error": error, "message": message}]}


def _running(fake, settings):
    """Start ``fake`` and point this process's settings at it (workers get ``fake.env()``)."""
    fake.start()
    for name, value in fake.env().items():
        if name != "TEST_SMS_BACKEND":
            setattr(settings, name, value)
    return fake


@pytest.fixture
def fake_twilio(settings):
    """A running FakeTwilio; the portal sends texts through Twilio to it."""
    fake = _running(FakeTwilio(), settings)
    yield fake
    fake.stop()


@pytest.fixture
def fake_notify(settings):
    """A running FakeNotify; the portal sends texts through Notify to it."""
    fake = _running(FakeNotify(), settings)
    yield fake
    fake.stop()
