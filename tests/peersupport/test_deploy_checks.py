"""Deploy checks for misconfigurations that would otherwise fail silently:
a proxy without a way to find the client's address, an SMS provider without
the secret its webhooks are verified with."""

from __future__ import annotations

import pytest

from tests.peersupport.test_settings import deploy_check, production_env


def test_a_proxy_without_a_client_address_setting_fails_the_deploy_check():
    result = deploy_check(production_env(BEHIND_PROXY="true"))
    assert result.returncode != 0
    assert "accounts.W003" in result.stderr


@pytest.mark.parametrize("setting", [{"TRUSTED_PROXY_COUNT": "1"}, {"TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}])
def test_a_proxy_with_a_client_address_setting_passes(setting):
    result = deploy_check(production_env(BEHIND_PROXY="true", **setting))
    assert result.returncode == 0, result.stderr


NOTIFY = {
    "SMS_BACKEND": "notifications.sms.NotifySmsBackend",
    "NOTIFY_API_KEY": "portal-00000000-0000-0000-0000-000000000000-00000000-0000-0000-0000-000000000000",
    "NOTIFY_SMS_TEMPLATE_ID": "00000000-0000-0000-0000-000000000000",
    "NOTIFY_CALLBACK_TOKEN": "a-long-random-callback-token",
}
TWILIO = {
    "SMS_BACKEND": "notifications.sms.TwilioSmsBackend",
    "TWILIO_ACCOUNT_SID": "AC00000000000000000000000000000000",
    "TWILIO_AUTH_TOKEN": "a-twilio-auth-token",
    "TWILIO_FROM": "+6421000000",
}


@pytest.mark.parametrize(
    ("provider", "missing", "check_id"),
    [
        (NOTIFY, "NOTIFY_CALLBACK_TOKEN", "notifications.W006"),
        (NOTIFY, "NOTIFY_API_KEY", "notifications.W004"),
        (TWILIO, "TWILIO_AUTH_TOKEN", "notifications.W003"),
        (TWILIO, "TWILIO_FROM", "notifications.W002"),
    ],
)
def test_an_sms_provider_without_its_secret_fails_the_deploy_check(provider, missing, check_id):
    result = deploy_check(production_env(**{**provider, missing: None}))
    assert result.returncode != 0
    assert check_id in result.stderr
    assert missing in result.stderr


@pytest.mark.parametrize("provider", [NOTIFY, TWILIO], ids=["notify", "twilio"])
def test_a_fully_configured_sms_provider_passes(provider):
    result = deploy_check(production_env(**provider))
    assert result.returncode == 0, result.stderr
