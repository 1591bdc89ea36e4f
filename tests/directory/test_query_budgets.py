"""Query budgets of the directory's other list pages: the same for a few rows as for many."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import CaregiverFactory
from tests.directory.factories import CourseFactory, ListingFactory, TrainingCompletionFactory
from tests.querycount import assert_constant_queries


def test_the_recheck_list(staff, wellington):
    old = timezone.localdate() - timedelta(days=400)
    ListingFactory(region=wellington, last_checked=old)

    # 1 session, 2 user, 3 TOTP, 4 staff profile, 5 count, 6 the page's ids, 7 the rows with regions.
    assert_constant_queries(
        lambda: staff.get(reverse("listing_recheck")),
        lambda: ListingFactory.create_batch(60, region=wellington, last_checked=old),
        expected=7,
    )


def test_the_training_report(client, manager, wellington, auckland):
    client.force_login(manager)
    course = CourseFactory(region=None)

    def add_rows():
        for region in (wellington, auckland):
            for _ in range(8):
                TrainingCompletionFactory(user=CaregiverFactory(region=region).user, listing=course)

    # 1 session, 2 user, 3 TOTP, 4 staff profile, 5 counts by region, 6 the regions.
    assert_constant_queries(lambda: client.get(reverse("training_report")), add_rows, expected=6)


def test_the_training_page(signed_in, caregiver, wellington):
    def add_rows():
        for _ in range(10):
            TrainingCompletionFactory(user=caregiver, listing=CourseFactory(region=wellington))

    # 1 session, 2 user, 3 the courses to choose from, 4 her completions with their courses.
    assert_constant_queries(lambda: signed_in.get(reverse("training")), add_rows, expected=4)


def test_the_directory_for_staff(staff, wellington):
    ListingFactory(region=wellington)

    # 1 session, 2 user, 3 TOTP, 4 staff profile, 5 region choices, 6 topic choices,
    # 7 count, 8 the page's ids, 9 the rows with regions, 10 their topics, 11 listings to recheck.
    assert_constant_queries(
        lambda: staff.get(reverse("directory")),
        lambda: ListingFactory.create_batch(
            60, region=wellington, last_checked=timezone.localdate() - timedelta(days=400)
        ),
        expected=11,
    )
