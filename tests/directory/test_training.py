"""Caregivers record training they completed; it shows on their profile; managers see
completions by region with small numbers suppressed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from directory.models import TrainingCompletion
from tests.accounts.factories import CaregiverFactory
from tests.directory.factories import CourseFactory, ListingFactory, TrainingCompletionFactory

URL = reverse("training")


def test_a_caregiver_records_a_course_and_sees_it_on_her_profile(signed_in, caregiver, wellington):
    course = CourseFactory(name="Safe caring basics", region=wellington)
    day = timezone.localdate() - timedelta(days=3)
    response = signed_in.post(URL, {"listing": course.pk, "completed_on": day.isoformat()})
    assert response.status_code == 302
    assert TrainingCompletion.objects.get(user=caregiver).listing == course
    profile = signed_in.get(reverse("profile")).content.decode()
    assert "Safe caring basics" in profile and reverse("training") in profile


def test_a_future_date_or_a_date_before_2000_is_explained_next_to_the_field(signed_in, wellington):
    course = CourseFactory(region=wellington)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = signed_in.post(URL, {"listing": course.pk, "completed_on": tomorrow})
    assert response.context["form"].errors["completed_on"] == ["The date cannot be in the future."]
    response = signed_in.post(URL, {"listing": course.pk, "completed_on": "1999-12-31"})
    assert "2000 or later" in response.context["form"].errors["completed_on"][0]
    response = signed_in.post(URL, {"listing": course.pk, "completed_on": "31/31/2026"})
    assert "Enter a date" in response.context["form"].errors["completed_on"][0]
    assert not TrainingCompletion.objects.exists()


def test_only_current_courses_of_her_region_or_national_can_be_chosen(signed_in, wellington, auckland):
    today = timezone.localdate().isoformat()
    for listing in (
        ListingFactory(region=wellington),  # not a course
        CourseFactory(region=auckland),
        CourseFactory(region=wellington, retired_at=timezone.now()),
    ):
        response = signed_in.post(URL, {"listing": listing.pk, "completed_on": today})
        assert "Choose a course from the list." in response.context["form"].errors["listing"]
    national = CourseFactory(region=None)
    assert signed_in.post(URL, {"listing": national.pk, "completed_on": today}).status_code == 302


def test_the_same_course_on_the_same_day_twice_is_refused_next_to_the_date(signed_in, caregiver, wellington):
    course = CourseFactory(region=wellington)
    day = timezone.localdate().isoformat()
    signed_in.post(URL, {"listing": course.pk, "completed_on": day})
    response = signed_in.post(URL, {"listing": course.pk, "completed_on": day})
    assert "already recorded" in response.context["form"].errors["completed_on"][0]
    assert TrainingCompletion.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL-only constraint")
def test_the_database_refuses_a_completion_in_the_future(caregiver, wellington):
    course = CourseFactory(region=wellington)
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingCompletionFactory(user=caregiver, listing=course, completed_on=timezone.localdate() + timedelta(days=3))


def test_managers_see_completions_by_region_with_small_numbers_suppressed(client, manager, wellington, auckland):
    course = CourseFactory(region=None)
    for _ in range(6):
        TrainingCompletionFactory(user=CaregiverFactory(region=wellington).user, listing=course)
    for _ in range(2):
        TrainingCompletionFactory(user=CaregiverFactory(region=auckland).user, listing=course)
    client.force_login(manager)
    response = client.get(reverse("training_report"))
    rows = {row["region"].name: (row["completions"], row["people"]) for row in response.context["rows"]}
    assert rows == {"Auckland": (None, None), "Wellington": (6, 6)}
    assert "fewer than 5" in response.content.decode()
