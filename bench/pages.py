"""Page benchmark (``make bench``): the busiest pages over HTTP, as a person feels them.

Called by bench/run.py inside a throw-away test database (Django is set up there).
Needs PostgreSQL (query plans at real sizes are the point), ``REDIS_URL`` (the
cache, as in production) and ``wrk`` (Debian package ``wrk``); without one of
them it says so and skips.

1. Fill the database (counted steps, elapsed time): 2,000 upcoming events in
   one region with 40,000 replies (and three years of past events), a caseload
   of 1,000 caregivers, an event with 300 replies and its messages in the
   outbox; 500 peer groups with 5,000 memberships and a group's meetings; that
   group's discussion (60 threads, one with 200 posts); 2,000 directory listings;
   then VACUUM ANALYZE, as autovacuum would on a live database.
2. Collect static files and start gunicorn with production settings
   (``bench.settings``: ``peersupport.settings`` plus the bare view's URL):
   DEBUG off, Redis cache, persistent database connections
   (``DB_CONN_MAX_AGE=60``), ``WORKERS`` sync workers.
3. Sign in a caregiver, a social worker and a manager through the sign-in form;
   staff then give their authenticator's code, as people do. The session cookie
   is the one the server set.
4. For each page, at 4 and then at 32 connections: ``ROUNDS`` runs of
   ``SECONDS`` seconds of the page, each followed by a run of the same person's
   bare view (a view that only loads the session's user: the floor under every
   signed-in page). ratio = median page req/s ÷ median bare req/s of the same
   run; p50/p95 are the medians over the page's runs.
5. Print a table; run.py writes the figures to bench/results.json.

Environment: BENCH_PORT (8711), BENCH_WORKERS, BENCH_SECONDS, BENCH_ROUNDS,
BENCH_PAGES (names, comma-separated, to run a few).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import time as time_of_day
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import CaregiverProfile, CaregiverStatus, CaregiverType, Household, Role, Topic, User
from directory.models import Listing, ListingAudience, ListingKind
from events.models import RSVP, Audience, Event, EventKind, EventStatus, Response
from groups import services as group_services
from groups.models import AgreementVersion, Group, GroupKind, MeetingPlace, Membership, MembershipStatus
from notifications.models import Channel, Message, MessageStatus
from privacy.models import Post, ReadMarker, Thread
from tests.accounts.factories import PASSWORD, RegionFactory, add_totp, make_staff
from tests.invitations.factories import InvitationFactory
from tests.workers import worker_database_url

ROOT = Path(__file__).resolve().parent.parent

REGION_EVENTS = 2_000
REPLIES = 40_000
CASELOAD = 1_000
BIG_EVENT_REPLIES = 300
PAST_EVENTS = 6_000  # about three years of the region's history
OTHER_REGION_CAREGIVERS = 500
INVITATIONS = 200
GROUPS = 500
MEMBERS_PER_GROUP = 10  # 5,000 memberships
GROUP_MEETINGS = 6
DISCUSSION_THREADS = 60  # three pages of the discussion list
THREAD_POSTS = 200  # the long thread (its page shows the first 50)
POSTS_PER_THREAD = 5  # the other threads
DIRECTORY_LISTINGS = 2_000  # 1,400 in Wellington, 400 in Auckland, 200 national

PORT = int(os.environ.get("BENCH_PORT", "8711"))
# gunicorn's rule of thumb, 2 × cores + 1: 5 sync workers on this 2-core machine.
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 2) + 1)))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = (4, 32)
BARE_URL = "/bench/bare/"

# wrk prints nothing machine-readable by default and has no p95: this script does.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), e.status, e.connect + e.read + e.write + e.timeout))
end
"""


