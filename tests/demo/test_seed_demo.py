"""seed_demo creates the documented accounts and can be run again without duplicating anything.

It runs each app's demo module in order (accounts.demo, buddies.demo, events.demo); they also work alone.
"""

from __future__ import annotations

import io
from datetime import time, timedelta

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts import demo as accounts_demo
from accounts.demo import DEMO_PASSWORD
from accounts.models import CaregiverProfile, ReadKind, Region, Role, StaffProfile, StaffRead, User
from buddies import demo as buddies_demo
from buddies.models import CheckIn, Match
from directory import demo as directory_demo
from directory.models import Listing, TrainingCompletion
from events import demo as events_demo
from events import services
from events.demo import FULL_EVENT_TITLE, FUN_DAY_TITLE, INVITED_EVENT_TITLE
from events.models import (
    RSVP,
    Audience,
    ChecklistItem,
    Event,
    EventInvitee,
    EventKind,
    EventStatus,
    FollowUp,
    Response,
)
from feedback import demo as feedback_demo
from feedback.models import Response as FeedbackResponse
from groups import demo as groups_demo
from groups.models import Attendance, Meeting, Membership
from groups.models import Group as PeerGroup
from invitations.models import Invitation
from notifications.models import Message


def counts():
    return (
        User.objects.count(),
        CaregiverProfile.objects.count(),
        StaffProfile.objects.count(),
        Region.objects.count(),
        Invitation.objects.count(),
        Event.objects.count(),
        RSVP.objects.count(),
        EventInvitee.objects.count(),
        FollowUp.objects.count(),
        ChecklistItem.objects.count(),
        Message.objects.count(),
        PeerGroup.objects.count(),
        Membership.objects.count(),
        Meeting.objects.count(),
        Attendance.objects.count(),
        Match.objects.count(),
        CheckIn.objects.count(),
        Listing.objects.count(),
        TrainingCompletion.objects.count(),
    )


def test_seed_demo_is_idempotent_and_creates_the_documented_accounts(db):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    first = counts()
    call_command("seed_demo")
    assert counts() == first

    assert set(Region.objects.values_list("name", flat=True)) == {"Wellington", "Auckland", "Canterbury"}
    for email in ["manager@example.org", "worker@example.org", "carer@example.org", "newcarer@example.org"]:
        assert authenticate(email=email, password=DEMO_PASSWORD) is not None, email

    manager = User.objects.get(email="manager@example.org")
    assert manager.role == Role.MANAGER and manager.staff_profile.all_regions
    worker = User.objects.get(email="worker@example.org")
    assert worker.role == Role.SOCIAL_WORKER
    assert list(worker.staff_profile.regions.values_list("name", flat=True)) == ["Wellington"]

    carer = CaregiverProfile.objects.get(user__email="carer@example.org")
    assert (carer.region.name, carer.locality, carer.status, carer.years_caring) == (
        "Wellington",
        "Lower Hutt",
        "approved",
        6,
    )
    assert carer.contact_by_sms and carer.contact_by_email and carer.phone.startswith("+64")
    # Her social worker's two looks at her record, made once whatever the runs (append-only).
    reads = StaffRead.objects.filter(subject=carer.user)
    assert list(reads.values_list("reader__email", "what")) == [("worker@example.org", ReadKind.RECORD)] * 2

    newcarer = CaregiverProfile.objects.get(user__email="newcarer@example.org")
    assert (newcarer.region.name, newcarer.locality, newcarer.status) == ("Wellington", "Porirua", "approved")
    assert newcarer.approved_on == timezone.localdate() - timedelta(days=10)

    assert CaregiverProfile.objects.count() >= 32  # the four named accounts' two caregivers + at least 30 more
    assert User.objects.filter(role=Role.SOCIAL_WORKER).count() >= 3
    assert set(CaregiverProfile.objects.values_list("region__name", flat=True)) == {
        "Wellington",
        "Auckland",
        "Canterbury",
    }
    assert out.getvalue() == (
        f"Demo data ready: 3 regions, 1 manager (manager@example.org), 3 social workers, "
        f"{CaregiverProfile.objects.count()} caregivers, {Event.objects.exclude(audience=Audience.GROUP).count()} "
        f"events, {PeerGroup.objects.count()} peer groups, "
        f"{Match.objects.filter(status__in=['active', 'ended']).count()} buddy pairs, "
        f"{Listing.objects.count()} directory listings, {FeedbackResponse.objects.count()} feedback responses. "
        f"Password for every demo account: {DEMO_PASSWORD}\n"
    )


def test_each_app_demo_module_runs_on_its_own_in_order_and_again(db):
    """accounts.demo needs nothing of the other apps; events.demo needs only what accounts.demo returns."""
    accounts = accounts_demo.seed()
    assert (Event.objects.count(), Message.objects.count()) == (0, 0)
    assert accounts.caregivers == CaregiverProfile.objects.count()
    assert set(accounts.regions) == {"Wellington", "Auckland", "Canterbury"}
    assert accounts.manager.email == "manager@example.org"
    assert accounts.workers["Wellington"].email == "worker@example.org"

    buddies = buddies_demo.seed(regions=accounts.regions, workers=accounts.workers)
    assert accounts.caregivers + buddies.caregivers == CaregiverProfile.objects.count()
    made = events_demo.seed(regions=accounts.regions, manager=accounts.manager, workers=accounts.workers)
    assert made == Event.objects.count() >= 10
    groups = groups_demo.seed(regions=accounts.regions, workers=accounts.workers)
    assert groups == PeerGroup.objects.count() >= 8
    directory_demo.seed(regions=accounts.regions, manager=accounts.manager, workers=accounts.workers)
    # A year of past events with attendance, and feedback about it (issue 13).
    assert events_demo.seed_past_year(regions=accounts.regions, workers=accounts.workers) > 0
    assert feedback_demo.seed() > 0
    first = counts()

    again = accounts_demo.seed()
    assert buddies_demo.seed(regions=again.regions, workers=again.workers) == buddies
    assert events_demo.seed(regions=again.regions, manager=again.manager, workers=again.workers) == made
    assert groups_demo.seed(regions=again.regions, workers=again.workers) == groups
    events_demo.seed_past_year(regions=again.regions, workers=again.workers)
    feedback_demo.seed()
    assert counts() == first
    # The command runs the same modules in the same order: it finds nothing left to make.
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == first


