"""The report as a read of survey answers (issue 15): written answers shown with the
writer's name (they chose to share it) record one read per person and survey, on every
view, a report drawn from the page cache too; answers shown without a name, and the
tables (counts only, small numbers suppressed), record nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import ReadKind, StaffRead
from feedback import reports
from peersupport import pagecache
from tests.accounts.factories import CaregiverFactory
from tests.feedback import helpers
from tests.feedback.factories import SurveyFactory, respond
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def query(region="wellington"):
    start = (timezone.localdate() - timedelta(days=60)).isoformat()
    return {"start": start, "end": timezone.localdate().isoformat(), "region": region}


@pytest.fixture
def survey(wellington):
    return SurveyFactory(region=wellington, event__region=wellington)


def answers(survey, wellington, *, named: int, anonymous: int) -> list:
    people = []
    for i in range(named + anonymous):
        person = CaregiverFactory(region=wellington, user__first_name=f"Writer{i}").user
        respond(survey, {"overall": 4, "worked": f"Comment {i}"}, user=person, share_name=i < named)
        people.append(person)
    return people[:named]


def test_answers_shown_with_a_name_are_recorded_as_read_and_anonymous_ones_are_not(
    client_for, manager, survey, wellington
):
    named = answers(survey, wellington, named=2, anonymous=4)
    html = client_for("manager").get(reverse("report"), query()).content.decode()
    assert "Comment 5" in html and f"– {named[0].display_name}" in html
    assert sorted(StaffRead.objects.values_list("reader", "subject", "what", "object_id", "reason")) == sorted(
        (manager.pk, person.pk, ReadKind.SURVEY_ANSWERS, survey.pk, "") for person in named
    )


def test_a_report_with_no_names_records_nothing(client_for, survey, wellington):
    answers(survey, wellington, named=0, anonymous=6)
    assert client_for("social_worker").get(reverse("report"), query()).status_code == 200
    assert not StaffRead.objects.exists()


def test_a_report_outside_the_region_of_the_writers_records_nothing(client_for, survey, wellington):
    answers(survey, wellington, named=2, anonymous=4)
    client_for("social_worker_other_region").get(reverse("report"), query(region=""))
    assert not StaffRead.objects.exists()


def test_caregivers_reading_their_own_answers_record_nothing(client, survey, wellington):
    (person,) = answers(survey, wellington, named=1, anonymous=0)
    client.force_login(person)
    assert "Comment 0" in client.get(reverse("my_answers")).content.decode()
    assert not StaffRead.objects.exists()


def test_report_queries_with_named_answers_are_constant(client_for, wellington, auckland, social_worker, survey):
    helpers.build(wellington, auckland, social_worker)
    answers(survey, wellington, named=1, anonymous=4)
    client = client_for("manager")

    def more_rows():
        helpers.build(wellington, wellington, social_worker)
        answers(SurveyFactory(region=wellington, event__region=wellington), wellington, named=3, anonymous=3)

    # The report's 24 (tests/feedback/test_reports.py), then the record of the reads: one
    # INSERT however many people are named.
    assert_constant_queries(lambda: client.get(reverse("report"), query(region="")), more_rows, expected=25)


class TestWithThePageCacheOn:
    @pytest.fixture(autouse=True)
    def page_cache_on(self, settings, monkeypatch):
        settings.PAGE_CACHE_SECONDS = 60
        monkeypatch.setattr(pagecache, "clock", lambda: 1_800_000_000.0)

    def test_a_report_drawn_from_the_cache_is_recorded_as_read_too(self, client_for, survey, wellington):
        named = answers(survey, wellington, named=2, anonymous=4)
        client = client_for("manager")
        first = client.get(reverse("report"), query()).content.decode()
        with CaptureQueriesContext(connection) as ctx:
            second = client.get(reverse("report"), query()).content.decode()
        # Drawn from the cache: no answer's text was read again...
        assert not any('"feedback_answer"."text"' in q["sql"].split("WHERE")[0] for q in ctx.captured_queries)
        assert second.count("Comment") == first.count("Comment")
        # ...and both views are recorded, the same people each time.
        subjects = sorted(StaffRead.objects.values_list("subject", flat=True))
        assert subjects == sorted([p.pk for p in named] * 2)


@pytest.mark.parametrize("table", list(reports.TABLES))
def test_the_report_downloads_hold_no_caregiver_and_record_nothing(client_for, survey, wellington, table):
    """Counts by region (and, for workload, by social worker), small numbers suppressed: no
    caregiver is in them, so no read is recorded and no reason asked."""
    named = answers(survey, wellington, named=2, anonymous=4)
    response = client_for("manager").get(reverse("report_csv", args=[table]), query())
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert all(person.display_name not in text and person.email not in text for person in named)
    assert not StaffRead.objects.exists()