class Steps:
    """Counted steps with the time since the start: ``[3/9] 12.4s replies``."""

    def __init__(self, total: int):
        self.total, self.done, self.start = total, 0, time.perf_counter()

    def __call__(self, what: str) -> None:
        self.done += 1
        print(f"  [{self.done}/{self.total}] {time.perf_counter() - self.start:6.1f}s {what}", flush=True)

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.start


def bench_pages() -> dict:
    if connection.vendor != "postgresql":
        return {"skipped": f"needs PostgreSQL (DATABASE_URL=postgres://…); this run uses {connection.vendor}"}
    if not settings.REDIS_URL:
        return {"skipped": "needs REDIS_URL: production caches in Redis"}
    wrk = shutil.which("wrk") or install_wrk()
    if wrk is None:
        return {"skipped": "needs wrk: apt-get install wrk (Debian/Ubuntu), brew install wrk (macOS)"}

    print("Filling the database:", flush=True)
    data = fill()
    pages = chosen_pages(data)
    queries = {name: len(page_queries(data["users"][who], url)) for name, who, url in pages}
    plans = events_table_reads(data["users"]["caregiver"], "/events/")

    work = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    env = server_env()
    print("Collecting static files and starting gunicorn:", flush=True)
    collect_static(env)
    server = start_gunicorn(env, work / "gunicorn.log")
    figures: dict[str, dict] = {}
    try:
        cookies = {who: sign_in(user, data["totp"].get(who)) for who, user in data["users"].items()}
        script = work / "report.lua"
        script.write_text(WRK_SCRIPT)
        print(f"Driving {len(pages)} pages with wrk ({ROUNDS} × {SECONDS}s page, then bare, per round):", flush=True)
        for name, who, url in pages:
            check_page(url, cookies[who])
            wrk_run(wrk, script, url, cookies[who], CONNECTIONS[0], seconds=1)  # every worker renders it once
            drain(cookies[who])
            figures[name] = {"user": who, "url": url, "queries": queries[name]}
            for conns in CONNECTIONS:
                figures[name][f"c{conns}"] = alternate(wrk, script, url, cookies[who], conns)
            print_row(name, figures[name])
    finally:
        stop(server)
    result = {
        "how": (
            f"wrk over HTTP against gunicorn ({WORKERS} sync workers) with production settings (DEBUG off, "
            "PostgreSQL with DB_CONN_MAX_AGE=60, Redis cache); each page alternated with the same person's bare "
            f"view, {ROUNDS} × {SECONDS}s each; ratio = median page req/s / median bare req/s; latencies in ms "
            "(medians over the page runs); queries counted in-process with the test client."
        ),
        "machine": f"{os.cpu_count()} cores, shared: figures are noisy",
        "rows": data["rows"],
        "fill_seconds": data["fill_seconds"],
        "events_page_plans": plans,
        "pages": figures,
        "started": timezone.now().strftime("%Y-%m-%d %H:%M UTC"),
    }
    print_table(figures)
    print("How the Events page reads the events table (EXPLAIN):", *plans, sep="\n  ")
    return result


# --- 1. Data -----------------------------------------------------------------------


