"""The page cache (peersupport/pagecache.py): a hit runs none of the page's queries, and
nothing a person or anybody else saves is hidden by it; one person's page is never
shown to another, and a form drawn from the cache posts."""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import RSVP, Response
from peersupport import pagecache
from tests.accounts.factories import CaregiverFactory
from tests.events.factories import EventFactory, RSVPFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 60
    # Held still: a test crossing a minute would otherwise see a new bucket, a miss.
    monkeypatch.setattr(pagecache, "clock", lambda: 1_800_000_000.0)


@pytest.fixture
def event(wellington):
    return EventFactory(title="Coffee morning", region=wellington, capacity=40)


def get(client: Client, url: str):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in ctx.captured_queries]


def main(page: str) -> str:
    """The part the cache keeps (the header's sign-out form has a fresh CSRF mask every time)."""
    return page[page.index('<main id="main"') : page.index("</main>")]


def reads(queries: list[str], table: str) -> bool:
    return any(f'FROM "{table}"' in sql for sql in queries)


@pytest.mark.parametrize(
    ("who", "url_name"),
    [
        ("caregiver", "event_list"),
        ("caregiver", "my_events"),
        ("caregiver", "home"),
        ("social_worker", "home"),
        ("manager", "home"),
        ("social_worker", "caregiver_list"),
    ],
)
def test_a_second_visit_is_drawn_from_the_cache_without_the_pages_queries(client_for, event, who, url_name):
    client = client_for(who)
    first, queries_first = get(client, reverse(url_name))
    second, queries_second = get(client, reverse(url_name))
    assert main(second) == main(first)
    assert len(queries_second) < len(queries_first)
    # What is left is the session and the person (and a staff member's authenticator and profile).
    assert not reads(queries_second, "events_event") and not reads(queries_second, "events_rsvp")
    assert not reads(queries_second, "accounts_caregiverprofile")


@pytest.mark.parametrize("url_name", ["event_detail", "rsvp_edit"])
def test_event_pages_drawn_from_the_cache_are_refused_once_access_changes(
    client_for, caregiver, event, auckland, url_name
):
    """A hit reads not even the event: it was drawn for this person after the access check
    passed. A change that takes access away moves the site generation: 404 at once."""
    client = client_for("caregiver")
    url = reverse(url_name, args=[event.pk])
    get(client, url)
    _, queries = get(client, url)
    assert not reads(queries, "events_event") and not reads(queries, "events_rsvp")
    profile = caregiver.caregiver_profile
    profile.region = auckland  # moved to another region: Wellington's events are not hers now
    profile.save()
    assert client.get(url).status_code == 404


def test_a_staff_page_drawn_from_the_cache_is_refused_once_the_region_is_taken_away(
    client_for, social_worker, event, wellington
):
    client = client_for("social_worker")
    url = reverse("event_rsvps", args=[event.pk])
    get(client, url)
    _, queries = get(client, url)
    # Drawn from the cache: neither the event nor its totals are read again.
    assert not reads(queries, "events_event") and not any("SUM(" in sql for sql in queries)
    social_worker.staff_profile.regions.remove(wellington)  # m2m_changed
    assert client.get(url).status_code == 404


def test_a_closed_event_gets_its_own_page_and_nothing_is_cached(client_for, event):
    client = client_for("caregiver")
    url = reverse("rsvp_edit", args=[event.pk])
    get(client, url)
    event.starts_at = timezone.now() - timedelta(hours=1)
    event.save()
    assert client.get(url).status_code == 409
    assert client.get(url).status_code == 409


def test_another_persons_reply_shows_on_the_next_visit(client_for, event, wellington):
    client = client_for("caregiver")
    page, _ = get(client, reverse("event_list"))
    assert "0 of 40 places taken" in page
    RSVPFactory(event=event, user=CaregiverFactory(region=wellington).user, adults=2, children_5_11=1)
    page, _ = get(client, reverse("event_list"))
    assert "3 of 40 places taken" in page


def test_a_persons_own_reply_shows_at_once(client_for, event):
    client = client_for("caregiver")
    assert "You're going" not in get(client, reverse("event_list"))[0]
    response = client.post(reverse("rsvp_edit", args=[event.pk]), {"going": "yes", "adults": 1})
    assert response.status_code == 302
    page, _ = get(client, reverse("event_list"))
    assert "You're going" in page
    assert "1 of 40 places taken" in page


def test_a_write_without_signals_is_seen_by_its_author_at_once(client_for, caregiver, event):
    """A bulk update sends no signal; the person's POST still retires their pages."""
    RSVPFactory(event=event, user=caregiver, adults=1)
    client = client_for("caregiver")
    assert "You're going" in get(client, reverse("event_list"))[0]
    RSVP.objects.filter(user=caregiver).update(response=Response.NOT_GOING)
    pagecache.bump_person(caregiver.pk)  # what PersonGenerationMiddleware does after a POST
    assert "You said no" in get(client, reverse("event_list"))[0]


def test_the_person_generation_moves_after_a_post(client_for, caregiver):
    client = client_for("caregiver")
    before = cache.get(pagecache.person_key(caregiver.pk))
    client.post(reverse("calendar_feed_reset"))
    assert cache.get(pagecache.person_key(caregiver.pk)) != before


def test_two_people_never_share_a_page(event, wellington, social_worker):
    ana = CaregiverFactory(region=wellington, social_worker=social_worker, user__first_name="Ana").user
    ben = CaregiverFactory(region=wellington, social_worker=social_worker, user__first_name="Ben").user
    RSVPFactory(event=event, user=ana, adults=1)
    clients = {}
    for person in (ana, ben):
        clients[person] = Client()
        clients[person].force_login(person)
    assert "You're going" in get(clients[ana], reverse("event_list"))[0]
    assert "You're going" not in get(clients[ben], reverse("event_list"))[0]
    assert "Ana" in get(clients[ana], reverse("home"))[0]
    assert "Ana" not in get(clients[ben], reverse("home"))[0]


def test_a_cached_form_posts_from_another_browser_of_the_same_person(caregiver, event):
    """The key holds the browser's CSRF secret: each browser gets a token that is valid for it."""
    url = reverse("rsvp_edit", args=[event.pk])
    browsers = [Client(enforce_csrf_checks=True) for _ in range(2)]
    for browser in browsers:
        browser.force_login(caregiver)
        browser.get(url)  # sets the CSRF cookie
    for browser in browsers:
        page = browser.get(url).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        response = browser.post(url, {"csrfmiddlewaretoken": token, "going": "yes", "adults": 1})
        assert response.status_code == 302, response.status_code


def test_a_bad_reply_is_never_cached(client_for, event):
    client = client_for("caregiver")
    url = reverse("rsvp_edit", args=[event.pk])
    response = client.post(url, {"going": "yes", "adults": "lots"})
    assert "Enter a whole number" in response.content.decode()
    assert "Enter a whole number" not in get(client, url)[0]


def test_off_when_the_setting_is_zero(settings, client_for, event):
    settings.PAGE_CACHE_SECONDS = 0
    client = client_for("caregiver")
    get(client, reverse("event_list"))
    _, queries = get(client, reverse("event_list"))
    assert reads(queries, "events_event")


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL)")
def test_with_redis_a_generation_starts_when_missing_and_moves(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    }
    cache.delete(pagecache.SITE_KEY)
    pagecache.bump_site()
    first = cache.get(pagecache.SITE_KEY)
    assert first is not None
    pagecache.bump_site()
    assert cache.get(pagecache.SITE_KEY) != first
    cache.delete(pagecache.SITE_KEY)
