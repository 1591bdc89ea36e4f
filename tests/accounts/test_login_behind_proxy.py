"""Behind a proxy, failed sign-ins count against each person's own address.

Every request reaches the portal from the proxy's address. Counting failures per
connecting IP would let ten people's typos lock out an eleventh; with
TRUSTED_PROXY_COUNT (or TRUSTED_CLIENT_IP_HEADER) allauth reads the client's
address from the proxy's header instead.
"""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.accounts.factories import PASSWORD, CaregiverFactory

PROXY = "10.0.0.5"


def sign_in(email: str, password: str, *, client_ip: str, header: str = "HTTP_X_FORWARDED_FOR"):
    client = Client(REMOTE_ADDR=PROXY, **{header: client_ip})
    return client.post(reverse("account_login"), {"login": email, "password": password})


def ten_people_mistype(wellington) -> None:
    for n in range(10):
        person = CaregiverFactory(region=wellington).user
        assert sign_in(person.email, "wrong password", client_ip=f"203.0.113.{n + 1}").status_code == 200


def test_without_a_trusted_proxy_setting_everyone_shares_the_proxy_address(wellington, caregiver, settings):
    """Why the setting (and the deploy check accounts.W003) exist."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    ten_people_mistype(wellington)
    response = sign_in(caregiver.email, PASSWORD, client_ip="203.0.113.99")
    assert "too many failed login attempts" in response.content.decode().lower()


def test_ten_peoples_typos_do_not_lock_out_an_eleventh(wellington, caregiver, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    ten_people_mistype(wellington)
    assert sign_in(caregiver.email, PASSWORD, client_ip="203.0.113.99").status_code == 302


def test_a_client_ip_header_works_too(wellington, caregiver, settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    for n in range(10):
        person = CaregiverFactory(region=wellington).user
        sign_in(person.email, "wrong password", client_ip=f"203.0.113.{n + 1}", header="HTTP_X_REAL_IP")
    assert sign_in(caregiver.email, PASSWORD, client_ip="203.0.113.99", header="HTTP_X_REAL_IP").status_code == 302


def test_one_address_is_still_limited(wellington, caregiver, settings):
    """The limit still works per client: ten failures from one address lock that address."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for _ in range(10):
        person = CaregiverFactory(region=wellington).user
        sign_in(person.email, "wrong password", client_ip="198.51.100.7")
    response = sign_in(caregiver.email, PASSWORD, client_ip="198.51.100.7")
    assert "too many failed login attempts" in response.content.decode().lower()