def fill() -> dict:
    """Every row in bulk; the people who sign in get real passwords and authenticators."""
    steps = Steps(12)
    now = timezone.now()
    wellington = RegionFactory(name="Wellington", slug="wellington")
    auckland = RegionFactory(name="Auckland", slug="auckland")
    worker = make_staff(
        role=Role.SOCIAL_WORKER, regions=[wellington], mfa=False, email="sw@bench.example.org", first_name="Tui"
    )
    manager = make_staff(
        role=Role.MANAGER, regions=[], all_regions=True, mfa=False, email="manager@bench.example.org", first_name="Mere"
    )
    other_worker = make_staff(role=Role.SOCIAL_WORKER, regions=[auckland], email="sw2@bench.example.org", mfa=False)
    steps("regions and staff")

    caregivers = caregivers_in_bulk(wellington, worker, CASELOAD, prefix="well", now=now)
    caregivers_in_bulk(auckland, other_worker, OTHER_REGION_CAREGIVERS, prefix="auck", now=now)
    steps(f"{CASELOAD:,} caregivers in one caseload, {OTHER_REGION_CAREGIVERS} in another region")

    events = Event.objects.bulk_create(
        bench_event(i, wellington, worker, now + timedelta(hours=3 + 4 * i)) for i in range(REGION_EVENTS)
    )
    past = Event.objects.bulk_create(
        bench_event(i, wellington, worker, now - timedelta(hours=26 + 4 * i)) for i in range(PAST_EVENTS)
    )
    Event.objects.bulk_create(
        [bench_event(i, auckland, other_worker, now + timedelta(hours=5 + 8 * i)) for i in range(300)]
        + [
            bench_event(i, None, manager, now + timedelta(days=7 * i + 2), audience=Audience.NATIONAL)
            for i in range(20)
        ]
    )
    steps(f"{REGION_EVENTS:,} upcoming and {PAST_EVENTS:,} past events in Wellington; Auckland and national ones")

    big = events[4]  # on the first page of the Events list
    Event.objects.filter(pk=big.pk).update(capacity=2000, title="Regional hui: caregivers' day")
    big.refresh_from_db()
    rsvps = [reply(big, person, i) for i, person in enumerate(caregivers[:BIG_EVENT_REPLIES])]
    others = [e for e in events if e.pk != big.pk]
    for n in range(REPLIES - BIG_EVENT_REPLIES):
        j, k = n % len(others), n // len(others)
        rsvps.append(reply(others[j], caregivers[(k * 50 + j * 7) % CASELOAD], n))
    RSVP.objects.bulk_create(rsvps, batch_size=5000)
    # And the signed-in caregiver went to a dozen past events (My events lists the last ten).
    RSVP.objects.bulk_create(reply(event, caregivers[0], 1 + 2 * i) for i, event in enumerate(past[:12]))
    steps(f"{len(rsvps):,} replies to upcoming events ({BIG_EVENT_REPLIES} to one event)")

    messages = messages_in_bulk(rsvps, big, now)
    steps(f"{messages:,} outbox messages (confirmations; reminders for the big event)")

    for i in range(INVITATIONS):
        InvitationFactory(region=wellington, invited_by=worker, email=f"invitee{i}@bench.example.org")
    steps(f"{INVITATIONS} open invitations")

    listings_in_bulk(wellington, auckland)
    steps(f"{DIRECTORY_LISTINGS:,} directory listings with topics")

    caregiver = caregivers[0]
    group = groups_in_bulk(wellington, worker, caregivers, now)
    steps(f"{GROUPS} peer groups, {GROUPS * MEMBERS_PER_GROUP:,} memberships, {GROUP_MEETINGS} meetings of one")

    thread = discussion_in_bulk(group, caregiver, now)
    steps(f"{DISCUSSION_THREADS} discussion threads in that group, one with {THREAD_POSTS} posts")

    hasher = Argon2PasswordHasher()  # production's first hasher: the tests' MD5 would not be accepted
    for user in (caregiver, worker, manager):
        user.password = hasher.encode(PASSWORD, hasher.salt())
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(user=caregiver, email=caregiver.email, verified=True, primary=True)
    totp = {"social_worker": add_totp(worker), "manager": add_totp(manager)}
    steps("passwords and authenticators for the people who sign in")

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    steps("VACUUM ANALYZE")
    rows = {
        "events_upcoming_in_region": REGION_EVENTS,
        "events_past_in_region": PAST_EVENTS,
        "events_total": Event.objects.count(),
        "replies": RSVP.objects.count(),
        "replies_to_big_event": BIG_EVENT_REPLIES,
        "caseload": CASELOAD,
        "caregivers_total": CaregiverProfile.objects.count(),
        "messages": Message.objects.count(),
        "invitations": INVITATIONS,
        "directory_listings": Listing.objects.count(),
        "caregiver_upcoming_replies": RSVP.objects.filter(user=caregiver, event__ends_at__gt=now).count(),
        "groups": Group.objects.count(),
        "group_memberships": Membership.objects.count(),
        "discussion_threads": Thread.objects.filter(group=group).count(),
        "posts_in_long_thread": Post.objects.filter(thread=thread).count(),
    }
    steps(f"done in {steps.elapsed:.1f}s")
    return {
        "users": {"caregiver": caregiver, "social_worker": worker, "manager": manager},
        "totp": totp,
        "big": big,
        "group": group,
        "thread": thread,
        "rows": rows,
        "fill_seconds": round(steps.elapsed, 1),
    }


