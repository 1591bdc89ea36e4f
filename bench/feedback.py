"""Managers' report benchmark (``make bench BENCH=feedback``): the full report over two
years and 10,000 caregivers.

Called by bench/run.py inside a throw-away test database (Django is set up there);
PostgreSQL, as in production.

1. Fill the database in bulk: three regions with two social workers each and a national
   manager; 10,000 caregivers approved over the last two years; 3,000 buddy pairs with
   check-ins; 60 peer groups meeting monthly with attendance; two events a week in each
   region with 20 households going, most attending; event surveys answered by 60% of those
   who came; a wellbeing check-in for every caregiver at joining and every 3 months
   (75% answered). Then VACUUM ANALYZE, as autovacuum would.
2. The manager's report page, all regions, the whole two years, through the test client
   (page cache off, so every query and the template run): the median of ``ROUNDS`` runs
   after one warm-up. Target ≤ 1 s. Also a CSV export and the query count.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from datetime import datetime, timedelta
from datetime import time as clock

from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.models import CaregiverProfile, CaregiverStatus, Role, StaffProfile, User
from buddies.models import CheckIn, ContactType, Match, MatchStatus
from events.models import RSVP, Attendance, Audience, Event, EventKind, EventStatus
from feedback.models import Answer, Response, Survey, SurveyKind
from groups.models import Attendance as MeetingAttendance
from groups.models import Group, GroupKind, Meeting, MeetingPlace, Membership, MembershipStatus
from tests.accounts.factories import RegionFactory, add_totp

CAREGIVERS = 10_000
PAIRS = 3_000
GROUPS = 60
DAYS = 730
HOUSEHOLDS_PER_EVENT = 20
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
TARGET_SECONDS = 1.0


def _users(prefix: str, n: int, role: str = Role.CAREGIVER) -> list[User]:
    return User.objects.bulk_create(
        (
            User(email=f"{prefix}{i}@bench.example.org", first_name=f"{prefix.title()}{i}", last_name="Bench",
                 role=role, password="!unusable")  # noqa: S106
            for i in range(n)
        ),
        batch_size=5000,
    )  # fmt: skip


def fill() -> dict:
    rng = random.Random(13)  # noqa: S311 - benchmark data
    today = timezone.localdate()
    now = timezone.now()
    regions = [RegionFactory(name=name) for name in ("Wellington", "Auckland", "Canterbury")]
    manager = User.objects.create(email="manager@bench.example.org", role=Role.MANAGER, first_name="Miriama")
    StaffProfile.objects.create(user=manager, all_regions=True)
    add_totp(manager)  # staff pages need two-step verification
    workers = _users("worker", 6, Role.SOCIAL_WORKER)
    for i, worker in enumerate(workers):
        StaffProfile.objects.create(user=worker).regions.set([regions[i % 3]])

    people = _users("carer", CAREGIVERS)
    profiles = CaregiverProfile.objects.bulk_create(
        (
            CaregiverProfile(
                user=user, region=regions[i % 3], social_worker=workers[i % 6], status=CaregiverStatus.APPROVED,
                approved_on=today - timedelta(days=i * DAYS // CAREGIVERS),
            )
            for i, user in enumerate(people)
        ),
        batch_size=5000,
    )  # fmt: skip
    by_region = {r.pk: [p.user for p in profiles if p.region_id == r.pk] for r in regions}

    matches = Match.objects.bulk_create(
        (
            Match(new_caregiver=profiles[i].user, buddy=profiles[CAREGIVERS - 1 - i].user, status=MatchStatus.ACTIVE,
                  started_on=profiles[i].approved_on + timedelta(days=rng.randint(3, 60)))
            for i in range(PAIRS)
        ),
        batch_size=5000,
    )  # fmt: skip
    CheckIn.objects.bulk_create(
        (
            CheckIn(match=m, logged_by=m.buddy, contact_type=ContactType.CALL,
                    happened_on=today - timedelta(days=rng.randint(0, 40)))
            for m in matches for _ in range(2)
        ),
        batch_size=5000,
    )  # fmt: skip

    events, rsvps = [], []
    for region in regions:
        for day in range(3, DAYS, 3):
            starts = timezone.make_aware(datetime.combine(today - timedelta(days=day), clock(10)))
            events.append(
                Event(title=f"Coffee morning {region.name} {day}", kind=EventKind.COFFEE_MORNING, region=region,
                      audience=Audience.REGION, status=EventStatus.PUBLISHED, starts_at=starts,
                      ends_at=starts + timedelta(hours=2), venue_name="Hall", childminding=True,
                      created_by=workers[0])
            )  # fmt: skip
    events = Event.objects.bulk_create(events, batch_size=5000)
    for event in events:
        for user in rng.sample(by_region[event.region_id], HOUSEHOLDS_PER_EVENT):
            came = rng.random() < 0.8
            rsvps.append(
                RSVP(event=event, user=user, response="going", adults=1, children_5_11=rng.choice((0, 1, 2)),
                     attendance=Attendance.ATTENDED if came else Attendance.NO_SHOW)
            )  # fmt: skip
    rsvps = RSVP.objects.bulk_create(rsvps, batch_size=10000)

    groups = Group.objects.bulk_create(
        (
            Group(name=f"Group {i}", kind=GroupKind.COFFEE, region=regions[i % 3], area="Town",
                  meeting_place=MeetingPlace.CAFE, weekday=1, meets_at=clock(10), created_by=workers[0],
                  social_worker=workers[i % 6])
            for i in range(GROUPS)
        ),
    )  # fmt: skip
    members = {}
    rows = []
    for group in groups:
        members[group.pk] = rng.sample(by_region[group.region_id], 10)
        rows += [
            Membership(group=group, user=u, status=MembershipStatus.ACTIVE, joined_at=now) for u in members[group.pk]
        ]
    Membership.objects.bulk_create(rows, batch_size=5000)
    meeting_events = []
    for group in groups:
        for month in range(24):
            starts = timezone.make_aware(datetime.combine(today - timedelta(days=30 * month + 5), clock(19)))
            meeting_events.append(
                Event(title=f"{group.name} meeting", kind=EventKind.COFFEE_MORNING, region_id=group.region_id,
                      audience=Audience.GROUP, status=EventStatus.PUBLISHED, starts_at=starts,
                      ends_at=starts + timedelta(hours=2), venue_name="Café", created_by=workers[0])
            )  # fmt: skip
    meeting_events = Event.objects.bulk_create(meeting_events, batch_size=5000)
    meetings = Meeting.objects.bulk_create(
        (Meeting(group=groups[i // 24], event=e) for i, e in enumerate(meeting_events)), batch_size=5000
    )
    MeetingAttendance.objects.bulk_create(
        (
            MeetingAttendance(meeting=m, user=u, attended=rng.random() < 0.7)
            for m in meetings
            for u in members[m.group_id]
        ),
        batch_size=10000,
    )

    surveys = Survey.objects.bulk_create(
        (
            Survey(kind=SurveyKind.EVENT, key=f"event:{e.pk}", event=e, region_id=e.region_id,
                   created_at=e.ends_at + timedelta(hours=3))
            for e in events
        ),
        batch_size=5000,
    )  # fmt: skip
    survey_of = {s.event_id: s for s in surveys}
    responses = []
    for rsvp in rsvps:
        if rsvp.attendance == Attendance.ATTENDED and rng.random() < 0.6:
            survey = survey_of[rsvp.event_id]
            responses.append(Response(survey=survey, user_id=rsvp.user_id, submitted_at=survey.created_at))
    wellbeing = []
    for profile in profiles:
        for round_ in range(9):
            day = profile.approved_on + timedelta(days=91 * round_)
            if day > today:
                break
            wellbeing.append(
                Survey(kind=SurveyKind.WELLBEING, key=f"wellbeing:{profile.user_id}:{round_}", round=round_,
                       region_id=profile.region_id, created_at=timezone.make_aware(datetime.combine(day, clock(9))))
            )  # fmt: skip
    wellbeing = Survey.objects.bulk_create(wellbeing, batch_size=10000)
    owner = {s.key: int(s.key.split(":")[1]) for s in wellbeing}
    responses += [
        Response(survey=s, user_id=owner[s.key], submitted_at=s.created_at) for s in wellbeing if rng.random() < 0.75
    ]
    responses = Response.objects.bulk_create(responses, batch_size=10000)
    answers = []
    for response in responses:
        if response.survey.kind == SurveyKind.EVENT:
            answers += [
                Answer(response=response, question="overall", value=rng.choice((3, 4, 4, 5, 5))),
                Answer(response=response, question="connected", value=rng.choice((2, 3, 4, 4, 5))),
            ]
            if rng.random() < 0.3:
                answers.append(Answer(response=response, question="worked", text="Meeting other carers."))
        else:
            answers += [
                Answer(response=response, question=code, value=rng.randint(1, 5))
                for code in ("isolation", "confidence", "stress", "keep_caring")
            ]
    Answer.objects.bulk_create(answers, batch_size=20000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "manager": manager,
        "events": len(events) + len(meeting_events),
        "rsvps": len(rsvps),
        "responses": len(responses),
        "answers": len(answers),
    }


def bench_feedback() -> dict:
    started = time.perf_counter()
    data = fill()
    filled = time.perf_counter() - started
    client = Client()
    client.force_login(data["manager"])
    today = timezone.localdate()
    query = {"start": (today - timedelta(days=DAYS)).isoformat(), "end": today.isoformat(), "region": ""}

    def render() -> float:
        began = time.perf_counter()
        response = client.get("/reports/", query)
        assert response.status_code == 200, response.status_code  # noqa: S101 - a benchmark, not a test
        return time.perf_counter() - began

    render()  # warm-up
    times = [render() for _ in range(ROUNDS)]
    queries = []

    def count(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((time.perf_counter() - began, sql))

    # Counted as they run: the test client closes the connection after each request, which
    # would empty CaptureQueriesContext's log.
    with connection.execute_wrapper(count):
        render()
    began = time.perf_counter()
    client.get("/reports/participation.csv", query)
    csv_seconds = time.perf_counter() - began
    median = statistics.median(times)
    return {
        "caregivers": CAREGIVERS,
        "days": DAYS,
        "events": data["events"],
        "rsvps": data["rsvps"],
        "responses": data["responses"],
        "answers": data["answers"],
        "fill_seconds": round(filled, 1),
        "report_median_seconds": round(median, 3),
        "report_max_seconds": round(max(times), 3),
        "report_queries": len(queries),
        "slowest_queries_ms": [
            f"{1000 * seconds:.0f} ms: {sql[:90]}" for seconds, sql in sorted(queries, reverse=True)[:3]
        ],
        "csv_seconds": round(csv_seconds, 3),
        "target_seconds": TARGET_SECONDS,
        "within_target": median <= TARGET_SECONDS,
    }
