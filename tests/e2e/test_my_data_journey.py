"""Issue 15's check, in Chromium, as the demo users, with a real Celery worker: worker@ (Tom)
opens carer@'s (Aroha's) record; Aroha downloads her data (prepared by the worker in the
background, progress shown, every app's part present, nobody else's data), sees that Tom
looked at her record and when, asks to close her account (missing the box first: the error is
next to it); Tom confirms from his home page; afterwards a walk over every table finds none of
her personal fields. Every page is axe-checked."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import CaregiverProfile, Role, User
from accounts.personal_data import export_sections
from mydata import closure
from mydata.models import ClosureRequest, ClosureStatus
from notifications.models import Message
from peersupport.celery import app
from tests.accounts.factories import add_totp
from tests.mydata.walk import findings
from tests.workers import Worker, start_celery, worker_args, worker_database_url

CARER = "carer@example.org"
WORKER = "worker@example.org"
WAIT_MS = 60_000  # the limit for a download to be ready


@pytest.fixture
def celery_worker(live_server, tmp_path) -> Iterator[Worker]:
    """A real worker on the default and send queues, against the live server's database."""
    app.control.purge()
    env = {"DATABASE_URL": worker_database_url()}
    started = start_celery(worker_args(hostname="pytest-mydata@%h"), log_path=tmp_path / "worker.log", env=env)
    try:
        yield started
    finally:
        started.stop()


def signed_in_page(open_page, live_server, email: str) -> Page:
    """A tab with a session made by the test client (sign-in has its own browser tests)."""
    page = open_page()
    user = User.objects.get(email=email)
    if user.role != Role.CAREGIVER and not Authenticator.objects.filter(user=user).exists():
        add_totp(user)
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def click_and_check(page: Page, a11y, locator) -> None:
    with page.expect_navigation():
        locator.click()
    a11y.check(page)


def local_phone(phone: str) -> str:
    """+64210000001 → "021 000 0001": how a person types it into free text."""
    digits = "0" + phone.removeprefix("+64")
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def test_a_caregiver_downloads_her_data_sees_who_looked_and_closes_her_account(
    open_page, live_server, a11y, demo_data, celery_worker
):
    aroha = User.objects.select_related("caregiver_profile").get(email=CARER)
    profile = aroha.caregiver_profile
    mine = [aroha.email, aroha.get_full_name(), profile.phone, local_phone(profile.phone)]
    others = CaregiverProfile.objects.exclude(user=aroha).select_related("user")
    theirs = [p.user.email for p in others] + [p.user.get_full_name() for p in others]
    theirs += [p.phone for p in others if p.phone]
    # The 33 generated caregivers include a namesake: her own name is not someone else's datum.
    theirs = [value for value in theirs if value not in mine]

    # Her social worker opens her record: a read she will see.
    tom = signed_in_page(open_page, live_server, WORKER)
    a11y.visit(tom, reverse("caregiver_detail", args=[profile.pk]))

    # Aroha finds "Your data" from her profile and asks for a download.
    carer = signed_in_page(open_page, live_server, CARER)
    a11y.visit(carer, reverse("profile"))
    click_and_check(carer, a11y, carer.get_by_role("link", name="Your data: download a copy"))
    expect(carer.get_by_role("heading", level=1)).to_have_text("Your data")
    click_and_check(carer, a11y, carer.get_by_role("button", name="Prepare my download"))
    # The worker prepares it; the page follows its progress and shows the links when ready.
    readable = carer.get_by_role("link", name="Read it on a page you can print")
    expect(readable).to_be_visible(timeout=WAIT_MS)
    a11y.check(carer)

    with carer.expect_download() as download:
        carer.get_by_role("link", name="Download the file (JSON, for other programs)").click()
    document_text = download.value.path().read_text(encoding="utf-8")
    document = json.loads(document_text)
    assert set(document["sections"]) == {section.key for section in export_sections()}
    assert document["person"]["email"] == aroha.email
    # Her social worker's read is in it, by name (the one place staff are named).
    reads = document["sections"]["account"]["staff_reads"]
    assert any(read["reader"] == User.objects.get(email=WORKER).display_name for read in reads)
    leaked = [value for value in theirs if value and value in document_text]
    assert leaked == [], f"another person's data in her download: {leaked}"

    # The same, readable: one part per app, each saying where to correct it.
    click_and_check(carer, a11y, readable)
    for section in export_sections():
        expect(carer.get_by_role("heading", level=2, name=str(section.title))).to_be_visible()
    page_text = carer.locator("main").inner_text()
    assert [value for value in theirs if value and value in page_text] == []

    # Who has looked at her record: Tom, today.
    a11y.visit(carer, reverse("mydata:index"))
    click_and_check(carer, a11y, carer.get_by_role("link", name="See who has looked at your record"))
    expect(carer.get_by_role("table")).to_contain_text(User.objects.get(email=WORKER).display_name)
    expect(carer.get_by_role("table")).to_contain_text("Caregiver record")

    # She asks to close her account: the box first, its error next to it.
    a11y.visit(carer, reverse("mydata:close"))
    close_button = carer.get_by_role("button", name="Ask to close my account")
    click_and_check(carer, a11y, close_button)
    expect(carer.locator("#error-summary")).to_be_focused()
    expect(carer.locator("#id_understood_error")).to_contain_text("Tick the box to say you understand")
    carer.get_by_label("I understand that my account and what the portal holds about me will be erased").check()
    click_and_check(carer, a11y, close_button)
    expect(carer.get_by_role("heading", name="Waiting for your social worker")).to_be_visible()

    # Tom sees the request on his home page and confirms it.
    a11y.visit(tom, "/")
    click_and_check(tom, a11y, tom.get_by_role("link", name="1 caregiver has asked to close their account"))
    click_and_check(tom, a11y, tom.get_by_role("button", name=f"Confirm: close {aroha.display_name}'s account"))
    request = ClosureRequest.objects.get()
    assert request.status == ClosureStatus.CLOSED and request.user is None

    # Her browser is signed out: the next page is the sign-in page.
    a11y.visit(carer, reverse("profile"))
    assert carer.url.startswith(f"{live_server.url}{reverse('account_login')}")

    # The last email goes (the worker sends it), then its address is forgotten; after that no
    # table holds her email, name or phone, and nothing links to her.
    last = Message.objects.get(kind=closure.CLOSED_KIND)
    for _ in range(300):
        last.refresh_from_db()
        if last.status in closure.FINAL_STATUSES:
            break
        carer.wait_for_timeout(100)
    assert last.status in closure.FINAL_STATUSES, last.status
    closure.closed_addresses_forget()
    left = findings(user_pk=aroha.pk, values=mine)
    assert left == [], "\n".join(left)