def groups_in_bulk(region, worker, caregivers: list[User], now) -> Group:
    """Peer groups in the caregivers' region, each with ten members who accepted its
    agreement; the first caregiver is among the first group's, which has meetings."""
    groups = [
        Group(
            name=f"Bench group {i:03d}", kind=GroupKind.values[i % len(GroupKind.values)], region=region,
            area=LOCALITIES[i % len(LOCALITIES)], meeting_place=MeetingPlace.values[i % len(MeetingPlace.values)],
            weekday=i % 7, meets_at=time_of_day(9 + i % 12), capacity=12, social_worker=worker, created_by=worker,
        )
        for i in range(GROUPS)
    ]  # fmt: skip
    for group in groups:
        group.derive_flags()
    groups = Group.objects.bulk_create(groups)
    versions = AgreementVersion.objects.bulk_create(
        AgreementVersion(group=group, number=1, text="Be kind.", created_by=worker) for group in groups
    )
    Membership.objects.bulk_create(
        (
            Membership(
                group=group, user=caregivers[(i * MEMBERS_PER_GROUP + j) % len(caregivers)],
                status=MembershipStatus.ACTIVE, joined_at=now, agreement_version=version, agreement_accepted_at=now,
            )
            for i, (group, version) in enumerate(zip(groups, versions, strict=True))
            for j in range(MEMBERS_PER_GROUP)
        ),
        batch_size=5000,
    )  # fmt: skip
    first = groups[0]
    for n in range(GROUP_MEETINGS):
        starts = now + timedelta(days=7 * n + 2)
        group_services.meeting_create(
            group=first, by=worker, starts_at=starts, ends_at=starts + timedelta(hours=2), venue_name="Bench café"
        )
    return first


def discussion_in_bulk(group: Group, reader: User, now) -> Thread:
    """The group's discussion, written by its members: ``DISCUSSION_THREADS`` threads (the
    newest first in the list is the long one, of ``THREAD_POSTS`` posts), the others of a
    few posts each; ``reader`` (a member) has read every other thread, so the list shows
    both "new" badges and read ones. Returns the long thread."""
    members = [m.user for m in Membership.objects.filter(group=group).active().select_related("user")]
    threads = Thread.objects.bulk_create(
        Thread(
            group=group, title=f"Bench topic {i}: respite ideas", author=members[i % len(members)],
            last_post_at=now - timedelta(hours=i),
        )
        for i in range(DISCUSSION_THREADS)
    )  # fmt: skip
    posts = []
    for i, thread in enumerate(threads):
        for n in range(THREAD_POSTS if i == 0 else POSTS_PER_THREAD):
            body = (
                f"Post {n}: we found the school holidays easier with a plan for each week, and the "
                "local library's free activities were a hit. Happy to share our list at the next meeting.\n"
                "Kia kaha, everyone."
            )
            posts.append(Post(thread=thread, author=members[(i + n) % len(members)], body=body))
    Post.objects.bulk_create(posts, batch_size=5000)
    ReadMarker.objects.bulk_create(ReadMarker(thread=thread, user=reader, read_at=now) for thread in threads[1::2])
    return threads[0]


