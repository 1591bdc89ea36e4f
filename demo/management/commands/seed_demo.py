"""Demo data with known accounts. Safe to run again: it updates rather than duplicates.

Each app makes its own demo data in its ``demo.py``; this command runs them in the order
of the app edges, in one transaction, handing each what the earlier ones made. A new app
(groups, buddies, ...) adds its ``demo.py`` and one call here.

Each step is counted on stderr as it starts, with the time taken at the end
(demo/progress.py); stdout has only the summary. ``--verbosity 0`` hides the steps.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts import demo as accounts_demo
from buddies import demo as buddies_demo
from demo.progress import Steps
from directory import demo as directory_demo
from events import demo as events_demo
from feedback import demo as feedback_demo
from groups import demo as groups_demo
from privacy import demo as privacy_demo

DEMO_SERVER_FLAG = "--demo-server-with-known-passwords"
TOTAL_STEPS = sum(
    len(demo.STEPS)
    for demo in (accounts_demo, buddies_demo, events_demo, groups_demo, directory_demo, privacy_demo, feedback_demo)
)


class Command(BaseCommand):
    help = "Create or refresh demo regions, accounts and events (password: peer-support-demo)."

    def add_arguments(self, parser):
        parser.add_argument(
            DEMO_SERVER_FLAG,
            action="store_true",
            dest="demo_server",
            help="Run with DEBUG off, on a server that exists only to show the portal. Every demo "
            "account, staff included, has the documented password: never on a server with real people.",
        )

    def handle(self, *args, **options):
        # The demo password is in the README: on a real server these accounts would be
        # open doors (a demo manager sees every region's caregivers).
        if not settings.DEBUG and not options["demo_server"]:
            raise CommandError(
                "seed_demo creates accounts whose password is published in the README, so it runs only "
                f"with DEBUG=true (make run, make seed). For a demonstration server, add {DEMO_SERVER_FLAG}."
            )
        steps = Steps(total=TOTAL_STEPS, out=self.stderr, enabled=options["verbosity"] > 0)
        with transaction.atomic():
            summary = seed(progress=steps)
        steps.finish()
        self.stdout.write(self.style.SUCCESS(summary))


def seed(*, progress: Callable[[str], None] | None = None) -> str:
    """Run each app's demo data in order and return the summary to print.

    1. ``accounts.demo``: regions, languages, topics, staff and caregivers.
    2. ``buddies.demo``: willing buddies, pairs (some stale), an unmatched Auckland intake.
    3. ``events.demo``: events with replies, invitations and follow-ups, made by that staff.
    4. ``groups.demo``: peer groups with members, meetings (events), roles and attendance.
    5. ``directory.demo``: support listings across the regions and carer@'s training.
    6. ``privacy.demo``: conversations in the groups; carer@example.org's protected name.
    7. ``events.demo.seed_past_year`` and ``feedback.demo``: a year of past events with attendance,
       and survey responses about them, the pairs, the groups and caregivers' wellbeing (issue 13).
    """
    today = timezone.localdate()  # one day for every app, even across midnight
    progress = progress or (lambda step: None)
    accounts = accounts_demo.seed(today=today, progress=progress)
    # Buddies before events: the events' demo replies pick from every caregiver of a region,
    # so they must see the same people on the first run as on the next.
    buddies = buddies_demo.seed(today=today, regions=accounts.regions, workers=accounts.workers, progress=progress)
    events = events_demo.seed(
        today=today, regions=accounts.regions, manager=accounts.manager, workers=accounts.workers, progress=progress
    )
    groups = groups_demo.seed(today=today, regions=accounts.regions, workers=accounts.workers, progress=progress)
    listings = directory_demo.seed(
        today=today, regions=accounts.regions, manager=accounts.manager, workers=accounts.workers, progress=progress
    )
    privacy_demo.seed(progress=progress)
    progress(feedback_demo.STEPS[0])
    past_events = events_demo.seed_past_year(regions=accounts.regions, workers=accounts.workers, today=today)
    responses = feedback_demo.seed(today=today)
    return (
        f"Demo data ready: {len(accounts.regions)} regions, 1 manager ({accounts.manager.email}), "
        f"{len(accounts.workers)} social workers, {accounts.caregivers + buddies.caregivers} caregivers, "
        f"{events + past_events} events, {groups} peer groups, {buddies.pairs} buddy pairs, "
        f"{listings} directory listings, {responses} feedback responses. "
        f"Password for every demo account: {accounts_demo.DEMO_PASSWORD}"
    )
