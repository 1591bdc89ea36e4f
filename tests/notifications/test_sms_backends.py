"""The SMS backends: real provider clients (twilio, notifications-python-client)
against local fake servers, and the development backends."""

from __future__ import annotations

import json
import socket
import threading
import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from notifications.sms import (
    FileSmsBackend,
    LocmemSmsBackend,
    NotifySmsBackend,
    SmsPermanentError,
    SmsTransientError,
    TwilioSmsBackend,
    get_sms_backend,
)

TO = "+64215550101"
REFERENCE = "event:1:reminder:1440:user:7:sms"


@pytest.fixture
def closed_port_url():
    """A local URL where nothing listens: connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# --- Twilio ---------------------------------------------------------------------


def test_twilio_send_records_the_provider_id(fake_twilio, settings):
    result = TwilioSmsBackend().send(to=TO, body="Kia ora, see you Wednesday", reference=REFERENCE)

    [received] = fake_twilio.received
    assert result.provider_id == received["id"]
    assert result.provider_id.startswith("SM")
    assert (received["to"], received["body"], received["from"]) == (TO, "Kia ora, see you Wednesday", "+6435550100")
    assert received["status_callback"] == settings.SITE_URL + "/webhooks/twilio/status/"


def test_twilio_can_send_through_a_messaging_service(fake_twilio, settings):
    settings.TWILIO_FROM = "MG" + "1" * 32
    TwilioSmsBackend().send(to=TO, body="Hello", reference=REFERENCE)
    assert fake_twilio.received[0]["from"] == settings.TWILIO_FROM


def test_get_sms_backend_uses_the_configured_provider(fake_twilio):
    assert isinstance(get_sms_backend(), TwilioSmsBackend)


@pytest.mark.parametrize("status", [500, 503, 429])
def test_twilio_server_errors_and_rate_limits_are_transient(fake_twilio, status):
    fake_twilio.fail_next(1, status=status)
    backend = TwilioSmsBackend()

    with pytest.raises(SmsTransientError) as info:
        backend.send(to=TO, body="Hello", reference=REFERENCE)
    assert info.value.maybe_sent is False
    assert fake_twilio.received == []

    backend.send(to=TO, body="Hello", reference=REFERENCE)
    assert len(fake_twilio.received) == 1


def test_twilio_invalid_number_is_permanent_and_says_so(fake_twilio):
    fake_twilio.fail_next(1, status=400)

    with pytest.raises(SmsPermanentError) as info:
        TwilioSmsBackend().send(to=TO, body="Hello", reference=REFERENCE)
    assert info.value.invalid_number is True
    assert info.value.opted_out is False
    assert info.value.code == "21211"


def test_twilio_not_a_mobile_number_is_an_invalid_number(fake_twilio):
    fake_twilio.fail_next(1, status=400, code=21614)
    with pytest.raises(SmsPermanentError) as info:
        TwilioSmsBackend().send(to=TO, body="Hello", reference=REFERENCE)
    assert info.value.invalid_number is True


def test_twilio_unsubscribed_recipient_is_opted_out(fake_twilio):
    fake_twilio.fail_next(1, status=400, code=21610)
    with pytest.raises(SmsPermanentError) as info:
        TwilioSmsBackend().send(to=TO, body="Hello", reference=REFERENCE)
    assert info.value.opted_out is True
    assert info.value.invalid_number is False


def test_twilio_wrong_credentials_are_permanent_but_not_the_numbers_fault(fake_twilio, settings):
    settings.TWILIO_AUTH_TOKEN = "not-the-token"
    with pytest.raises(SmsPermanentError) as info:
        TwilioSmsBackend().send(to=TO, body="Hello", reference=REFERENCE)
    assert info.value.invalid_number is False
    assert info.value.code == "20003"


def test_twilio_connection_refused_is_transient(fake_twilio, settings, closed_port_url):
    settings.TWILIO_API_BASE = closed_port_url
    with pytest.raises(SmsTransientError) as info:
        TwilioSmsBackend().send(to=TO, body="Hello", reference=REFERENCE)
    assert info.value.maybe_sent is False


def test_twilio_timeout_is_transient_and_may_have_been_sent(fake_twilio, settings):
    settings.SMS_TIMEOUT = 0.2
    fake_twilio.delay = 0.6
    with pytest.raises(SmsTransientError) as info:
        TwilioSmsBackend().send(to=TO, body="Hello", reference=REFERENCE)
    assert info.value.maybe_sent is True


def test_twilio_needs_its_settings(settings):
    settings.TWILIO_ACCOUNT_SID = ""
    settings.TWILIO_AUTH_TOKEN = ""
    settings.TWILIO_FROM = "+6435550100"
    with pytest.raises(ImproperlyConfigured, match="TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN"):
        TwilioSmsBackend()


def test_twilio_sender_must_be_a_number_or_messaging_service(fake_twilio, settings):
    settings.TWILIO_FROM = "Portal"
    with pytest.raises(ImproperlyConfigured, match="TWILIO_FROM"):
        TwilioSmsBackend()


# --- GOV.UK Notify -------------------------------------------------------------


def test_notify_send_passes_our_reference_and_records_the_id(fake_notify, settings):
    result = NotifySmsBackend().send(to=TO, body="Kia ora, see you Wednesday", reference=REFERENCE)

    [received] = fake_notify.received
    assert result.provider_id == received["id"]
    assert uuid.UUID(result.provider_id)
    assert (received["to"], received["body"], received["reference"]) == (TO, "Kia ora, see you Wednesday", REFERENCE)


def test_notify_fake_checks_the_signed_token(fake_notify, settings):
    # A key for the same service with another secret: the JWT signature is wrong.
    settings.NOTIFY_API_KEY = settings.NOTIFY_API_KEY[:-36] + str(uuid.uuid4())
    with pytest.raises(SmsPermanentError) as info:
        NotifySmsBackend().send(to=TO, body="Hello", reference=REFERENCE)
    assert info.value.code == "403"
    assert info.value.invalid_number is False
    assert fake_notify.received == []


@pytest.mark.parametrize("status", [500, 503, 429])
def test_notify_server_errors_and_rate_limits_are_transient(fake_notify, status):
    fake_notify.fail_next(2, status=status)
    backend = NotifySmsBackend()
    for _ in range(2):
        with pytest.raises(SmsTransientError):
            backend.send(to=TO, body="Hello", reference=REFERENCE)
    backend.send(to=TO, body="Hello", reference=REFERENCE)
    assert fake_notify.counts == {REFERENCE: 1}


def test_notify_invalid_number_is_permanent_and_says_so(fake_notify):
    fake_notify.invalid_numbers.add(TO)
    with pytest.raises(SmsPermanentError) as info:
        NotifySmsBackend().send(to=TO, body="Hello", reference=REFERENCE)
    assert info.value.invalid_number is True
    assert "Not a UK mobile number" in str(info.value)


def test_notify_connection_refused_is_transient(fake_notify, settings, closed_port_url):
    settings.NOTIFY_BASE_URL = closed_port_url
    with pytest.raises(SmsTransientError) as info:
        NotifySmsBackend().send(to=TO, body="Hello", reference=REFERENCE)
    assert info.value.maybe_sent is False


def test_notify_timeout_is_transient_and_may_have_been_sent(fake_notify, settings):
    settings.SMS_TIMEOUT = 0.2
    fake_notify.delay = 0.6
    with pytest.raises(SmsTransientError) as info:
        NotifySmsBackend().send(to=TO, body="Hello", reference=REFERENCE)
    assert info.value.maybe_sent is True


def test_notify_needs_its_settings(settings):
    settings.NOTIFY_API_KEY = ""
    settings.NOTIFY_SMS_TEMPLATE_ID = ""
    with pytest.raises(ImproperlyConfigured, match="NOTIFY_API_KEY, NOTIFY_SMS_TEMPLATE_ID"):
        NotifySmsBackend()


def test_notify_key_must_look_like_a_notify_key(fake_notify, settings):
    settings.NOTIFY_API_KEY = "not-a-key"
    with pytest.raises(ImproperlyConfigured, match="NOTIFY_API_KEY"):
        NotifySmsBackend()


def test_fake_counts_duplicates_by_reference(fake_notify):
    backend = NotifySmsBackend()
    backend.send(to=TO, body="Hello", reference=REFERENCE)
    backend.send(to=TO, body="Hello", reference=REFERENCE)
    backend.send(to=TO, body="Hello", reference="another")
    assert fake_notify.duplicates() == {REFERENCE: 2}


# --- Development backends ------------------------------------------------------


def test_locmem_backend_keeps_the_reference():
    LocmemSmsBackend.outbox.clear()
    LocmemSmsBackend().send(to=TO, body="Hello", reference=REFERENCE)
    assert LocmemSmsBackend.outbox == [{"to": TO, "body": "Hello", "reference": REFERENCE}]
    LocmemSmsBackend.outbox.clear()


def test_file_backend_writes_one_file_per_text(settings, tmp_path):
    settings.SMS_FILE_PATH = str(tmp_path)
    backend = FileSmsBackend()
    first = backend.send(to=TO, body="One", reference="a")
    second = backend.send(to=TO, body="Two", reference="b")
    assert first.provider_id != second.provider_id
    written = sorted(json.loads(path.read_text())["body"] for path in tmp_path.iterdir())
    assert written == ["One", "Two"]


# --- Asking the provider about an interrupted send ----------------------------------


def test_twilio_lookup_finds_a_text_already_sent(fake_twilio):
    backend = TwilioSmsBackend()
    before = timezone.now()
    sent = backend.send(to=TO, body="Reminder: Quiz night", reference=REFERENCE)
    backend.send(to="+64215550199", body="Reminder: Quiz night", reference="other")

    assert backend.lookup(reference=REFERENCE, to=TO, body="Reminder: Quiz night", since=before) == sent.provider_id
    assert backend.lookup(reference=REFERENCE, to=TO, body="Reminder: Pot luck", since=before) is None
    later = timezone.now() + timedelta(minutes=5)
    assert backend.lookup(reference=REFERENCE, to=TO, body="Reminder: Quiz night", since=later) is None


def test_twilio_lookup_that_cannot_ask_is_transient(fake_twilio, settings, closed_port_url):
    settings.TWILIO_API_BASE = closed_port_url
    with pytest.raises(SmsTransientError):
        TwilioSmsBackend().lookup(reference=REFERENCE, to=TO, body="Hello")


def test_notify_lookup_finds_a_text_by_reference(fake_notify):
    backend = NotifySmsBackend()
    sent = backend.send(to=TO, body="Hello", reference=REFERENCE)
    assert backend.lookup(reference=REFERENCE, to=TO, body="Hello") == sent.provider_id
    assert backend.lookup(reference="never-sent", to=TO, body="Hello") is None


def test_notify_lookup_that_cannot_ask_is_transient(fake_notify, settings, closed_port_url):
    settings.NOTIFY_BASE_URL = closed_port_url
    with pytest.raises(SmsTransientError):
        NotifySmsBackend().lookup(reference=REFERENCE)


def test_each_thread_reuses_its_own_backend_and_http_session(fake_twilio, settings):
    backend = get_sms_backend()
    assert get_sms_backend() is backend
    session = backend.client.http_client.session
    backend.send(to=TO, body="One", reference="ref-1")
    assert get_sms_backend().client.http_client.session is session

    other = []
    thread = threading.Thread(target=lambda: other.append(get_sms_backend()))
    thread.start()
    thread.join()
    assert other[0] is not backend
    assert other[0].client.http_client.session is not session

    settings.TWILIO_FROM = "MG" + "1" * 32  # a setting changed: a backend made with it
    assert get_sms_backend() is not backend