def listings_in_bulk(wellington, auckland) -> None:
    topics = [Topic.objects.get_or_create(name=name)[0] for name in ("Kinship care", "Caring for teenagers", "School")]
    kinds, audiences = ListingKind.values, ListingAudience.values
    listings = Listing.objects.bulk_create(
        Listing(
            kind=kinds[i % len(kinds)],
            name=f"Support service {i:04d}",
            summary=f"Peer support, advice and training for caregivers, number {i}.",
            region=wellington if i % 10 < 7 else (auckland if i % 10 < 9 else None),
            audience=audiences[i % len(audiences)],
            how_to_contact="Call or email us.",
            phone=f"0800 000 {i % 1000:03d}",
            website=f"https://service{i}.example.org",
        )
        for i in range(DIRECTORY_LISTINGS)
    )
    Listing.topics.through.objects.bulk_create(
        Listing.topics.through(listing=listing, topic=topics[i % len(topics)]) for i, listing in enumerate(listings)
    )


def caregivers_in_bulk(region, worker, n: int, *, prefix: str, now) -> list[User]:
    users = User.objects.bulk_create(
        User(
            email=f"{prefix}{i}@bench.example.org",
            first_name=f"{FIRST_NAMES[i % len(FIRST_NAMES)]}",
            last_name=f"{LAST_NAMES[(i // len(FIRST_NAMES)) % len(LAST_NAMES)]}{i}",
            role=Role.CAREGIVER,
            password="!unusable",  # noqa: S106
        )
        for i in range(n)
    )
    CaregiverProfile.objects.bulk_create(
        CaregiverProfile(
            user=user,
            region=region,
            social_worker=worker,
            locality=LOCALITIES[i % len(LOCALITIES)],
            status=CaregiverStatus.APPROVED if i % 5 else CaregiverStatus.PROVISIONAL,
            approved_on=(now - timedelta(days=30 + 7 * i)).date() if i % 5 else None,
            caregiver_type=CaregiverType.values[i % len(CaregiverType.values)],
            household=Household.values[i % len(Household.values)],
            contact_by_sms=i % 3 == 0,
            phone=f"+6421{5550000 + i}" if i % 3 == 0 else "",
            sms_consent_at=now if i % 3 == 0 else None,
        )
        for i, user in enumerate(users)
    )
    return users


FIRST_NAMES = ["Aroha", "Ben", "Cara", "Dan", "Eru", "Fiona", "Hemi", "Isla", "Jack", "Kiri", "Liam", "Mere"]
LAST_NAMES = ["Ngata", "Smith", "Jones", "Walker", "Tane", "Brown", "Wilson", "Parata"]
LOCALITIES = ["Lower Hutt", "Porirua", "Petone", "Upper Hutt", "Johnsonville", "Newtown", ""]
KINDS = [EventKind.COFFEE_MORNING, EventKind.TRAINING, EventKind.FAMILY_FUN_DAY, EventKind.REGIONAL_HUI]


def bench_event(i: int, region, created_by, starts_at, audience: str = Audience.REGION) -> Event:
    return Event(
        title=f"{KINDS[i % len(KINDS)].label} {i}",
        kind=KINDS[i % len(KINDS)],
        audience=audience,
        region=region,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        rsvp_deadline=starts_at - timedelta(hours=1),
        venue_name="Community hall",
        capacity=[None, 30, 60, 100][i % 4],
        family_friendly=i % 3 == 0,
        childminding=i % 4 == 2,
        status=EventStatus.PUBLISHED,
        created_by=created_by,
    )


def reply(event: Event, user: User, i: int) -> RSVP:
    waitlisted = i % 20 == 1
    return RSVP(
        event=event,
        user=user,
        response=Response.NOT_GOING if i % 10 == 0 else Response.GOING,
        adults=1 + i % 2,
        children_0_4=i % 3 % 2,
        children_5_11=i % 4 % 3,
        dietary="Vegetarian" if i % 6 == 0 else "",
        waitlisted=waitlisted and i % 10 != 0,
        waitlisted_at=timezone.now() if waitlisted and i % 10 != 0 else None,
    )