def test_seed_demo_events_are_upcoming_across_the_regions_and_not_duplicated(db):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first

    now = timezone.now()
    # Group meetings are events too (past ones included): tests/groups/test_demo.py checks them.
    # The past year's events (events.demo.seed_past_year, for the reports) are left out here.
    events = (
        Event.objects.exclude(audience=Audience.GROUP).filter(starts_at__gt=now).select_related("region", "created_by")
    )
    assert events.count() >= 10
    # The next three months, give or take the summer holidays, which the demo skips.
    assert all(now < e.starts_at < now + timedelta(days=95) for e in events)
    assert {e.region.name for e in events if e.region} == {"Wellington", "Auckland", "Canterbury"}
    assert all(e.checklist.count() == 5 for e in events)
    kinds = set(events.values_list("kind", flat=True))
    assert {EventKind.FAMILY_FUN_DAY, EventKind.COFFEE_MORNING, EventKind.TRAINING, EventKind.AWARENESS} <= kinds
    assert events.filter(status=EventStatus.DRAFT).exists()
    assert not RSVP.objects.filter(event__status=EventStatus.DRAFT).exists()
    weekday_evenings = [e for e in events if e.local_start.weekday() < 5 and e.local_start.hour >= 17]
    assert any(e.kind == EventKind.TRAINING for e in weekday_evenings)

    conference = events.get(kind=EventKind.CONFERENCE)
    assert (conference.audience, conference.region, conference.created_by.email) == (
        Audience.NATIONAL,
        None,
        "manager@example.org",
    )


def test_seed_demo_family_fun_day_is_a_saturday_afternoon_in_wellington(db):
    call_command("seed_demo")

    fun_day = Event.objects.get(title=FUN_DAY_TITLE, region__name="Wellington")
    assert (fun_day.kind, fun_day.status, fun_day.capacity) == (EventKind.FAMILY_FUN_DAY, EventStatus.PUBLISHED, 60)
    assert fun_day.local_start.weekday() == 5  # Saturday, in Pacific/Auckland
    assert (fun_day.local_start.time(), fun_day.local_end.time()) == (time(16), time(18))
    assert str(fun_day.local_start.tzinfo) == "Pacific/Auckland"
    assert fun_day.childminding and fun_day.family_friendly and fun_day.food
    assert fun_day.is_open_for_replies
    # Room for the walk-through household (5 people) and a few more.
    assert fun_day.places_left() >= 15
    rsvps = fun_day.rsvps.confirmed()
    assert rsvps.filter(user__email="carer@example.org").exists()
    assert sum(r.children for r in rsvps) > 0 and sum(r.childminding_for for r in rsvps) > 0
    assert not RSVP.objects.filter(event=fun_day, user__email="newcarer@example.org").exists()


def test_seed_demo_full_event_has_a_waitlist(db):
    call_command("seed_demo")

    full = Event.objects.get(title=FULL_EVENT_TITLE)
    assert full.capacity is not None
    assert full.heads_going() == full.capacity
    assert full.places_left() == 0
    assert full.rsvps.waitlist().count() >= 2


def test_seed_demo_invited_event_has_answered_and_unanswered_invitees_with_follow_ups(db):
    call_command("seed_demo")

    invited = Event.objects.get(title=INVITED_EVENT_TITLE)
    assert invited.audience == Audience.INVITED
    invitees = set(invited.invitee_links.values_list("user_id", flat=True))
    answered = set(invited.rsvps.values_list("user_id", flat=True))
    assert answered and answered < invitees
    assert invited.rsvps.filter(response=Response.NOT_GOING).exists()
    follow_ups = invited.follow_ups.select_related("by")
    assert follow_ups.count() >= 1
    assert {f.by.email for f in follow_ups} == {"worker@example.org"}
    assert all(f.caregiver_id in invitees - answered for f in follow_ups)


def test_seed_demo_again_clears_the_walkthrough_reply_and_moves_closed_events_forward(db):
    call_command("seed_demo")
    fun_day = Event.objects.get(title=FUN_DAY_TITLE)
    newcarer = User.objects.get(email="newcarer@example.org")
    services.rsvp_submit(event=fun_day, user=newcarer, going=True, household=services.HouseholdReply(adults=2))
    coffee = Event.objects.get(title="Coffee morning in Porirua")
    Event.objects.filter(pk=coffee.pk).update(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=2, hours=-1)
    )

    call_command("seed_demo")

    assert not RSVP.objects.filter(event=fun_day, user=newcarer).exists()
    coffee.refresh_from_db()
    assert coffee.starts_at > timezone.now()
    assert coffee.sequence == 1
    assert Event.objects.filter(title="Coffee morning in Porirua").count() == 1


def test_seed_demo_refuses_without_debug_and_creates_nothing(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=true"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()


def test_seed_demo_runs_without_debug_on_a_declared_demo_server(db, settings):
    settings.DEBUG = False
    call_command("seed_demo", "--demo-server-with-known-passwords", stdout=io.StringIO())
    assert User.objects.filter(email="manager@example.org").exists()