def messages_in_bulk(rsvps: list[RSVP], big: Event, now) -> int:
    """A confirmation email per reply; for the big event also two reminder rounds (email,
    and texts for a third of the people); one text in forty did not arrive."""
    statuses = [MessageStatus.DELIVERED, MessageStatus.DELIVERED, MessageStatus.SENT, MessageStatus.PENDING]
    rows = [
        Message(
            recipient_id=r.user_id,
            channel=Channel.EMAIL,
            kind="rsvp_confirmed",
            event_id=r.event_id,
            to=f"{r.user_id}@bench.example.org",
            subject="Reply confirmed",
            body="You're going.",
            idempotency_key=f"bench:confirm:{r.event_id}:{r.user_id}",
            status=MessageStatus.DELIVERED,
            created_at=now - timedelta(days=2),
        )
        for r in rsvps
    ]
    going = [r for r in rsvps if r.event_id == big.pk and r.response == Response.GOING]
    for round_, ago in (("week", 7), ("day", 1)):
        for i, r in enumerate(going):
            for channel in (Channel.EMAIL, Channel.SMS) if i % 3 == 0 else (Channel.EMAIL,):
                rows.append(
                    Message(
                        recipient_id=r.user_id,
                        channel=channel,
                        kind="event_reminder",
                        event_id=big.pk,
                        to="+64215550000" if channel == Channel.SMS else f"{r.user_id}@bench.example.org",
                        body="Reminder",
                        idempotency_key=f"bench:reminder:{round_}:{channel}:{r.user_id}",
                        status=MessageStatus.FAILED if i % 40 == 3 else statuses[i % len(statuses)],
                        created_at=now - timedelta(hours=ago),
                    )
                )
    Message.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def chosen_pages(data: dict) -> list[tuple[str, str, str]]:
    big = data["big"].pk
    pages = [
        ("events", "caregiver", "/events/"),
        ("my_events", "caregiver", "/events/mine/"),
        ("event_detail", "caregiver", f"/events/{big}/"),
        ("reply_form", "caregiver", f"/events/{big}/reply/"),
        ("caregiver_home", "caregiver", "/"),
        ("social_worker_home", "social_worker", "/"),
        ("caregiver_list", "social_worker", "/caregivers/"),
        ("replies", "social_worker", f"/events/{big}/replies/"),
        ("manager_home", "manager", "/"),
        ("groups", "caregiver", "/groups/"),
        ("group_detail", "caregiver", f"/groups/{data['group'].pk}/"),
        ("group_members", "caregiver", f"/groups/{data['group'].pk}/members/"),
        ("discussion", "caregiver", f"/groups/{data['group'].pk}/discussion/"),
        ("discussion_thread", "caregiver", f"/groups/{data['group'].pk}/discussion/{data['thread'].pk}/"),
        ("directory", "caregiver", "/directory/"),
    ]
    wanted = [n.strip() for n in os.environ.get("BENCH_PAGES", "").split(",") if n.strip()]
    unknown = set(wanted) - {name for name, _, _ in pages}
    if unknown:
        raise SystemExit(f"BENCH_PAGES: unknown {sorted(unknown)}; choose from {[name for name, _, _ in pages]}")
    return [page for page in pages if not wanted or page[0] in wanted]


def page_queries(user: User, url: str) -> list[str]:
    client = Client()
    client.force_login(user)
    client.get(url)  # the first request may write the session
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [q["sql"] for q in ctx.captured_queries]


def events_table_reads(user: User, url: str) -> list[str]:
    """How PostgreSQL reads the events table for each of the page's queries (EXPLAIN)."""
    reads = []
    for sql in page_queries(user, url):
        if sql.startswith("SELECT") and 'FROM "events_event"' in sql:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + sql)
                lines = [row[0] for row in cursor.fetchall()]
            found = [
                line.strip().lstrip("-> ").split("  (")[0]
                for line in lines
                if " on events_event" in line or "Index Scan on event_" in line
            ]
            reads.append(f"{sql[:40]}…: {'; '.join(found)}")
    return reads


# --- 2. The server -----------------------------------------------------------------


def server_env() -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": worker_database_url(connection),
        "REDIS_URL": settings.REDIS_URL,
        # Persistent connections, as production should run (the item 2 makes them the default).
        "DB_CONN_MAX_AGE": "60",
        "BENCH_STATIC_ROOT": str(ROOT / "var" / "bench-static"),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("CELERY_BROKER_URL", None)
    return env


def collect_static(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], cwd=ROOT, env=env, check=True
    )


def start_gunicorn(env: dict[str, str], log_path: Path) -> subprocess.Popen:
    args = [sys.executable, "-m", "gunicorn", "peersupport.wsgi", "--config", "peersupport/gunicorn.conf.py"]
    args += ["--bind", f"127.0.0.1:{PORT}", "--workers", str(WORKERS), "--access-logfile", str(log_path)]
    with log_path.open("ab") as log:
        server = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({server.returncode}):\n{log_path.read_text()[-5000:]}")
        with contextlib.suppress(OSError):
            if request("GET", "/accounts/login/")[0] == 200:
                print(f"  gunicorn on 127.0.0.1:{PORT}, {WORKERS} workers, log {log_path}", flush=True)
                return server
        time.sleep(0.3)
    stop(server)
    raise RuntimeError(f"gunicorn did not answer within 30s:\n{log_path.read_text()[-5000:]}")


def stop(server: subprocess.Popen) -> None:
    """TERM to the master (it stops its workers); KILL the group if it takes too long."""
    if server.poll() is None:
        server.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(server.pid, signal.SIGKILL)
    server.wait(timeout=15)


def install_wrk() -> str | None:
    """Debian's wrk, when we may install it (root with apt-get); otherwise None."""
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        return None
    print("Installing wrk (apt-get install -y wrk):", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False, stdout=subprocess.DEVNULL)
    return shutil.which("wrk")


# --- 3. Signing in -----------------------------------------------------------------


def request(method: str, path: str, *, cookies: dict | None = None, form: dict | None = None):
    """(status, headers, body) of one request to the bench server; no redirects followed."""
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    headers = {"Host": "127.0.0.1"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.headers, response.read().decode(errors="replace")
    finally:
        conn.close()


def submit(path: str, cookies: dict, fields: dict) -> str:
    """GET a form, POST it with its CSRF token and ``fields``; the cookies set are kept. Returns Location."""
    status, headers, body = request("GET", path, cookies=cookies)
    keep_cookies(headers, cookies)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert status == 200 and token, f"GET {path}: {status}"
    status, headers, _ = request("POST", path, cookies=cookies, form={"csrfmiddlewaretoken": token[1], **fields})
    keep_cookies(headers, cookies)
    assert status == 302, f"POST {path}: {status}"
    return headers["Location"]


def keep_cookies(headers, cookies: dict) -> None:
    # The cookies are Secure (production settings): a browser would only send them over
    # HTTPS, which a proxy in front of gunicorn terminates. Here they are sent as set.
    for header in headers.get_all("Set-Cookie") or []:
        for name, morsel in SimpleCookie(header).items():
            cookies[name] = morsel.value


def sign_in(user: User, totp_secret: str | None) -> dict:
    cookies: dict[str, str] = {}
    location = submit("/accounts/login/", cookies, {"login": user.email, "password": PASSWORD})
    if totp_secret:
        assert location.endswith("/accounts/2fa/authenticate/"), location
        code = format_hotp_value(hotp_value(totp_secret, int(time.time()) // 30))
        submit("/accounts/2fa/authenticate/", cookies, {"code": code})
    status, _, body = request("GET", BARE_URL, cookies=cookies)
    assert status == 200 and body.strip() == str(user.pk), f"{user.email} is not signed in ({status})"
    return cookies


def check_page(url: str, cookies: dict) -> None:
    status, headers, _ = request("GET", url, cookies=cookies)
    assert status == 200, f"GET {url}: {status} {headers.get('Location', '')}"


# --- 4. Driving the pages ----------------------------------------------------------


def wrk_run(wrk: str, script: Path, url: str, cookies: dict, conns: int, seconds: int = SECONDS) -> dict:
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    args = [wrk, f"-t{min(2, conns)}", f"-c{conns}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script)]
    args += ["-H", f"Cookie: {cookie}", f"http://127.0.0.1:{PORT}{url}"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    found = re.search(r"^BENCH (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", out, re.M)
    assert found, out
    done, micros, p50, p95, bad_status, socket_errors = map(int, found.groups())
    return {
        "rps": done / (micros / 1e6),
        "p50_ms": p50 / 1000,
        "p95_ms": p95 / 1000,
        "errors": bad_status + socket_errors,
    }


def drain(cookies: dict) -> None:
    """Wait for the requests wrk left behind: at the end of a run the server still works
    through the ones it had accepted, and the next run would pay for them."""
    for _ in range(WORKERS):
        request("GET", BARE_URL, cookies=cookies)
    time.sleep(0.5)


def alternate(wrk: str, script: Path, url: str, cookies: dict, conns: int) -> dict:
    pages, bares = [], []
    for _ in range(ROUNDS):
        for runs, target in ((pages, url), (bares, BARE_URL)):
            runs.append(wrk_run(wrk, script, target, cookies, conns))
            drain(cookies)
    page_rps = statistics.median(r["rps"] for r in pages)
    bare_rps = statistics.median(r["rps"] for r in bares)
    return {
        "ratio": round(page_rps / bare_rps, 3) if bare_rps else None,
        "rps": round(page_rps, 1),
        "bare_rps": round(bare_rps, 1),
        "p50_ms": round(statistics.median(r["p50_ms"] for r in pages), 1),
        "p95_ms": round(statistics.median(r["p95_ms"] for r in pages), 1),
        "bare_p95_ms": round(statistics.median(r["p95_ms"] for r in bares), 1),
        "errors": sum(r["errors"] for r in pages + bares),
        "runs_rps": [round(r["rps"]) for r in pages],
        "bare_runs_rps": [round(r["rps"]) for r in bares],
    }


# --- 5. The table ------------------------------------------------------------------


def print_row(name: str, figures: dict) -> None:
    cells = ""
    for conns in CONNECTIONS:
        f = figures[f"c{conns}"]
        ratio = f"{f['ratio']:.2f}" if f["ratio"] is not None else "-"
        cells += f" | {ratio:>5} {f['rps']:>6.0f} {f['bare_rps']:>6.0f} {f['p50_ms']:>6.0f} {f['p95_ms']:>6.0f}"
    errors = sum(figures[f"c{c}"]["errors"] for c in CONNECTIONS)
    print(f"  {name:<19} {figures['queries']:>3}{cells}" + (f"  ({errors} errors)" if errors else ""), flush=True)


def print_table(figures: dict) -> None:
    print("\nPages over HTTP (ratio = page req/s / the same person's bare view's; latencies in ms):")
    head = "".join(f" | {'c' + str(c):>5} {'req/s':>6} {'bare':>6} {'p50':>6} {'p95':>6}" for c in CONNECTIONS)
    print(f"  {'page':<19} {'q':>3}{head}")
    for name, row in figures.items():
        print_row(name, row)
    print("  target: ratio >= 0.40 and p95 <= 100 ms at 4 connections\n")
